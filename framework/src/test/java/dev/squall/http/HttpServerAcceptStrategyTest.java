package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.net.TcpServer.AcceptStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpServer.Builder#acceptStrategy}: both strategies serve requests on a two-loop group. */
class HttpServerAcceptStrategyTest {
    private HttpServer server;

    @AfterEach void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private void assertEveryConnectionIsAnswered(int connections) throws Exception {
        List<RawHttpClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(new RawHttpClient(server.port()));
            }
            for (RawHttpClient c : clients) {
                c.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
            }
            for (RawHttpClient c : clients) {
                assertEquals("Hello, world", c.read().assertCode(200).text());
            }
        } finally {
            for (RawHttpClient c : clients) {
                c.close();
            }
        }
    }

    @Test void acceptsOnOneSocketByDefault() throws Exception {
        server = TestServers.start();
        assertEquals(AcceptStrategy.ACCEPTOR, server.acceptStrategy());
        assertEveryConnectionIsAnswered(4);
    }

    @Test void servesEveryConnectionUnderReusePort() throws Exception {
        server = TestServers.start(b -> b.acceptStrategy(AcceptStrategy.REUSE_PORT));
        assertEquals(AcceptStrategy.REUSE_PORT, server.acceptStrategy());
        assertEquals(2, server.loops().size());
        assertEveryConnectionIsAnswered(8);
    }
}
