package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.net.TcpServer.AcceptStrategy;
import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link HttpServer.Builder#acceptStrategy}: both strategies serve requests on a two-loop group. */
@SquallTest
class HttpServerAcceptStrategyTest {
    /** Serves the routes on the test's loop and a second one. */
    private static HttpServer serve(TestLoop loop, UnaryOperator<HttpServer.Builder> config) {
        IOLoop second =
                loop.closeAfterTest(IOLoop.builder().name("accept-test-2").build());
        return loop.closeAfterTest(
                config.apply(HttpServer.builder().handler(Routes::handle).loops(LoopGroup.of(loop.loop(), second)))
                        .build()
                        .listen(0, "127.0.0.1"));
    }

    private static void assertEveryConnectionIsAnswered(HttpServer server, int connections) {
        List<RawConnection> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(RawConnection.open(server.port()).send(get("/hello")));
        }
        for (RawConnection c : clients) {
            assertEquals("Hello, world", expect(200, c.readResponse()).bodyText());
        }
    }

    @Test
    void acceptsOnOneSocketByDefault(TestLoop loop) {
        HttpServer server = serve(loop, b -> b);
        assertEquals(AcceptStrategy.ACCEPTOR, server.acceptStrategy());
        assertEveryConnectionIsAnswered(server, 4);
    }

    @Test
    void servesEveryConnectionUnderReusePort(TestLoop loop) {
        HttpServer server = serve(loop, b -> b.acceptStrategy(AcceptStrategy.REUSE_PORT));
        assertEquals(AcceptStrategy.REUSE_PORT, server.acceptStrategy());
        assertEquals(2, server.loops().size());
        assertEveryConnectionIsAnswered(server, 8);
    }
}
