package dev.squall.web;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link HttpServerResponse} that keeps the server's contract (Date and Server added when absent,
 * Content-Length framing, no body for HEAD/204/304) and records what a client would receive, so web tests can
 * run without sockets. Contract violations (a write before the head, a wrong Content-Length, finishing twice)
 * are recorded and fail the fetch.
 */
final class RecordingResponse implements HttpServerResponse {
    private final String method;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final CompletableFuture<Void> close = new CompletableFuture<>();
    final List<String> violations = new ArrayList<>();
    /** Body bytes per flush() (for streaming tests); the last entry holds what finish() sent. */
    final List<byte[]> flushedChunks = new ArrayList<>();

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Deque<CompletableFuture<Void>> heldFlushes = new ArrayDeque<>();
    private boolean holdFlushes;
    int status;

    @Nullable
    String reason;

    @Nullable
    HttpHeaders headers;

    boolean headWritten;
    boolean finished;
    boolean closeAfterResponse;
    boolean usedEnd;

    private final dev.squall.loop.IOLoop loop;

    /**
     * @param method the request method (HEAD responses have no body)
     * @param loop the request's loop: {@link #done} completes in a later task on it, so that everything the
     *     handler does after finishing (onFinish, the access log) has happened when a test sees the response
     */
    RecordingResponse(String method, dev.squall.loop.IOLoop loop) {
        this.method = method;
        this.loop = loop;
    }

    /** From now on, flush() futures stay pending until {@link #releaseFlush()} (a slow client). */
    void holdFlushes() {
        holdFlushes = true;
    }

    /** Completes the oldest held flush: the client took the bytes. Call on the loop. */
    void releaseFlush() {
        CompletableFuture<Void> f = heldFlushes.poll();
        if (f == null) {
            throw new AssertionError("no flush is waiting");
        }
        f.complete(null);
    }

    int heldFlushCount() {
        return heldFlushes.size();
    }

    @Override
    public void writeHead(int status, @Nullable String reason, HttpHeaders headers) {
        if (headWritten) {
            throw new IllegalStateException("head already written");
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        this.status = status;
        this.reason = reason;
        HttpHeaders copy = HttpHeaders.copyOf(headers);
        if (!copy.contains("Date")) {
            copy.set("Date", "Thu, 01 Jan 1970 00:00:00 GMT");
        }
        if (!copy.contains("Server")) {
            copy.set("Server", "Squall");
        }
        this.headers = copy;
        headWritten = true;
    }

    private void checkWritable() {
        if (!headWritten) {
            violations.add("write before writeHead");
        }
        if (finished) {
            violations.add("write after finish");
        }
    }

    @Override
    public void write(ByteBuffer chunk) {
        checkWritable();
        byte[] b = new byte[chunk.remaining()];
        chunk.get(b);
        pending.writeBytes(b);
    }

    @Override
    public void write(byte[] chunk) {
        checkWritable();
        pending.writeBytes(chunk);
    }

    @Override
    public void write(ByteString chunk) {
        checkWritable();
        pending.writeBytes(chunk.toByteArray());
    }

    private void moveToWire() {
        byte[] chunk = pending.toByteArray();
        pending.reset();
        flushedChunks.add(chunk);
        body.writeBytes(chunk);
    }

    @Override
    public CompletableFuture<Void> flush() {
        moveToWire();
        if (close.isDone()) {
            return CompletableFuture.failedFuture(new dev.squall.net.StreamClosedException("closed"));
        }
        if (holdFlushes) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            heldFlushes.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void finish() {
        if (!headWritten) {
            violations.add("finish before writeHead");
        }
        if (finished) {
            violations.add("finish called twice");
            throw new IllegalStateException("finished twice");
        }
        moveToWire();
        finished = true;
        String cl = headers != null ? headers.get("Content-Length") : null;
        if (cl != null && !bodiless() && Long.parseLong(cl) != body.size()) {
            violations.add("Content-Length " + cl + " but " + body.size() + " bytes written");
        }
        loop.execute(() -> done.complete(null));
    }

    @Override
    public void end(int status, HttpHeaders headers, byte[] body) {
        HttpHeaders h = HttpHeaders.copyOf(headers);
        h.set("Content-Length", Integer.toString(body.length));
        writeHead(status, null, h);
        write(body);
        usedEnd = true;
        finish();
    }

    private boolean bodiless() {
        return method.equals("HEAD") || status == 204 || status == 304 || status < 200;
    }

    @Override
    public boolean isHeadWritten() {
        return headWritten;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return close;
    }

    @Override
    public void closeAfterResponse() {
        closeAfterResponse = true;
    }

    /** What the client sees: the body is dropped for HEAD, 1xx, 204 and 304, as the server does. */
    byte[] receivedBody() {
        return bodiless() ? new byte[0] : body.toByteArray();
    }
}
