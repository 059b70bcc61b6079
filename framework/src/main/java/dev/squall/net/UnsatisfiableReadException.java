package dev.squall.net;

import java.io.IOException;

/**
 * A read cannot be satisfied within its limit — for example {@link IOStream#readUntil} did not find its
 * delimiter within {@code maxBytes} — as Tornado's {@code UnsatisfiableReadError}. The stream is closed
 * when this is raised, since the position in the byte stream is lost.
 */
public class UnsatisfiableReadException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be read and the limit that was hit
     */
    public UnsatisfiableReadException(String message) {
        super(message);
    }
}
