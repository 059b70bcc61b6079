package dev.squall.net;

import java.io.IOException;

/**
 * A stream buffer would grow past its limit, as Tornado's {@code StreamBufferFullError}: the write buffer
 * past {@link IOStream.Options#maxWriteBufferBytes()}, or the read buffer past
 * {@link IOStream.Options#maxReadBufferBytes()}. Raise the limit, or wait for {@link IOStream#flush()} before
 * writing more.
 */
public class StreamBufferFullException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which buffer, how full, and the limit
     */
    public StreamBufferFullException(String message) {
        super(message);
    }
}
