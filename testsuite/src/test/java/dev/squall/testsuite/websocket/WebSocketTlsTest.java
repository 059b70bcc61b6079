package dev.squall.testsuite.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.TlsOptions;
import dev.squall.httpclient.WebSocketConnection;
import dev.squall.httpclient.WebSocketRequest;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestCertificate;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

/** wss: the client over TLS to a server with the harness's self-signed certificate. */
@SquallTest(https = true)
class WebSocketTlsTest {
    final Sockets sockets = new Sockets();

    Application app() {
        return sockets.app();
    }

    @Test
    void wssEchoes(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws =
                loop.join(http.websocketConnect(WebSocketRequest.builder("wss://localhost:" + client.port() + "/echo")
                        .tls(TlsOptions.builder()
                                .sslContext(TestCertificate.localhost().clientContext())
                                .build())
                        .build()));
        ws.writeMessage("secret");
        assertEquals("secret", loop.join(ws.readMessage()).asText());
        ws.close();
    }
}
