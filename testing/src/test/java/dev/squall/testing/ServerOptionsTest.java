package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import java.io.IOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@SquallTest
class ServerOptionsTest {
    static HttpHandler app() {
        return TestClientTest::handle;
    }

    @ServerOptions
    static void options(HttpServer.Builder server) {
        server.maxHeaderBytes(256);
    }

    @Test
    void theOptionsApplyToTheApplicationsServer(TestClient client) throws IOException {
        assertEquals(200, client.fetch("/").code());
        try (RawConnection c = RawConnection.open(client.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(300) + "\r\n\r\n");
            assertEquals(431, c.readResponse().code());
        }
    }

    @Nested
    class WithItsOwnOptions {
        @ServerOptions
        HttpServer.Builder roomier(HttpServer.Builder server) {
            return server.maxHeaderBytes(4096);
        }

        @Test
        void theInnermostOptionsWin(TestClient client) throws IOException {
            try (RawConnection c = RawConnection.open(client.port())) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(300) + "\r\n\r\n");
                assertEquals(200, c.readResponse().code());
            }
        }
    }

    @Test
    void theServerAndRawConnectionsToItAreInjectable(HttpServer server, RawConnection c, TestClient client) {
        assertEquals(server.port(), client.port());
        c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("Hello, world", c.readResponse().assertCode(200).bodyText());
        c.assertClosed();
    }

    @Nested
    @SquallTest(https = true)
    class OverTls {
        @Test
        void anInjectedRawConnectionSpeaksTls(RawConnection c) {
            assertEquals(
                    200,
                    c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .readResponse()
                            .code());
        }
    }

    @Test
    void aMethodWithTheWrongParametersIsExplained() {
        EngineExecutionResults results = Samples.run(WrongOptions.class);
        Throwable failure = results.testEvents()
                .failed()
                .list()
                .get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
        assertTrue(
                failure.getMessage().contains("must take exactly one HttpServer.Builder parameter"),
                failure.getMessage());
    }

    @Samples.Sample
    @SquallTest
    static class WrongOptions {
        static HttpHandler app() {
            return TestClientTest::handle;
        }

        @ServerOptions
        static void options(String nonsense) {}

        @Test
        void fetches(TestClient client) {
            client.fetch("/");
        }
    }
}
