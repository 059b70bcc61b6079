package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import dev.squall.internal.http.Http1ResponseParser;
import dev.squall.loop.IOLoop;
import dev.squall.net.IOStream;
import dev.squall.net.StreamClosedException;
import dev.squall.net.StreamReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One pooled HTTP/1.1 connection and the exchange it carries: has its {@link RequestWriter} write a request
 * (head, body, chunks from a producer, the 100-continue dance), parses the response as it streams in (interim
 * heads, redirects whose body is skipped, gzip, the body limit, streaming with backpressure) and hands itself
 * back to the pool when the response ends. It stays the stream's {@link StreamReader} for its whole life, so a server that closes
 * an idle connection, or sends bytes nobody asked for, is noticed at once.
 *
 * <p>Loop-confined. Every path that ends an exchange detaches the call first, so that closing the stream
 * afterwards can never fail the call twice.
 */
final class ClientConnection implements StreamReader {
    private static final System.Logger LOG = System.getLogger("dev.squall.httpclient");
    /** A redirect body larger than this is not drained: the connection is closed instead. */
    private static final int MAX_DRAIN_BYTES = 64 * 1024;
    /** The largest body that can be buffered into one {@link ByteString}. */
    private static final long MAX_BUFFERED_BODY_BYTES = Integer.MAX_VALUE - 8;

    private final HostPool pool;
    private final AsyncHttpClient client;
    private final IOLoop loop;
    private final IOStream stream;
    private final Http1ResponseParser parser = new Http1ResponseParser(AsyncHttpClient.MAX_HEADER_BYTES);
    private final RequestWriter writer;
    private final GzipDecoder.Sink gzipSink = this::deliverBytes;
    private @Nullable GzipDecoder gzipDecoder;
    private boolean closeHandled;
    private long idleSinceNanos;
    /** Exchanges begun on this connection; also tells a streaming callback of an old exchange that it is stale. */
    private int exchanges;

    // The current exchange.
    private @Nullable Call call;
    private @Nullable HttpRequest request;
    private boolean responseStarted;
    private @Nullable HttpRequest redirectTo;
    private long drained;
    private @Nullable HttpHeaders headers;
    private boolean gzip;
    /** Body bytes as received, before decompression; an empty gzip-encoded body is accepted as empty. */
    private long compressedBytes;

    private @Nullable Buffer body;
    private @Nullable StreamingCallback streaming;
    private long bodyBytes;
    private int pendingChunks;

    ClientConnection(HostPool pool, IOStream stream) {
        this.pool = pool;
        this.client = pool.client;
        this.loop = client.loop;
        this.stream = stream;
        this.writer = new RequestWriter(this, pool, stream);
        stream.setReader(this);
    }

    boolean isClosed() {
        return stream.isClosed();
    }

