package dev.squall.httpclient;

import java.io.IOException;

/**
 * The server's bytes are not a valid HTTP/1.x response (a bad status line, header or chunk, conflicting
 * lengths, a head larger than the limit). The connection is closed; the message says what was wrong.
 */
public final class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    HttpProtocolException(String message) {
        super(message);
    }
}
