package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A loop-confined FIFO of pending futures, for the toolkit's primitives. A waiter leaves the queue as soon as
 * its future completes, however that happens (woken, timed out, cancelled by a coroutine's cancellation), so
 * waiters that gave up neither pile up nor receive anything.
 *
 * @param <T> the waiters' value type
 */
final class Waiters<T> {
    /** One waiter: its future and what it brings along (a Queue putter's item), or null. */
    static final class Waiter<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final @Nullable Object item;

        Waiter(@Nullable Object item) {
            this.item = item;
        }
    }

    private final LinkedHashSet<Waiter<T>> waiting = new LinkedHashSet<>();

    /**
     * Adds a waiter.
     *
     * @param loop the loop the waiters live on; the caller is on it
     * @param item what the waiter brings along, or null
     * @param timeout how long it may wait, or null for ever
     * @param onTimeout called on the loop, after the waiter has left the queue, to complete its future
     */
    Waiter<T> add(
            IOLoop loop, @Nullable Object item, @Nullable Duration timeout, Consumer<CompletableFuture<T>> onTimeout) {
        Waiter<T> w = new Waiter<>(item);
        waiting.add(w);
        Timeout timer = timeout == null
                ? null
                : loop.callLater(timeout, () -> {
                    if (waiting.remove(w)) {
                        onTimeout.accept(w.future);
                    }
                });
        w.future.whenComplete((v, e) -> {
            if (timer != null) {
                timer.cancel();
            }
            loop.runOnLoop(() -> waiting.remove(w)); // closed loop: gone, and with it every waiter
        });
        return w;
    }

    /**
     * Waits for a signal (an {@link Event} set, a {@link Queue}'s last {@code taskDone}): a future completed at
     * once if {@code signalled}, else when the signaller completes the waiter {@link #poll} hands it, or failed
     * with an {@link AsyncTimeoutException} carrying {@code timeoutMessage} (read then) if {@code timeout}
     * passes first. Loop thread.
     */
    static CompletableFuture<@Nullable Void> awaitSignal(
            Waiters<@Nullable Void> waiters,
            IOLoop loop,
            boolean signalled,
            @Nullable Duration timeout,
            Supplier<String> timeoutMessage) {
        if (signalled) {
            return CompletableFuture.completedFuture(null);
        }
        return waiters.add(
                        loop,
                        null,
                        timeout,
                        f -> f.completeExceptionally(new AsyncTimeoutException(timeoutMessage.get())))
                .future;
    }

    /** Removes and returns the oldest waiter whose future is not done, or null if there is none. */
    @Nullable
    Waiter<T> poll() {
        Iterator<Waiter<T>> it = waiting.iterator();
        while (it.hasNext()) {
            Waiter<T> w = it.next();
            it.remove();
            if (!w.future.isDone()) {
                return w;
            }
        }
        return null;
    }

    /** Returns whether no waiter is pending. */
    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Returns how many waiters are queued. */
    int size() {
        return waiting.size();
    }
}
