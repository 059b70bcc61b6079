package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.io.IOException;

/**
 * The server did not accept the WebSocket: it answered something other than a valid {@code 101 Switching
 * Protocols} (a 403 from an origin check, a 404, a 426 for a version it does not speak), or its 101 broke the
 * handshake's rules (wrong {@code Sec-WebSocket-Accept}, an extension or subprotocol that was not offered).
 */
public final class WebSocketHandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient HttpHeaders headers;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param status the status the server answered
     * @param headers its headers
     */
    public WebSocketHandshakeException(String message, int status, HttpHeaders headers) {
        super(message);
        this.status = status;
        this.headers = headers;
    }

    /** Returns the HTTP status of the server's answer. */
    public int status() {
        return status;
    }

    /** Returns the headers of the server's answer. */
    public HttpHeaders headers() {
        return headers;
    }
}