    void close() {
        stream.close();
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void becameIdle(long now) {
        idleSinceNanos = now;
    }

    /** Returns whether the connection may carry a request: open, and idle for less than the idle timeout. */
    boolean isUsable(long now) {
        return !stream.isClosed() && now - idleSinceNanos < client.idleTimeoutNanos;
    }

    // ------------------------------------------------------------------------------------------------
    // Request

    /** Starts an exchange: writes the request of {@code c}'s current hop. */
    void begin(Call c) {
        HttpRequest r = c.request;
        call = c;
        request = r;
        exchanges++;
        responseStarted = false;
        redirectTo = null;
        drained = 0;
        headers = null;
        gzip = false;
        compressedBytes = 0;
        body = null;
        streaming = null;
        bodyBytes = 0;
        pendingChunks = 0;
        parser.reset(r.method().equals("HEAD"));
        writer.begin(c);
    }

    /** Returns whether an exchange is in progress. */
    boolean inExchange() {
        return call != null;
    }

    // ------------------------------------------------------------------------------------------------
    // Response

    @Override
    public void onData(ByteBuffer buf) {
        Call c = call;
        if (c == null) {
            if (buf.hasRemaining()) {
                // Bytes nobody asked for on an idle connection: it cannot be trusted with a request.
                buf.position(buf.limit());
                stream.close();
            }
            return;
        }
        if (!responseStarted) {
            if (!buf.hasRemaining()) {
                return;
            }
            responseStarted = true;
            c.onFirstByte();
        }
        for (; ; ) {
            switch (parser.next(buf)) {
                case Http1ResponseParser.NEED_MORE -> {
                    return;
                }
                case Http1ResponseParser.HEAD -> {
                    if (!onHead(c)) {
                        return;
                    }
                }
                case Http1ResponseParser.BODY -> {
                    if (!onBody(c, buf)) {
                        return;
                    }
                }
                case Http1ResponseParser.END -> {
                    onEnd(c, buf.hasRemaining());
                    return;
                }
                default -> {
                    failExchange(new HttpProtocolException("the response to " + request + " from "
                            + pool.key.origin().authority() + " is not valid HTTP/1.1: " + parser.errorMessage()));
                    return;
                }
            }
        }
    }

    /** Handles a parsed head. Returns false when the exchange ended. */
    private boolean onHead(Call c) {
        HttpRequest r = request;
        assert r != null : "a response is read only for a request in flight";
        int code = parser.code();
        if (code < 200) {
            if (code == 101) {
                failExchange(new HttpProtocolException("the server switched protocols (101 " + parser.reason()
                        + ") in answer to " + r + "; this client speaks only HTTP/1.1"));
                return false;
            }
            if (code == 100) {
                writer.continueReceived();
            }
            return true; // other interim responses (103 Early Hints...) are skipped
        }
        writer.finalResponseArrived();
        HttpHeaders h = parser.headers();
        headers = h;
        if (c.followRedirects && c.redirectsLeft > 0 && RedirectPolicy.isRedirect(code)) {
            HttpRequest next;
            try {
                next = RedirectPolicy.next(r, code, h.get("Location"));
            } catch (HttpProtocolException e) {
                failExchange(e);
                return false;
            }
            if (next != null) {
                redirectTo = next;
                return true; // the body is drained, then the next hop starts
            }
        }
        HeaderCallback headerCallback = r.headerCallback();
        if (headerCallback != null) {
            try {
                headerCallback.onHeaders(code, parser.reason(), h);
            } catch (Throwable t) {
                failExchange(t);
                return false;
            }
            if (call != c) {
                return false; // the callback cancelled the fetch
            }
        }
        streaming = r.streamingCallback();
        String encoding = c.decompress ? h.get("Content-Encoding") : null;
        if (encoding != null && (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip"))) {
            gzip = true;
            h.remove("Content-Encoding");
            h.add("X-Consumed-Content-Encoding", encoding);
            GzipDecoder d = gzipDecoder;
            if (d == null) {
                d = new GzipDecoder();
                gzipDecoder = d;
            } else {
                d.reset();
            }
        }
        return true;
    }

    /** Handles a body slice at the buffer's position. Returns false to stop reading for now. */
    private boolean onBody(Call c, ByteBuffer buf) {
        int n = parser.bodyLength();
        int pos = buf.position();
        if (redirectTo != null) {
            buf.position(pos + n);
            drained += n;
            if (drained > MAX_DRAIN_BYTES) {
                // Not worth reading a large redirect body to keep the connection: close it and go on.
                HttpRequest next = redirectTo;
                detach();
                stream.close();
                c.redirect(next);
                return false;
            }
            return true;
        }
        if (gzip) {
            ByteBuffer slice = buf.slice(pos, n);
            buf.position(pos + n);
            compressedBytes += n;
            GzipDecoder d = gzipDecoder;
            assert d != null : "gzip responses get a decoder with their head";
            boolean ok = d.decode(slice, gzipSink);
            if (call != c) {
                return false; // the sink failed the exchange (too large, or a callback ended it)
            }
            if (!ok) {
                failExchange(new HttpProtocolException(
                        "the gzip body of the response to " + request + " is invalid: " + d.errorMessage()));
                return false;
            }
        } else {
            int limit = buf.limit();
            buf.limit(pos + n);
            boolean ok = deliver(buf, n);
            buf.limit(limit);
            buf.position(pos + n);
            if (!ok) {
                return false;
            }
        }
        if (pendingChunks > 0) {
            stream.pauseReading(); // backpressure: wait for the streaming callback's stages
            return false;
        }
        return true;
    }

    private boolean deliverBytes(byte[] b, int off, int len) {
        if (!admit(len)) {
            return false;
        }
        if (streaming != null) {
            return stream(ByteString.of(b, off, len));
        }
        bodyBuffer().write(b, off, len);
        return true;
    }

    /** Delivers {@code buf}'s remaining {@code n} bytes (its limit set to their end). */
    private boolean deliver(ByteBuffer buf, int n) {
        if (!admit(n)) {
            return false;
        }
        if (streaming != null) {
            return stream(ByteString.of(buf));
        }
        try {
            bodyBuffer().write(buf);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible); // an okio Buffer never fails
        }
        return true;
    }

    private Buffer bodyBuffer() {
        Buffer b = body;
        if (b == null) {
            b = new Buffer();
            body = b;
        }
        return b;
    }

    /** Counts {@code n} more body bytes against the limit. */
    private boolean admit(int n) {
        Call c = call;
        bodyBytes += n;
        if (c == null) {
            return true;
        }
        // A buffered body becomes one ByteString, which an int indexes.
        long limit = streaming != null ? c.maxBodyBytes : Math.min(c.maxBodyBytes, MAX_BUFFERED_BODY_BYTES);
        if (bodyBytes > limit) {
            failExchange(new ResponseTooLargeException(
                    "the response body of " + request + " is larger than "
                            + (limit == c.maxBodyBytes
                                    ? "maxBodyBytes=" + limit
                                    : limit + " bytes, the most a buffered body" + " can hold")
                            + " (counted after decompression); raise maxBodyBytes or stream it with a"
                            + " streamingCallback",
                    limit));
            return false;
        }
        return true;
    }

    private boolean stream(ByteString chunk) {
        Call c = call;
        StreamingCallback cb = streaming;
        assert cb != null : "only a streaming request streams its chunks";
        CompletionStage<?> stage;
        try {
            stage = cb.onChunk(chunk);
        } catch (Throwable t) {
            failExchange(t);
            return false;
        }
        if (call != c) {
            return false; // the callback cancelled the fetch
        }
        if (stage != null) {
            if (stage instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally()) {
                return true;
            }
            int exchange = exchanges;
            pendingChunks++;
            // a closed loop took the connection with it: nothing to resume
            stage.whenComplete((v, e) -> loop.runOnLoop(() -> chunkConsumed(exchange, e)));
        }
        return true;
    }

    private void chunkConsumed(int exchange, @Nullable Throwable error) {
        if (exchange != exchanges || call == null) {
            return;
        }
        if (error != null) {
            failExchange(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            return;
        }
        if (--pendingChunks == 0 && stream.isReadingPaused()) {
            stream.resumeReading();
        }
    }

    /** The response is complete. */
    private void onEnd(Call c, boolean extraBytes) {
        HttpRequest r = request;
        assert r != null : "a response is read only for a request in flight";
        GzipDecoder gz = gzipDecoder;
        if (gzip && compressedBytes > 0 && gz != null && !gz.isComplete()) {
            failExchange(new HttpProtocolException(
                    "the gzip body of the response to " + r + " ended before the" + " gzip data did"));
            return;
        }
        boolean reusable = parser.isKeepAlive()
                && !extraBytes
                && writer.isComplete()
                && !writer.bodyWithheld()
                && !r.headersView().containsToken("Connection", "close");
        HttpRequest next = redirectTo;
        HttpResponse response = null;
        if (next == null) {
            Buffer b = body;
            ByteString bytes = b == null ? ByteString.EMPTY : b.readByteString();
            long now = loop.nanoTime();
            HttpHeaders h = headers;
            assert h != null : "a complete response has its head";
            response = new HttpResponse(
                    c.original,
                    r.uri(),
                    parser.version(),
                    parser.code(),
                    parser.reason(),
                    h,
                    bytes,
                    client.moshi,
                    c.queueNanos,
                    c.connectNanos,
                    c.firstByteNanos,
                    now - c.startNanos());
        }
        detach();
        pool.release(this, reusable);
        if (next != null) {
            c.redirect(next);
        } else if (response != null) {
            c.complete(response);
        }
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
        if (!closeHandled) {
            closeHandled = true;
            pool.connectionClosed(this);
        }
        Call c = call;
        if (c == null) {
            return;
        }
        if (parser.isCloseDelimited() && parser.onEof() == Http1ResponseParser.END) {
            onEnd(c, false);
            return;
        }
        boolean reused = exchanges > 1;
        HttpRequest r = request;
        assert r != null : "a response is read only for a request in flight";
        detach();
        if (!responseStarted && reused && c.original.isRetryable() && !c.retried && !client.isClosed()) {
            // The server closed a kept-alive connection as the request went out: common, and harmless to repeat.
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "{0}: pooled connection to {1} closed before any response byte;"
                            + " sending it again on a new connection",
                    r,
                    pool.key);
            c.retryOnNewConnection();
            return;
        }
        String what = parser.onEof() == Http1ResponseParser.ERROR ? parser.errorMessage() : "the connection closed";
        String message = r + " to " + pool.key.origin().authority() + " failed: " + what
                + (cause != null ? " (" + cause.getMessage() + ")" : "");
        c.fail(cause != null ? new StreamClosedException(message, cause) : new StreamClosedException(message));
    }

    /** Ends the exchange because of a local error: the call fails and the connection closes. */
    void failExchange(Throwable error) {
        Call c = call;
        detach();
        stream.close();
        if (c != null) {
            c.fail(error);
        }
    }

    /** The call was cancelled, timed out or its client closed: drop the exchange and the connection. */
    void abort(Throwable cause) {
        detach();
        stream.close();
    }

    private void detach() {
        call = null;
        writer.stop();
        body = null;
        streaming = null;
        redirectTo = null;
        headers = null;
        pendingChunks = 0;
    }

    @Override
    public String toString() {
        return "ClientConnection[" + pool.key + ", " + (call != null ? call : "idle") + "]";
    }
}
