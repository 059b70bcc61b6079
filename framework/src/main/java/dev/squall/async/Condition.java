package dev.squall.async;

import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A condition that code on the loop waits for until another piece of code signals it, as Tornado's
 * {@code locks.Condition} — the long-polling chat's "wait for new messages".
 *
 * <pre>{@code
 * Condition newMessages = new Condition();
 * // a waiting request, in a coroutine:
 * boolean arrived = await(newMessages.waitFor(Duration.ofSeconds(30)));   // false: timed out
 * // a posting request:
 * messages.add(m);
 * newMessages.signalAll();
 * }</pre>
 *
 * <p>{@link #signal(int)} and {@link #signalAll()} are Tornado's {@code notify(n)} and {@code notify_all()}: the
 * Java names {@code notify}/{@code notifyAll} belong to {@link Object}, as does {@code wait}, hence
 * {@link #waitFor()}. Unlike a {@code java.util.concurrent} condition, no lock is involved: loop code is never
 * parallel. Loop-confined: the condition belongs to the loop of its first use; call it only on that loop's thread
 * or in a coroutine of that loop (anything else throws {@link IllegalStateException}); its futures complete there.
 */
public final class Condition {
    private final LoopBinding binding = new LoopBinding("Condition");
    private final Waiters<Boolean> waiters = new Waiters<>();

    /** Creates a condition with no waiters. */
    public Condition() {}

    /**
     * Waits for a signal.
     *
     * @return a future completed on the loop with true when signalled
     * @throws IllegalStateException if called off the condition's loop
     */
    public CompletableFuture<Boolean> waitFor() {
        return waitFor(null, "waitFor()");
    }

    /**
     * Waits for a signal, at most {@code timeout} on the loop's clock.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop with true when signalled, or false when the time ran out
     * @throws IllegalStateException if called off the condition's loop
     */
    public CompletableFuture<Boolean> waitFor(Duration timeout) {
        return waitFor(timeout, "waitFor(" + timeout + ")");
    }

    private CompletableFuture<Boolean> waitFor(@Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        return waiters.add(loop, null, timeout, f -> f.complete(false)).future;
    }

    /**
     * Wakes the longest waiter, if any.
     *
     * @throws IllegalStateException if called off the condition's loop
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiters, longest waiting first.
     *
     * @param n how many waiters to wake, at least 0
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if called off the condition's loop
     */
    public void signal(int n) {
        binding.check("signal(" + n + ")");
        if (n < 0) {
            throw new IllegalArgumentException("cannot signal a negative number of waiters: " + n);
        }
        // Take the waiters first, then wake them: a woken waiter's continuation may wait again, and must not be
        // woken by this same call.
        List<CompletableFuture<Boolean>> woken = new ArrayList<>();
        Waiters.Waiter<Boolean> w;
        while (woken.size() < n && (w = waiters.poll()) != null) {
            woken.add(w.future);
        }
        for (CompletableFuture<Boolean> f : woken) {
            f.complete(true);
        }
    }

    /**
     * Wakes every waiter.
     *
     * @throws IllegalStateException if called off the condition's loop
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Returns how many callers wait.
     *
     * @throws IllegalStateException if called off the condition's loop
     */
    public int waiting() {
        binding.check("waiting()");
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Condition[waiters=" + waiters.size() + "]";
    }
}
