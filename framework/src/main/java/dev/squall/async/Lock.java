package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A mutual-exclusion lock for code on one loop, as Tornado's {@code locks.Lock}. Loop code never runs in
 * parallel, but a coroutine or a future chain gives the loop away at each wait; the lock keeps a sequence of
 * waits (read, await, write back) from interleaving with another's.
 *
 * <pre>{@code
 * try (Permit held = await(lock.acquire())) {
 *     Balance b = await(store.read(account));
 *     await(store.write(account, b.plus(amount)));
 * }
 * }</pre>
 *
 * <p>Not reentrant: a holder that acquires again waits for itself. Waiters are served first come, first served.
 * Loop-confined: the lock belongs to the loop of its first use; call it only on that loop's thread or in a
 * coroutine of that loop (anything else throws {@link IllegalStateException}); its futures complete there.
 */
public final class Lock {
    private final Semaphore semaphore = new Semaphore(1, 1, "Lock");

    /** Creates an unlocked lock. */
    public Lock() {}

    /**
     * Locks: at once if the lock is free, else when it is released to this caller.
     *
     * @return a future completed on the loop with a permit; close it, or call {@link #release()}, to unlock
     * @throws IllegalStateException if called off the lock's loop
     */
    public CompletableFuture<Permit> acquire() {
        return semaphore.acquire();
    }

    /**
     * Locks, waiting at most {@code timeout} on the loop's clock.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop with a permit, or failed with {@link AsyncTimeoutException}
     * @throws IllegalStateException if called off the lock's loop
     */
    public CompletableFuture<Permit> acquire(Duration timeout) {
        return semaphore.acquire(timeout);
    }

    /**
     * Unlocks; the longest waiter, if any, gets the lock.
     *
     * @throws IllegalStateException if the lock is not locked, or if called off the lock's loop
     */
    public void release() {
        if (semaphore.available() > 0) {
            throw new IllegalStateException("release() of a Lock that is not locked; release each acquired lock"
                    + " exactly once (closing its Permit does that)");
        }
        semaphore.release();
    }

    /**
     * Returns whether the lock is held.
     *
     * @throws IllegalStateException if called off the lock's loop
     */
    public boolean isLocked() {
        return semaphore.available() == 0;
    }

    @Override
    public String toString() {
        return "Lock[" + semaphore + "]";
    }
}
