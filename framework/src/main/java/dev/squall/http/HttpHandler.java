package dev.squall.http;

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
 * <p>Called on the loop that owns the connection, with the whole request body read. The handler must
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
}
