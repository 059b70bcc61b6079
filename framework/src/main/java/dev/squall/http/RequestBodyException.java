package dev.squall.http;

import java.io.IOException;

/**
 * Why a streamed request body could not be read to its end (see {@link RequestBodyReceiver#bodyFailed}): the
 * status the server answered with (400 malformed chunked framing, 408 stalled, 413 over the limit), or 0 when
 * the client closed the connection.
 */
public final class RequestBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the exception.
     *
     * @param status the status the server answered with, or 0 when the client went away
     * @param message what went wrong, for logs
     */
    public RequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** Returns the status the server answered with (400, 408, 413), or 0 when the client closed the connection. */
    public int status() {
        return status;
    }
}
