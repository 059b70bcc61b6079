package dev.squall.net;

import java.io.IOException;

/**
 * A read or write was attempted on (or pending when) a connection that closed. The message says why it
 * closed when known.
 */
public class StreamClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what closed and why
     */
    public StreamClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what closed and why
     * @param cause the I/O error that closed it
     */
    public StreamClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
