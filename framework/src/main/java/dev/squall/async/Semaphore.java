package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A counter of permits on the loop, as Tornado's {@code locks.Semaphore}: {@link #acquire()} takes one, waiting
 * (without blocking the loop) while none is left; {@link #release()} gives one back to the longest waiter.
 *
 * <pre>{@code
 * Semaphore fetchSlots = new Semaphore(10);           // at most 10 fetches at once
 * try (Permit slot = await(fetchSlots.acquire())) {
 *     return await(http.fetch(url));
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Loop-confined: a semaphore belongs to the loop of its first use; call it only on that loop's thread or in a
 * coroutine of that loop (anything else throws {@link IllegalStateException}). Its futures complete on the loop.
 * It may be created anywhere.
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final String name;
    private final LoopBinding binding;
    private final int bound;
    private final Waiters<Permit> waiters = new Waiters<>();
    private int value;

    /**
     * Creates a semaphore.
     *
     * @param permits the initial number of permits, at least 0
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        this(permits, Integer.MAX_VALUE, "Semaphore");
    }

    Semaphore(int permits, int bound, String name) {
        if (permits < 0) {
            throw new IllegalArgumentException(name + " permits must not be negative, got " + permits);
        }
        this.value = permits;
        this.bound = bound;
        this.name = name;
        this.binding = new LoopBinding(name);
    }

    /**
     * Takes a permit: at once if one is free, else once one is released to this caller (waiters are served
     * first come, first served).
     *
     * @return a future completed on the loop with the permit; close it, or call {@link #release()}, to give
     *     it back
     * @throws IllegalStateException if called off the semaphore's loop
     */
    public CompletableFuture<Permit> acquire() {
        return acquire(null, "acquire()");
    }

    /**
     * Takes a permit, waiting at most {@code timeout} on the loop's clock.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop with the permit, or failed with {@link AsyncTimeoutException}
     *     if none came in time
     * @throws IllegalStateException if called off the semaphore's loop
     */
    public CompletableFuture<Permit> acquire(Duration timeout) {
        return acquire(timeout, "acquire(" + timeout + ")");
    }

    private CompletableFuture<Permit> acquire(@Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        if (value > 0) {
            value--;
            return CompletableFuture.completedFuture(newPermit());
        }
        return waiters.add(
                        loop,
                        null,
                        timeout,
                        f -> f.completeExceptionally(
                                new AsyncTimeoutException(name + ".acquire() timed out after " + timeout)))
                .future;
    }

    /**
     * Gives a permit back; the longest waiter, if any, receives it.
     *
     * @throws IllegalStateException if called off the semaphore's loop, or, for a {@link BoundedSemaphore},
     *     if this would raise the count above its initial value
     */
    public void release() {
        binding.check("release()");
        if (value >= bound) {
            throw new IllegalStateException(name + " released too many times: it already " + "holds all " + bound
                    + " of its permits; release each acquired permit exactly once");
        }
        value++;
        Waiters.Waiter<Permit> w;
        while ((w = waiters.poll()) != null) {
            value--;
            if (w.future.complete(newPermit())) {
                return;
            }
            value++; // it was cancelled between our look and our completion: try the next one
        }
    }

    /**
     * Returns the number of free permits.
     *
     * @throws IllegalStateException if called off the semaphore's loop
     */
    public int available() {
        binding.check("available()");
        return value;
    }

    private Permit newPermit() {
        return new Permit(this::release);
    }

    @Override
    public String toString() {
        return name + "[value=" + value + ", waiters=" + waiters.size() + "]";
    }
}
