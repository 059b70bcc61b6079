package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lifecycle behaviour that only a real connection shows: a client leaving mid-request, a slow reader. */
class SocketOnlyTest extends WebTestSupport {

    static final class WaitsForever extends AsyncRequestHandler {
        final CompletableFuture<Void> started;
        final CompletableFuture<String> closed;

        WaitsForever(CompletableFuture<Void> started, CompletableFuture<String> closed) {
            this.started = started;
            this.closed = closed;
        }

        @Override public CompletionStage<?> get() {
            started.complete(null);
            return new CompletableFuture<Void>(); // e.g. a long poll
        }

        @Override public void onConnectionClose() {
            closed.complete(Thread.currentThread().getName());
        }
    }

    @Test void onConnectionCloseIsCalledOnTheLoopWhenTheClientDisconnectsMidRequest() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        SocketClient c = (SocketClient) socket(Application.builder()
                .route("/", () -> new WaitsForever(started, closed)).logFunction(h -> { }).build());
        Socket s = c.send("GET", "/", new HttpHeaders(), new byte[0], false);
        started.get(5, TimeUnit.SECONDS);
        assertFalse(closed.isDone());
        s.close();
        assertEquals("web-test", closed.get(5, TimeUnit.SECONDS));
    }

    static final class Streams extends AsyncRequestHandler {
        static final int CHUNK = 12 << 20;
        final AtomicReference<CompletableFuture<Void>> flushed;

        Streams(AtomicReference<CompletableFuture<Void>> flushed) {
            this.flushed = flushed;
        }

        @Override public CompletionStage<?> get() {
            setHeader("Content-Type", "application/octet-stream");
            write(new byte[CHUNK]);
            CompletableFuture<Void> f = flush();
            flushed.set(f);
            return f;
        }
    }

    @Test void aFlushCompletesOnlyWhenASlowClientHasReadAllButWhatTheKernelBuffers() throws Exception {
        AtomicReference<CompletableFuture<Void>> flushed = new AtomicReference<>();
        SocketClient c = (SocketClient) socket(Application.builder()
                .route("/", () -> new Streams(flushed)).logFunction(h -> { }).build());
        // A small receive buffer stops the kernel from absorbing the chunk: what it can hold is bounded by
        // the server's send buffer (at most net.core.wmem_max, 4 MiB here) plus this receive buffer.
        long kernelBound = 8 << 20;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(256 * 1024);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", c.port()), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            // Before the client reads a byte, the flush cannot be done: the chunk is larger than what the
            // kernel's buffers can take. Wait (bounded) for the handler to have started it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (flushed.get() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            CompletableFuture<Void> f = flushed.get();
            assertNotNull(f, "the handler never flushed");
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
            assertTrue(read > Streams.CHUNK, "the whole body arrived: " + read);
            assertTrue(readWhenFirstSeenDone < 0 || readWhenFirstSeenDone >= Streams.CHUNK - kernelBound,
                    "the flush completed when the client had read only " + readWhenFirstSeenDone + " bytes");
        }
        flushed.get().get(5, TimeUnit.SECONDS);
    }

    @Test void listenReturnsTheRunningServerWithItsPort() throws IOException {
        Application app = Application.builder().route("/", () -> new RequestHandler() {
            @Override public void get() {
                write("up");
            }
        }).logFunction(h -> { }).build();
        var server = app.listen(0, "127.0.0.1");
        try {
            assertTrue(server.port() > 0);
            assertEquals("up", new SocketClient(server.port(), null).get("/").text());
        } finally {
            server.close();
        }
    }
}
