package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The server-wide budget for buffered request bodies ({@code maxBufferedBodyBytes}): bodies that do not fit get
 * 503 with {@code Retry-After}, the server stays up, and the budget returns to zero.
 */
@SquallTest
class HttpServerBodyBudgetTest {
    private static final int BODY = 1000;
    private static final int CONNECTIONS = 8;
    private static final int FIT = 3;

    /** Requests to {@code /hold} wait here, by their {@code X-Id}, until the test answers them. */
    private final Map<String, HttpServerResponse> held = new ConcurrentHashMap<>();

    private final CompletableFuture<Void> allFitHeld = new CompletableFuture<>();

    HttpHandler app() {
        return (request, response) -> {
            if (request.path().equals("/hold")) {
                held.put(request.headers().get("X-Id"), response);
                if (held.size() == FIT) {
                    allFitHeld.complete(null);
                }
            } else {
                Routes.handle(request, response);
            }
        };
    }

    @ServerOptions
    static void options(HttpServer.Builder server) {
        server.maxBodyBytes(BODY).maxBufferedBodyBytes((long) FIT * BODY);
    }

    private static String post(String path, int id, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: h\r\nX-Id: " + id + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    @Test
    void concurrentMaxSizeBodiesBeyondTheBudgetGet503AndTheBudgetReturnsToZero(HttpServer server, TestLoop loop) {
        List<RawConnection> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.add(RawConnection.open(server.port()));
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            connections.get(i).send(post("/hold", i, "x".repeat(BODY)));
        }
        loop.join(allFitHeld);
        assertEquals((long) FIT * BODY, server.bufferedBodyBytes());
        int refused = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            if (!held.containsKey(Integer.toString(i))) {
                RawResponse r = expectClose(503, connections.get(i).readResponse());
                assertEquals("1", r.header("Retry-After"));
                refused++;
            }
        }
        assertEquals(CONNECTIONS - FIT, refused);
        loop.call(() -> {
            held.values().forEach(r -> r.end(200, "text/plain", "ok"));
            return null;
        });
        for (String id : held.keySet()) {
            expect(200, connections.get(Integer.parseInt(id)).readResponse());
        }
        assertEquals(0, server.bufferedBodyBytes());
        for (RawConnection c : connections) {
            c.close();
        }
        // still serving, and a body that fits again is accepted
        try (RawConnection c = RawConnection.open(server.port())) {
            assertEquals(
                    BODY,
                    expect(200, c.send(post("/echo", 99, "y".repeat(BODY))).readResponse())
                            .body()
                            .length);
        }
        assertEquals(0, server.bufferedBodyBytes());
    }

    @Test
    void aChunkedBodyIsCountedAndReleased(HttpServer server, RawConnection c) {
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals("hello", expect(200, c.readResponse()).bodyText());
        assertEquals(0, server.bufferedBodyBytes());
    }
}
