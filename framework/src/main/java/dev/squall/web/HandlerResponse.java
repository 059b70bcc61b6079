package dev.squall.web;

import com.squareup.moshi.JsonWriter;
import dev.squall.escape.Escape;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerResponse;
import dev.squall.http.HttpStatus;
import dev.squall.loop.IOLoop;
import dev.squall.net.StreamClosedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The response side of one handler: status, headers, the body buffer, flush and finish with the ETag and
 * gzip transforms, redirects and error pages. {@link BaseRequestHandler} owns the lifecycle and delegates
 * every output method here; this class calls back only the handler's overridable hooks
 * ({@code computeEtag}, {@code checkEtagHeader}, {@code writeError}, {@code allowedMethods},
 * {@code onFinish}) and {@link BaseRequestHandler#beforeHeadWritten} (where collaborators such as the
 * outgoing cookies add their headers).
 *
 * <p>Made with the handler, before it has a request (so a constructor may set headers); loop-confined.
 */
final class HandlerResponse {
    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");
    private static final System.Logger GEN_LOG = System.getLogger("dev.squall.general");
    /** Copied for each response: copying skips the validation that {@code set} does. */
    private static final HttpHeaders DEFAULT_HEADERS =
            new HttpHeaders(1).set("Content-Type", BaseRequestHandler.DEFAULT_CONTENT_TYPE);

    private final BaseRequestHandler handler;
    private int status = 200;
    private @Nullable String reason;
    private HttpHeaders headers = defaultHeaders();
    private final BodyBuffer body = new BodyBuffer();
    private boolean headWritten;
    private boolean finished;
    private @Nullable GzipEncoder gzip;

    HandlerResponse(BaseRequestHandler handler) {
        this.handler = handler;
    }

    // ------------------------------------------------------------------------------------------------
    // State

    int status() {
        return status;
    }

    @Nullable
    String reason() {
        return reason;
    }

    HttpHeaders headers() {
        return headers;
    }

    BodyBuffer body() {
        return body;
    }

    boolean isHeadWritten() {
        return headWritten;
    }

    boolean isFinished() {
        return finished;
    }

    void setStatus(int status, @Nullable String reason) {
        HttpError.checkStatusAndReason(status, reason);
        this.status = status;
        this.reason = reason;
    }

    void setHeader(String name, String value) {
        checkHeadersOpen("setHeader");
        headers.set(name, value);
    }

    void addHeader(String name, String value) {
        checkHeadersOpen("addHeader");
        headers.add(name, value);
    }

    void clearHeader(String name) {
        checkHeadersOpen("clearHeader");
        headers.remove(name);
    }

    void checkHeadersOpen(String what) {
        if (headWritten) {
            throw new IllegalStateException(what + "() was called after the headers were sent by flush(); "
                    + "set headers before the first flush()");
        }
    }

    void clear() {
        checkHeadersOpen("clear");
        headers = defaultHeaders();
        status = 200;
        reason = null;
        body.clear();
    }

    static HttpHeaders defaultHeaders() {
        return HttpHeaders.copyOf(DEFAULT_HEADERS);
    }

    // ------------------------------------------------------------------------------------------------
    // Body

    void write(String text) {
        checkWritable("write");
        body.adopt(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        checkWritable("write");
        body.append(bytes, 0, bytes.length);
    }

    void write(ByteString bytes) {
        checkWritable("write");
        body.append(bytes);
    }

    void writeJson(Object value) {
        checkWritable("write");
        Buffer json = new Buffer();
        try (JsonWriter writer = JsonWriter.of(json)) {
            @Nullable Object v = value; // null (from code that ignores the annotations) is written as JSON null
            handler.application()
                    .valueAdapter(v == null ? Object.class : v.getClass())
                    .toJson(writer, value);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e); // a Buffer does not fail
        } catch (AssertionError e) {
            throw Application.explainJsonFailure(value, e);
        }
        if (!headWritten) {
            headers.set("Content-Type", BaseRequestHandler.JSON_CONTENT_TYPE);
        }
        body.adopt(json.readByteArray());
    }

    private void checkWritable(String what) {
        if (finished) {
            throw new IllegalStateException(what + "() was called after finish(); the response is complete");
        }
        checkLoop(what);
    }

