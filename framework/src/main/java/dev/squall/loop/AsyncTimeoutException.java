package dev.squall.loop;

/**
 * An asynchronous operation did not complete within its time limit. The message names the operation and
 * the limit. Unchecked, as Tornado's {@code TimeoutError}, so that chained and coroutine code need no
 * ceremony.
 *
 * <p>One type for every timeout in Squall — {@link IOLoop#runSync}, {@code Async.withTimeout}, the waits of
 * the async toolkit, connect timeouts, the HTTP client's limits — so that one {@code catch} handles them all.
 * It lives in the loop package, the lowest layer, because the loop itself throws it (as Tornado keeps
 * {@code TimeoutError} in {@code tornado.util}).
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
