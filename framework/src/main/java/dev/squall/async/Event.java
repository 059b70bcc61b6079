package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A flag that code on the loop can wait for, as Tornado's {@code locks.Event}: {@link #waitFor()} completes once
 * the flag is {@linkplain #set() set}, at once if it already is.
 *
 * <pre>{@code
 * Event ready = new Event();
 * ready.waitFor().thenRun(() -> log("ready"));   // or await(ready.waitFor()) in a coroutine
 * ready.set();
 * }</pre>
 *
 * <p>The wait method is named {@code waitFor} because {@link Object#wait()} is final. Loop-confined: the event
 * belongs to the loop of its first use; call it only on that loop's thread or in a coroutine of that loop
 * (anything else throws {@link IllegalStateException}); its futures complete there.
 */
public final class Event {
    private final LoopBinding binding = new LoopBinding("Event");
    private final Waiters<@Nullable Void> waiters = new Waiters<>();
    private boolean value;

    /** Creates an event that is not set. */
    public Event() {}

    /**
     * Returns whether the flag is set.
     *
     * @throws IllegalStateException if called off the event's loop
     */
    public boolean isSet() {
        binding.check("isSet()");
        return value;
    }

    /**
     * Sets the flag and wakes every waiter. Waits that start while the flag stays set complete at once.
     *
     * @throws IllegalStateException if called off the event's loop
     */
    public void set() {
        binding.check("set()");
        if (value) {
            return;
        }
        value = true;
        List<CompletableFuture<@Nullable Void>> woken = new ArrayList<>(waiters.size());
        Waiters.Waiter<@Nullable Void> w;
        while ((w = waiters.poll()) != null) {
            woken.add(w.future);
        }
        for (CompletableFuture<@Nullable Void> f : woken) {
            f.complete(null);
        }
    }

    /**
     * Clears the flag: later waits wait for the next {@link #set()}.
     *
     * @throws IllegalStateException if called off the event's loop
     */
    public void clear() {
        binding.check("clear()");
        value = false;
    }

    /**
     * Waits until the flag is set.
     *
     * @return a future completed on the loop when the flag is set (already complete if it is)
     * @throws IllegalStateException if called off the event's loop
     */
    public CompletableFuture<@Nullable Void> waitFor() {
        return waitFor(null, "waitFor()");
    }

    /**
     * Waits until the flag is set, at most {@code timeout} on the loop's clock.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop when the flag is set, or failed with {@link AsyncTimeoutException}
     * @throws IllegalStateException if called off the event's loop
     */
    public CompletableFuture<@Nullable Void> waitFor(Duration timeout) {
        return waitFor(timeout, "waitFor(" + timeout + ")");
    }

    private CompletableFuture<@Nullable Void> waitFor(@Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        return Waiters.awaitSignal(waiters, loop, value, timeout, () -> "Event.waitFor() timed out after " + timeout);
    }

    @Override
    public String toString() {
        return "Event[" + (value ? "set" : "clear") + ", waiters=" + waiters.size() + "]";
    }
}
