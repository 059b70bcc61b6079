package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;

/**
 * Receives the head of the final response as soon as it arrives, before the body, as Tornado's
 * {@code header_callback}. Not called for interim (1xx) responses nor for redirects the client follows.
 * Called on the client's loop; must not block it. A callback that throws aborts the request.
 */
@FunctionalInterface
public interface HeaderCallback {
    /**
     * Handles the response head.
     *
     * @param code the status code
     * @param reason the reason phrase, possibly empty
     * @param headers the response headers; owned by the response, do not modify
     */
    void onHeaders(int code, String reason, HttpHeaders headers);
}
