package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code maxConnections}: at the limit the longest-idle keep-alive connection is closed to make room; with no
 * idle one, a new client waits (in the listen backlog) until a connection closes.
 */
@SquallTest
class HttpServerConnectionLimitTest {
    private final CompletableFuture<HttpServerResponse> held = new CompletableFuture<>();

    HttpHandler app() {
        return (request, response) -> {
            if (request.path().equals("/hold")) {
                held.complete(response);
            } else {
                Routes.handle(request, response);
            }
        };
    }

    @ServerOptions
    static void options(HttpServer.Builder server) {
        server.maxConnections(2);
    }

    @Test
    void closesTheLongestIdleKeepAliveConnectionToMakeRoom(HttpServer server) {
        assertEquals(2, server.maxConnections());
        RawConnection oldest = RawConnection.open(server.port());
        expect(200, oldest.send(Raw.get("/hello")).readResponse());
        RawConnection newer = RawConnection.open(server.port());
        expect(200, newer.send(Raw.get("/hello")).readResponse());

        RawConnection third = RawConnection.open(server.port());
        expect(200, third.send(Raw.get("/hello")).readResponse());
        oldest.assertClosed();
        expect(200, newer.send(Raw.get("/hello")).readResponse());
    }

    @Test
    void aNewClientWaitsUntilABusyConnectionCloses(HttpServer server, TestLoop loop) {
        RawConnection busy = RawConnection.open(server.port());
        busy.send(Raw.get("/hold"));
        HttpServerResponse response = loop.join(held);
        RawConnection alsoBusy = RawConnection.open(server.port());
        alsoBusy.send("GET /hello HTTP/1.1\r\nHost: h\r\nX-Head: "); // a head has begun: not idle

        RawConnection waiting = RawConnection.open(server.port()); // in the backlog, not accepted
        waiting.send(Raw.get("/hello"));
        loop.call(() -> {
            response.end(200, new HttpHeaders().add("Connection", "close"), new byte[0]);
            return null;
        });
        busy.readResponse();
        busy.assertClosed();
        expect(200, waiting.readResponse());
    }
}
