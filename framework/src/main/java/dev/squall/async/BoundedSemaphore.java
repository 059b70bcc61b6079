package dev.squall.async;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired, as Tornado's
 * {@code locks.BoundedSemaphore}: a release that would raise the number of permits above the initial one
 * throws {@link IllegalStateException}, which turns a double release into an error at its source instead of a
 * silent rise in concurrency.
 *
 * <p>Loop-confined, as {@link Semaphore}.
 */
public final class BoundedSemaphore extends Semaphore {

    /**
     * Creates a bounded semaphore.
     *
     * @param permits the initial and greatest number of permits, at least 0
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(permits, permits, "BoundedSemaphore");
    }
}
