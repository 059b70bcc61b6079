package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerResponse;
import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lifecycle behaviour that only a real connection shows: a client leaving mid-request, a slow reader. */
@SquallTest
class SocketOnlyTest {
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    /** The flush the streaming handler started, handed over as soon as it exists. */
    private final CompletableFuture<CompletableFuture<Void>> flushed = new CompletableFuture<>();

    /** The last response the server handed the application, to look at its connection. */
    private final AtomicReference<HttpServerResponse> lastResponse = new AtomicReference<>();

    HttpHandler app() {
        Application app = Application.builder()
                .route("/wait", WaitsForever::new)
                .route("/stream", Streams::new)
                .route("/poll", ShortPoll::new)
                .logFunction(h -> {})
                .build();
        return (request, response) -> {
            lastResponse.set(response);
            app.handle(request, response);
        };
    }

    final class WaitsForever extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            started.complete(null);
            return new CompletableFuture<Void>(); // e.g. a long poll
        }

        @Override
        public void onConnectionClose() {
            closed.complete(Thread.currentThread().getName());
        }
    }

    @Test
    void onConnectionCloseIsCalledOnTheLoopWhenTheClientDisconnectsMidRequest(TestClient client, TestLoop loop) {
        RawConnection c = RawConnection.open(client.port()).send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        loop.join(started);
        assertFalse(closed.isDone());
        c.close();
        assertEquals(loop.loop().name(), loop.join(closed));
    }

    /** A poll answered a moment later: the handler waits, so it watches the connection meanwhile. */
    final class ShortPoll extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            CompletableFuture<Void> later = new CompletableFuture<>();
            request().loop().callLater(java.time.Duration.ofMillis(1), () -> later.complete(null));
            return later.thenRun(() -> write("event"));
        }
    }

    @Test
    void aKeepAliveConnectionKeepsNothingForTheWaitingRequestsItServed(RawConnection c, TestLoop loop) {
        for (int i = 0; i < 50; i++) {
            assertEquals(
                    "event",
                    c.send("GET /poll HTTP/1.1\r\nHost: x\r\n\r\n")
                            .readResponse()
                            .assertCode(200)
                            .bodyText());
        }
        // Each waiting handler watched the connection for a close; none of them is still registered on it.
        assertEquals(0, loop.call(() -> lastResponse.get().closeFuture().getNumberOfDependents()));
    }

    static final int CHUNK = 12 << 20;

    final class Streams extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            setHeader("Content-Type", "application/octet-stream");
            write(new byte[CHUNK]);
            CompletableFuture<Void> f = flush();
            flushed.complete(f);
            return f;
        }
    }

    @Test
    void aFlushCompletesOnlyWhenASlowClientHasReadAllButWhatTheKernelBuffers(TestClient client, TestLoop loop)
            throws IOException {
        // A small receive buffer stops the kernel from absorbing the chunk: what it can hold is bounded by
        // the server's send buffer (at most net.core.wmem_max, 4 MiB here) plus this receive buffer.
        long kernelBound = 8 << 20;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(256 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", client.port()), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            // Before the client reads a byte, the flush cannot be done: the chunk is larger than what the
            // kernel's buffers can take. Wait, within the test's limit, for the handler to have started it.
            CompletableFuture<Void> f = loop.join(flushed);
            assertFalse(f.isDone(), "the flush completed before the client read anything");
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            long readWhenFirstSeenDone = -1;
            while (true) {
                if (f.isDone() && readWhenFirstSeenDone < 0) {
                    readWhenFirstSeenDone = read;
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertTrue(read > CHUNK, "the whole body arrived: " + read);
            assertTrue(
                    readWhenFirstSeenDone < 0 || readWhenFirstSeenDone >= CHUNK - kernelBound,
                    "the flush completed when the client had read only " + readWhenFirstSeenDone + " bytes");
        }
        loop.join(flushed.join());
    }

    @Test
    void listenReturnsTheRunningServerWithItsPort(TestLoop loop) {
        Application app = Application.builder()
                .route("/", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        write("up");
                    }
                })
                .logFunction(h -> {})
                .build();
        HttpServer server = loop.closeAfterTest(app.listen(0, "127.0.0.1"));
        assertTrue(server.port() > 0);
        RawConnection c = RawConnection.open(server.port()).send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("up", c.readResponse().bodyText());
    }
}
