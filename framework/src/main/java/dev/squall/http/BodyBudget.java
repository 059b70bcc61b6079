package dev.squall.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide allowance for buffered request bodies ({@link HttpServer.Builder#maxBufferedBodyBytes}): a
 * connection reserves a body's bytes before it buffers them and gives them back when its response finishes or
 * the connection closes, so that many large bodies at once get 503 instead of an {@link OutOfMemoryError}.
 * Shared by every loop of a server, hence atomic; one compare-and-set per body (or per growth of a chunked one).
 */
final class BodyBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    /** Returns the limit in bytes. */
    long limit() {
        return limit;
    }

    /** Returns the bytes reserved now. */
    long used() {
        return used.get();
    }

    /**
     * Reserves {@code bytes} if they fit.
     *
     * @return whether they were reserved (release them later with {@link #release})
     */
    boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        for (; ; ) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back bytes reserved with {@link #tryReserve}. */
    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }
}
