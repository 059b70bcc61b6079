package dev.squall.http;

import dev.squall.internal.http.ChunkedDecoder;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The buffered request body of one connection, held once: a {@code Content-Length} body is read into an array
 * of its announced size, a chunked one decoded into a growing sink and copied once to its exact size; every
 * allocation is reserved first against the server's {@link BodyBudget} (and released when the response
 * finishes or the connection closes); a gzip body is inflated here when the server decompresses. A refusal
 * (413, 503, a bad chunk, bad gzip) is answered through the connection's {@code sendError}. Made once per
 * connection, at its first request with a body, so a connection that only serves GETs pays nothing for it.
 * Loop thread only.
 */
final class BufferedBody {
    /** {@link #start}/{@link #read} result: the input ended before the body. */
    static final int NEED_MORE = 0;
    /** {@link #start}/{@link #read} result: the body is complete; {@link #take()} it. */
    static final int DONE = 1;
    /** {@link #start}/{@link #read} result: the request was refused and answered; the connection is closing. */
    static final int FAILED = -1;

    private static final byte[] EMPTY = new byte[0];

    private final HttpServer server;
    private final Http1ServerConnection conn;
    private @Nullable ChunkedDecoder chunkedDecoder;
    /** A chunked body as it is decoded. */
    private @Nullable ByteSink sink;
    /** A Content-Length body, allocated once at its announced size and handed to the request as it is. */
    private byte @Nullable [] fixed;

    private int filled;
    private long remaining;
    /** Bytes of the server's {@link BodyBudget} this connection holds for the current request. */
    private long budgetHeld;
    /** The body {@link #DONE} made, until {@link #take()}. */
    private byte[] whole = EMPTY;

    BufferedBody(HttpServer server, Http1ServerConnection conn) {
        this.server = server;
        this.conn = conn;
    }

    /**
     * Starts the body of the request whose head was just parsed, taking it whole from {@code buf} when it is
     * all there.
     *
     * @param length the announced {@code Content-Length}, or -1 for a chunked body
     * @return {@link #DONE}, {@link #NEED_MORE} or {@link #FAILED}
     */
    int start(ByteBuffer buf, long length) {
        if (length >= 0) {
            if (length > server.maxBodyBytes) {
                conn.sendError(
                        413,
                        "the request body (Content-Length: " + length + ") is larger than the limit of "
                                + server.maxBodyBytes + " bytes",
                        buf.remaining() < length);
                return FAILED;
            }
            // The announced length is allocated at once, which the budget makes safe: a client that
            // announces much and sends little holds budget, not unaccounted heap, until its body times out.
            if (!reserve(length)) {
                return FAILED;
            }
            byte[] b = new byte[(int) length];
            if (buf.remaining() >= length) {
                buf.get(b);
                whole = b;
                return DONE;
            }
            fixed = b;
            filled = 0;
            remaining = length;
            return NEED_MORE;
        }
        ChunkedDecoder d = chunkedDecoder;
        if (d == null) {
            d = new ChunkedDecoder(server.maxBodyBytes, server.maxHeaderBytes);
            chunkedDecoder = d;
        } else {
            d.reset();
        }
        if (!reserve(1024)) {
            return FAILED;
        }
        sink = new ByteSink(1024);
        return NEED_MORE;
    }

    /**
     * Reads what {@code buf} holds of the body {@link #start} began.
     *
     * @return {@link #DONE}, {@link #NEED_MORE} or {@link #FAILED}
     */
    int read(ByteBuffer buf) {
        byte[] b = fixed;
        if (b != null) {
            int n = (int) Math.min(remaining, buf.remaining());
            if (n > 0) {
                buf.get(b, filled, n);
                filled += n;
                remaining -= n;
            }
            if (remaining > 0) {
                return NEED_MORE;
            }
            fixed = null;
            whole = b;
            return DONE;
        }
        ChunkedDecoder d = chunkedDecoder;
        ByteSink s = sink;
        assert d != null && s != null : "a chunked body holds a decoder and a sink";
        if (!reserveGrowth(s, buf.remaining())) {
            return FAILED;
        }
        int r = d.decode(buf, s);
        if (r == ChunkedDecoder.NEED_MORE) {
            return NEED_MORE;
        }
        if (r == ChunkedDecoder.ERROR) {
            // Past the size limit the client is likely still sending: let it see the answer.
            conn.sendError(d.errorStatus(), d.errorMessage(), d.errorStatus() == 413);
            return FAILED;
        }
        byte[] all = s.array();
        if (s.size() != all.length) {
            // The one copy of a chunked body, to its exact size; reserved while both exist.
            if (!reserve(s.size())) {
                return FAILED;
            }
            all = s.toByteArray();
            release(s.array().length);
        }
        sink = null;
        whole = all;
        return DONE;
    }

    /** Returns the body the last {@link #DONE} completed, and forgets it. */
    byte[] take() {
        byte[] b = whole;
        whole = EMPTY;
        return b;
    }

    /**
     * Returns {@code bytes} inflated if the request says {@code Content-Encoding: gzip} (the budget moves from
     * the one to the other), else {@code bytes}; or null when the body is refused (400 not gzip, 413 too large
     * inflated, 503 over the budget) and answered.
     */
    byte @Nullable [] inflate(HttpHeaders headers, byte[] bytes) {
        byte[] content = GzipRequestBody.decode(headers, bytes, server.maxBodyBytes);
        if (content == GzipRequestBody.INVALID) {
            conn.sendError(400, "the request body is not valid gzip (Content-Encoding: gzip)", false);
            return null;
        }
        if (content == GzipRequestBody.TOO_LARGE) {
            conn.sendError(413, "the gzip request body inflates to more than " + server.maxBodyBytes + " bytes", false);
            return null;
        }
        if (content != bytes) {
            if (!reserve(content.length)) {
                return null;
            }
            release(bytes.length);
        }
        return content;
    }

    /**
     * Reserves {@code bytes} of the server's body budget for the current request, or answers 503 with
     * {@code Retry-After} (and closes) when the server already buffers as many body bytes as it may.
     *
     * @return whether the bytes were reserved
     */
    private boolean reserve(long bytes) {
        if (server.bodyBudget.tryReserve(bytes)) {
            budgetHeld += bytes;
            return true;
        }
        conn.sendError(
                503,
                "the server is buffering as many request bodies as it may (" + server.bodyBudget.limit()
                        + " bytes, maxBufferedBodyBytes); retry later",
                true);
        return false;
    }

    /** Reserves what {@code sink} will grow by to take {@code incoming} more bytes (decoded ≤ received). */
    private boolean reserveGrowth(ByteSink s, int incoming) {
        int capacity = s.array().length;
        long needed = (long) s.size() + incoming;
        if (needed <= capacity) {
            return true;
        }
        // The same growth as ByteSink.ensure, reserved before it happens.
        long grown = Math.max(needed, Math.min(capacity * 2L, Integer.MAX_VALUE - 16));
        if (!reserve(grown - capacity)) {
            return false;
        }
        s.ensure(incoming);
        return true;
    }

    private void release(long bytes) {
        long n = Math.min(bytes, budgetHeld);
        budgetHeld -= n;
        server.bodyBudget.release(n);
    }

    /** Releases the budget the current request holds (its response finished). */
    void releaseAll() {
        if (budgetHeld != 0) {
            server.bodyBudget.release(budgetHeld);
            budgetHeld = 0;
        }
    }

    /** Drops a body being read and releases its budget (the request was refused, or the connection closed). */
    void drop() {
        sink = null;
        fixed = null;
        whole = EMPTY;
        releaseAll();
    }
}
