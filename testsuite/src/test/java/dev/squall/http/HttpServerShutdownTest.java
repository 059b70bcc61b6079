package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import dev.squall.testing.VirtualTime;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpServer#shutdown(Duration)}: idle connections close at once, requests in progress finish with
 * {@code Connection: close}, new connections are refused, long-lived handlers hear of it, and what remains
 * closes when the grace period ends.
 */
@SquallTest
class HttpServerShutdownTest {
    private final CompletableFuture<HttpServerResponse> held = new CompletableFuture<>();
    private final AtomicInteger shutdownHeard = new AtomicInteger();

    HttpHandler app() {
        return (request, response) -> {
            if (request.path().equals("/hold")) {
                response.onServerShutdown(shutdownHeard::incrementAndGet);
                held.complete(response);
            } else {
                Routes.handle(request, response);
            }
        };
    }

    @Test
    void letsARequestInProgressFinishAndClosesIdleConnectionsAtOnce(HttpServer server, TestLoop loop) {
        int port = server.port();
        RawConnection idle = RawConnection.open(port);
        expect(200, idle.send(Raw.get("/hello")).readResponse());
        RawConnection busy = RawConnection.open(server.port());
        busy.send(Raw.get("/hold"));
        HttpServerResponse response = loop.join(held);

        CompletionStage<Void> done = server.shutdown(Duration.ofSeconds(60));
        idle.assertClosed();
        assertThrows(UncheckedIOException.class, () -> RawConnection.open(port));
        assertEquals(1, loop.call(shutdownHeard::get));
        assertFalse(done.toCompletableFuture().isDone());

        loop.call(() -> {
            response.end(200, "text/plain", "finished");
            return null;
        });
        assertEquals("finished", expectClose(200, busy.readResponse()).bodyText());
        busy.assertClosed();
        loop.join(done);
    }

    @Test
    void closesAfterTheResponseInProgressLeavingPipelinedRequestsToTheClient(HttpServer server, TestLoop loop) {
        RawConnection c = RawConnection.open(server.port());
        c.send(Raw.get("/hold") + Raw.get("/hello"));
        HttpServerResponse response = loop.join(held);
        CompletionStage<Void> done = server.shutdown(Duration.ofSeconds(60));
        loop.call(() -> {
            response.end(200, "text/plain", "first");
            return null;
        });
        assertEquals("first", expectClose(200, c.readResponse()).bodyText());
        c.assertClosed();
        loop.join(done);
    }

    @Test
    void closesWhatRemainsWhenTheGraceEnds(HttpServer server, TestLoop loop, VirtualTime time) {
        RawConnection busy = RawConnection.open(server.port());
        busy.send(Raw.get("/hold"));
        loop.join(held);
        CompletionStage<Void> done = server.shutdown(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(9));
        assertFalse(done.toCompletableFuture().isDone());
        time.advance(Duration.ofSeconds(1));
        busy.assertClosed();
        loop.join(done);
    }

    @Test
    void aListenerRegisteredAfterTheShutdownBeganRunsAtOnce(HttpServer server, TestLoop loop) {
        RawConnection busy = RawConnection.open(server.port());
        busy.send(Raw.get("/hold"));
        HttpServerResponse response = loop.join(held);
        server.shutdown(Duration.ofSeconds(60));
        AtomicInteger late = new AtomicInteger();
        loop.call(() -> {
            response.onServerShutdown(late::incrementAndGet);
            response.end(200, "text/plain", "ok");
            return null;
        });
        assertEquals(1, late.get());
        assertTrue(expectClose(200, busy.readResponse()).closesConnection());
    }

    @Test
    void withNoConnectionsCompletesAtOnce(HttpServer server, TestLoop loop) {
        loop.join(server.shutdown(Duration.ofSeconds(60)));
    }
}
