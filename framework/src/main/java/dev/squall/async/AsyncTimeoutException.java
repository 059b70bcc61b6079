package dev.squall.async;

/**
 * An asynchronous operation did not complete within its time limit. The message names the operation and
 * the limit. Unchecked, as Tornado's {@code TimeoutError}, so that chained and coroutine code need no
 * ceremony.
 */
public class AsyncTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out and after how long
     */
    public AsyncTimeoutException(String message) {
        super(message);
    }
}
