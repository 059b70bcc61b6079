package dev.squall.http;

import dev.squall.net.IOStream;
import dev.squall.net.StreamClosedException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpServerResponse} of one request on an {@link Http1ServerConnection}: encodes the head with
 * the loop's {@link Http1ResponseEncoder}, frames the body (length-checked, chunked, or close-delimited) and
 * queues everything in the stream's write buffer. Loop thread only.
 */
final class Http1ServerResponse implements HttpServerResponse {
    /** Bodies up to this size are copied behind the head so that head and body are queued in one piece. */
    private static final int COALESCE_BYTES = 16 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};

    private static final int NEW = 0;
    private static final int HEAD_WRITTEN = 1;
    private static final int FINISHED = 2;

    private final Http1ServerConnection connection;
    private final IOStream stream;
    private final boolean headRequest;
    private final boolean http11;
    private boolean keepAlive;
    private int state = NEW;
    private int status;
    private int framing;
    private long remaining;
    private boolean aborted;
    /** Set while a streamed request body is still unread: a response written then closes the connection. */
    private boolean bodyUnread;
    /** Run when the server begins a graceful shutdown before this response is finished; dropped when it finishes. */
    private @Nullable Runnable shutdownListener;
    /** Run if the connection closes before this response is finished; dropped when it finishes. */
    private @Nullable Runnable closeListener;

    Http1ServerResponse(Http1ServerConnection connection, boolean headRequest, boolean http11, boolean keepAlive) {
        this.connection = connection;
        this.stream = connection.stream();
        this.headRequest = headRequest;
        this.http11 = http11;
        this.keepAlive = keepAlive;
    }

    @Override
    public void writeHead(int status, @Nullable String reason, HttpHeaders headers) {
        checkLoop("writeHead");
        if (aborted) {
            return;
        }
        checkNew();
        checkStatus(status);
        if (reason != null) {
            Http1ResponseEncoder.checkReason(reason);
        }
        LoopContext ctx = connection.context();
        ByteSink out = ctx.scratch;
        out.reset();
        Http1ResponseEncoder encoder = ctx.encoder;
        encoder.encodeHead(out, status, reason, headers, -1, headRequest, http11, keepAlive && !bodyUnread);
        this.status = status;
        framing = encoder.framing();
        remaining = encoder.contentLength();
        keepAlive = encoder.keepAlive();
        state = HEAD_WRITTEN;
        stream.enqueue(out.array(), 0, out.size());
    }

    @Override
    public void write(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (!admit(n)) {
            chunk.position(chunk.limit());
            return;
        }
        if (framing == Http1ResponseEncoder.FRAMING_CHUNKED) {
            chunkHeader(n);
            stream.enqueue(chunk);
            stream.enqueue(CRLF, 0, 2);
        } else {
            stream.enqueue(chunk);
        }
        connection.maybeAutoFlush();
    }

    @Override
    public void write(byte[] chunk) {
        int n = chunk.length;
        if (!admit(n)) {
            return;
        }
        if (framing == Http1ResponseEncoder.FRAMING_CHUNKED) {
            chunkHeader(n);
            stream.enqueue(chunk, 0, n);
            stream.enqueue(CRLF, 0, 2);
        } else {
            stream.enqueue(chunk, 0, n);
        }
        connection.maybeAutoFlush();
    }

    @Override
    public void write(ByteString chunk) {
        write(chunk.asByteBuffer());
    }

    /** Checks a body write of {@code n} bytes; returns whether the bytes go on the wire. */
    @Override
    public CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        if (!admit(count)) {
            return flush();
        }
        if (framing == Http1ResponseEncoder.FRAMING_CHUNKED) {
            chunkHeader(count);
            CompletableFuture<Void> written = stream.writeFile(file, position, count);
            stream.enqueue(CRLF, 0, 2);
            return written;
        }
        return stream.writeFile(file, position, count);
    }

    private boolean admit(long n) {
        checkLoop("write");
        if (aborted) {
            return false;
        }
        if (state != HEAD_WRITTEN) {
            throw new IllegalStateException(
                    state == NEW
                            ? "write() before writeHead(): start the response with writeHead(status, reason, headers)"
                            : "write() after finish(): the response is complete");
        }
        if (n == 0) {
            return false;
        }
        switch (framing) {
            case Http1ResponseEncoder.FRAMING_NONE -> {
                if (headRequest) {
                    return false; // a HEAD response has no body; the bytes only told the length
                }
                throw new IllegalStateException("a " + status + " response cannot have a body");
            }
            case Http1ResponseEncoder.FRAMING_LENGTH -> {
                if (n > remaining) {
                    String message = "the response body is longer than its Content-Length: writing " + n
                            + " bytes with " + remaining + " left";
                    abort(message);
                    throw new IllegalStateException(message + "; the connection was closed");
                }
                remaining -= n;
            }
            default -> {}
        }
        return true;
    }

    private void chunkHeader(long n) {
        ByteSink out = connection.context().scratch;
        out.reset();
        out.writeHex(n);
        out.crlf();
        stream.enqueue(out.array(), 0, out.size());
    }

    @Override
    public CompletableFuture<Void> flush() {
        if (stream.isClosed()) {
            if (state == FINISHED && connection.closedAfterFullFlush()) {
                return CompletableFuture.completedFuture(null); // finish() closed it after sending everything
            }
            return CompletableFuture.failedFuture(new StreamClosedException("the connection is closed"));
        }
        if (stream.isWriteBufferEmpty()) {
            return CompletableFuture.completedFuture(null); // everything is in the kernel: no waiter to queue
        }
        return stream.flush();
    }

    @Override
    public CompletableFuture<Void> sent() {
        if (stream.isClosed()) {
            return flush(); // completed if finish() closed it after sending everything, else failed
        }
        // No write now: the connection writes a batch of pipelined responses with one syscall after it.
        return stream.whenWritten();
    }

    @Override
    public void finish() {
        checkLoop("finish");
        if (aborted) {
            return;
        }
        if (state != HEAD_WRITTEN) {
            throw new IllegalStateException(
                    state == NEW
                            ? "finish() before writeHead(): write the head first, or use end(status, headers, body)"
                            : "finish() was already called");
        }
        if (framing == Http1ResponseEncoder.FRAMING_LENGTH && remaining > 0) {
            String message = "the response body is shorter than its Content-Length: " + remaining + " bytes missing";
            abort(message);
            throw new IllegalStateException(message + "; the connection was closed");
        }
        if (framing == Http1ResponseEncoder.FRAMING_CHUNKED) {
            stream.enqueue(Http1ResponseEncoder.LAST_CHUNK, 0, Http1ResponseEncoder.LAST_CHUNK.length);
        }
        state = FINISHED;
        closeListener = null;
        shutdownListener = null;
        connection.responseFinished(this, keepAlive, status);
    }

    @Override
    public void end(int status, HttpHeaders headers, byte[] body) {
        checkLoop("end");
        if (aborted) {
            return;
        }
        checkNew();
        checkStatus(status);
        if (body.length > 0 && HttpStatus.hasNoBody(status)) {
            throw new IllegalArgumentException("a " + status + " response cannot have a body; pass an empty array");
        }
        LoopContext ctx = connection.context();
        ByteSink out = ctx.scratch;
        out.reset();
        Http1ResponseEncoder encoder = ctx.encoder;
        encoder.encodeHead(out, status, null, headers, body.length, headRequest, http11, keepAlive && !bodyUnread);
        this.status = status;
        keepAlive = encoder.keepAlive();
        framing = encoder.framing();
        boolean sendBody = framing == Http1ResponseEncoder.FRAMING_LENGTH && body.length > 0;
        if (sendBody && body.length <= COALESCE_BYTES) {
            out.write(body);
            stream.enqueue(out.array(), 0, out.size());
        } else {
            stream.enqueue(out.array(), 0, out.size());
            if (sendBody) {
                stream.enqueue(body, 0, body.length);
            }
        }
        state = FINISHED;
        closeListener = null;
        shutdownListener = null;
        connection.responseFinished(this, keepAlive, status);
    }

    @Override
    public IOStream detach() {
        checkLoop("detach");
        return connection.detach();
    }

    private void checkLoop(String method) {
        if (!connection.loop().inEventLoop()) {
            throw new IllegalStateException("HttpServerResponse." + method + "() was called on thread '"
                    + Thread.currentThread().getName() + "', not on the connection's loop "
                    + connection.loop().name() + "; hop onto it with request.loop().execute(...)");
        }
    }

    private void checkNew() {
        if (state != NEW) {
            throw new IllegalStateException(
                    state == HEAD_WRITTEN
                            ? "the response head was already written"
                            : "the response is already finished");
        }
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, got " + status);
        }
    }

    private void abort(String message) {
        aborted = true;
        state = FINISHED;
        closeListener = null;
        shutdownListener = null;
        connection.abort(message);
    }

    @Override
    public boolean isHeadWritten() {
        return state != NEW;
    }

    @Override
    public boolean isFinished() {
        return state == FINISHED;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return connection.closeFuture();
    }

    @Override
    public void onConnectionClose(@Nullable Runnable listener) {
        checkLoop("onConnectionClose");
        closeListener = state == FINISHED ? null : listener;
    }

    /** Called by the connection (on the loop) when it closed while this response was its current one. */
    void connectionClosed() {
        Runnable listener = closeListener;
        closeListener = null;
        if (listener == null || state == FINISHED) {
            return;
        }
        try {
            listener.run();
        } catch (Throwable t) {
            HttpServer.LOG.log(System.Logger.Level.ERROR, "a connection-close listener threw", t);
        }
    }

    /** Called by the connection while a streamed body is unread (true) and once it is all read (false). */
    void bodyUnread(boolean unread) {
        this.bodyUnread = unread;
    }

    /**
     * Called by the connection when it answered this response's request itself (a streamed body that failed) and
     * closes: the handler hears of it as of a client that went away, and what it still writes is dropped.
     */
    void abandon() {
        connectionClosed();
        aborted = true;
        state = FINISHED;
        shutdownListener = null;
    }

    @Override
    public void onServerShutdown(@Nullable Runnable listener) {
        checkLoop("onServerShutdown");
        if (state == FINISHED || listener == null) {
            shutdownListener = null;
        } else if (connection.serverStopping()) {
            shutdownListener = null;
            runListener(listener, "server-shutdown");
        } else {
            shutdownListener = listener;
        }
    }

    /** Called by the connection (on the loop) when the server begins shutting down while this response is current. */
    void serverShuttingDown() {
        keepAlive = false;
        Runnable listener = shutdownListener;
        shutdownListener = null;
        if (listener != null && state != FINISHED) {
            runListener(listener, "server-shutdown");
        }
    }

    private static void runListener(Runnable listener, String what) {
        try {
            listener.run();
        } catch (Throwable t) {
            HttpServer.LOG.log(System.Logger.Level.ERROR, "a " + what + " listener threw", t);
        }
    }

    @Override
    public void closeAfterResponse() {
        keepAlive = false;
    }
}
