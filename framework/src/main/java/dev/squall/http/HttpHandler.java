package dev.squall.http;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link HttpServer} calls for each request, as Tornado's {@code HTTPServer(handle_request)}. The web
 * layer's {@code Application} is one.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .handler((request, response) -> response.end(200, "text/plain; charset=utf-8", "Hello"))
 *         .build();
 * }</pre>
 *
 * <p>Called on the loop that owns the connection, with the whole request body read (unless
 * {@link #headReceived} chose to stream it). The handler must
 * eventually call {@link HttpServerResponse#finish()} — now or later, from the loop. Requests on one
 * connection are handed over one at a time, in order: the next pipelined request is not dispatched until
 * this one's response is finished.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Handles one request. Must not block. An exception thrown here is logged and answered with a 500
     * if no response has been started.
     *
     * @param request the request, body included
     * @param response where the response goes
     * @throws Exception anything; see above
     */
    void handle(HttpServerRequest request, HttpServerResponse response) throws Exception;

    /**
     * Called once the head of a request that has a body ({@code Content-Length} above 0, or chunked) is read,
     * before any body byte is read, to decide how the body is received — Tornado's {@code headers_received}.
     * The default, null, has the server buffer the body and call {@link #handle} with the same request and
     * response objects (the request's {@link HttpServerRequest#attachment()} carries anything the handler kept
     * here). A stage instead streams the body: the server reads nothing more, and sends no
     * {@code 100 Continue}, until the stage completes with the {@link RequestBodyReceiver} that takes the body
     * (the handler accepted it); {@link #handle} is then not called. If the response is finished before the stage
     * completes (the handler refused the body with 413 or 401), the connection closes after it.
     *
     * <p>The server asks only handlers whose class overrides this method (found once, when it is built), so a
     * plain handler pays nothing for it.
     *
     * @param request the request, with an empty body
     * @param response where the response goes
     * @return null to buffer the body, or a stage of the receiver that takes it
     * @throws Exception handled as a failure of {@link #handle}
     */
    default @Nullable CompletionStage<? extends RequestBodyReceiver> headReceived(
            HttpServerRequest request, HttpServerResponse response) throws Exception {
        return null;
    }
}