    void checkLoop(String what) {
        IOLoop loop = handler.request().loop();
        if (!loop.inEventLoop()) {
            throw new IllegalStateException(
                    what + "() was called on thread '" + Thread.currentThread().getName()
                            + "', not on the request's loop " + loop.name() + "; come back to the loop first with "
                            + "request().loop().adopt(future) or thenApplyAsync(fn, request().loop())");
        }
    }

    /** Marks the response finished without writing: another handler answers ({@code FallbackHandler}). */
    void handOver() {
        checkLoop("handOver");
        finished = true;
    }

    // ------------------------------------------------------------------------------------------------
    // Flush and finish

    CompletableFuture<Void> flush() {
        checkWritable("flush");
        HttpServerResponse out = handler.response();
        byte[] chunk = body.take();
        if (!headWritten) {
            if (handler.request().method().equals("HEAD")) {
                chunk = new byte[0];
            }
            chunk = transformFirstChunk(chunk, false);
            writeHead(out);
        } else if (gzip != null) {
            chunk = gzip.encode(chunk, false);
        }
        if (chunk.length > 0) {
            out.write(chunk);
        }
        return out.flush();
    }

    CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        checkWritable("writeFile");
        HttpServerResponse out = handler.response();
        byte[] chunk = body.take();
        if (!headWritten) {
            // No gzip transform: the file goes out as it is (a precompressed sibling says its own encoding).
            writeHead(out);
        } else if (gzip != null) {
            throw new IllegalStateException("writeFile() after a gzip-compressed flush() for "
                    + handler.requestSummary() + ": a file cannot be sent inside a compressed body");
        }
        if (chunk.length > 0) {
            out.write(chunk);
        }
        return out.writeFile(file, position, count);
    }

    /** Lets the handler's collaborators add their headers, then sends the head. */
    private void writeHead(HttpServerResponse out) {
        headWritten = true;
        handler.beforeHeadWritten(headers);
        out.writeHead(status, reason, headers);
    }

    /** Finishes the response; returns the future of its bytes reaching the kernel ({@code finish()}'s). */
    CompletableFuture<Void> finish() {
        CompletableFuture<Void> sent = finish(true);
        assert sent != null : "finish(true) returns the future";
        return sent;
    }

    /**
     * Finishes the response, for the framework's own finish after the HTTP method: nobody reads the future, so
     * none is made (a waiter and a future per request, about a tenth of a plaintext request's allocation).
     */
    void finishUnobserved() {
        finish(false);
    }

    private @Nullable CompletableFuture<Void> finish(boolean wantSent) {
        if (finished) {
            throw new IllegalStateException("finish() was called twice for " + handler.requestSummary()
                    + "; a response can be finished only once");
        }
        checkLoop("finish");
        HttpServerResponse out = handler.response();
        if (!headWritten) {
            String method = handler.request().method();
            if (status == 200 && (method.equals("GET") || method.equals("HEAD"))) {
                if (!headers.contains("Etag")) {
                    handler.setEtagHeader();
                }
                // Unlike Tornado, an Etag the handler set itself is honoured too.
                if (handler.checkEtagHeader()) {
                    body.clear();
                    status = 304;
                    reason = null;
                }
            }
            if (HttpStatus.hasNoBody(status)) {
                if (body.size() > 0) {
                    throw new IllegalStateException(
                            "a " + status + " response cannot have a body, but " + body.size() + " bytes were written");
                }
                // RFC 9110 section 15.4.5: a 304 carries no representation metadata.
                headers.remove("Content-Encoding");
                headers.remove("Content-Language");
                headers.remove("Content-Type");
            }
        }
        finished = true;
        StreamedBody streamed = handler.streamedBody();
        if (streamed != null) {
            streamed.cleanUp(); // temporary upload files not moved are gone before the client hears the answer
        }
        @Nullable CompletableFuture<Void> sent = null;
        try {
            if (!out.closeFuture().isDone()) {
                writeFinal(out);
                if (wantSent) {
                    sent = out.sent(); // not flush(): that would write each pipelined response on its own
                }
            } else if (wantSent) {
                sent = CompletableFuture.failedFuture(
                        new StreamClosedException("the client closed the connection before the response to "
                                + handler.requestSummary() + " was sent"));
            }
        } finally {
            handler.application().logRequest(handler);
            try {
                handler.onFinish();
            } catch (Throwable t) {
                APP_LOG.log(Level.ERROR, "onFinish() of " + handler.getClass().getName() + " threw", t);
            }
        }
        return sent;
    }

    private void writeFinal(HttpServerResponse out) {
        byte[] chunk = body.take();
        if (headWritten) {
            if (gzip != null) {
                chunk = gzip.encode(chunk, true);
                gzip = null;
            }
            if (chunk.length > 0) {
                out.write(chunk);
            }
            out.finish();
            return;
        }
        if (HttpStatus.hasNoBody(status)) {
            transformFirstChunk(chunk, true);
            writeHead(out);
            out.finish();
            return;
        }
        chunk = transformFirstChunk(chunk, true);
        headWritten = true;
        handler.beforeHeadWritten(headers);
        if (reason == null && !headers.contains("Content-Length")) {
            out.end(status, headers, chunk); // the fast path: one write, Content-Length set by the server
            return;
        }
        if (!headers.contains("Content-Length")) {
            headers.set("Content-Length", Integer.toString(chunk.length));
        }
        out.writeHead(status, reason, headers);
        if (chunk.length > 0) {
            out.write(chunk);
        }
        out.finish();
    }

    /** Applies the gzip transform to the first chunk sent, as Tornado's {@code transform_first_chunk}. */
    private byte[] transformFirstChunk(byte[] chunk, boolean finishing) {
        if (!handler.application().compressResponse()) {
            return chunk;
        }
        GzipEncoder encoder = GzipEncoder.start(
                headers, handler.request().headers().get("Accept-Encoding"), status, chunk.length, finishing);
        if (encoder == null) {
            return chunk;
        }
        byte[] out = encoder.encode(chunk, finishing);
        if (!finishing) {
            gzip = encoder;
        } else if (headers.contains("Content-Length")) {
            headers.set("Content-Length", Integer.toString(out.length));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------
    // Redirects and errors

    void redirect(String url, int status) {
        if (headWritten) {
            throw new IllegalStateException("redirect() was called after the headers were sent by flush()");
        }
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("a redirect needs a 3xx status, got " + status);
        }
        String location = SafeRedirects.resolve(handler.request().uri(), url);
        setStatus(status, null);
        setHeader("Location", location);
        finish();
    }

    void sendError(int status, @Nullable Throwable error) {
        HttpError.checkStatus(status);
        if (finished) {
            GEN_LOG.log(
                    Level.ERROR,
                    "Cannot send error " + status + " for " + handler.requestSummary()
                            + ": the response is already finished");
            return;
        }
        if (headWritten) {
            GEN_LOG.log(
                    Level.ERROR,
                    "Cannot send error " + status + " for " + handler.requestSummary()
                            + ": the headers were already sent; closing the connection after this response");
            handler.response().closeAfterResponse();
            finishQuietly();
            return;
        }
        try {
            handler.clear(); // runs setDefaultHeaders() again
        } catch (Throwable t) {
            APP_LOG.log(
                    Level.ERROR,
                    "clear() or setDefaultHeaders() of " + handler.getClass().getName() + " threw",
                    t);
            clear();
        }
        setStatus(status, error instanceof HttpError he ? he.reason() : null);
        if (status == 405) {
            headers.set("Allow", HandlerRun.allowHeader(handler));
        }
        try {
            handler.writeError(status, error);
        } catch (Throwable t) {
            APP_LOG.log(
                    Level.ERROR,
                    "Uncaught exception in writeError() of "
                            + handler.getClass().getName(),
                    t);
        }
        if (!finished) {
            finishQuietly();
        }
    }

    /** Finishes, and if that fails, ends the response by the shortest way so the connection never hangs. */
    private void finishQuietly() {
        try {
            finish(false);
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "finishing the error response for " + handler.requestSummary() + " failed", t);
            HttpServerResponse out = handler.response();
            if (!out.isFinished() && !out.closeFuture().isDone()) {
                out.closeAfterResponse();
                if (out.isHeadWritten()) {
                    out.finish();
                } else {
                    out.end(500, defaultHeaders(), new byte[0]);
                }
            }
        }
    }

    /** The default error page: Tornado's {@code write_error}. */
    void writeDefaultError(int status, @Nullable Throwable error) {
        if (HttpStatus.hasNoBody(status)) {
            return;
        }
        if (error != null && handler.application().serveTraceback()) {
            setHeader("Content-Type", "text/plain; charset=UTF-8");
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            write(trace.toString());
            return;
        }
        String message = Escape.xhtmlEscape(reason != null ? reason : HttpStatus.reasonPhrase(status));
        write("<html><title>" + status + ": " + message + "</title><body>" + status + ": " + message
                + "</body></html>");
    }
}
