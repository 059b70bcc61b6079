package dev.squall.httpclient;

import java.io.IOException;

/**
 * A response body grew past the request's {@link HttpRequest.Builder#maxBodyBytes(long) maxBodyBytes}
 * (counted after decompression). The connection is closed.
 */
public final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    ResponseTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** Returns the limit, in bytes, that the body exceeded. */
    public long limit() {
        return limit;
    }
}
