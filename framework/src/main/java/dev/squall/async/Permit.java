package dev.squall.async;

/**
 * Proof of an acquired {@link Lock} or {@link Semaphore} permit; {@link #close()} gives it back. Made for
 * try-with-resources in a coroutine:
 *
 * <pre>{@code
 * try (Permit held = await(lock.acquire())) {
 *     ... // at most one coroutine of the loop is here between its awaits
 * }
 * }</pre>
 *
 * <p>Loop-confined, as the lock it came from.
 */
public final class Permit implements AutoCloseable {
    private final Runnable release;
    private boolean released;

    Permit(Runnable release) {
        this.release = release;
    }

    /**
     * Releases the permit, once: further calls do nothing, so a permit closed both by hand and by
     * try-with-resources does not release twice.
     *
     * @throws IllegalStateException if called off the lock's loop
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        release.run();
        released = true;
    }
}
