package dev.squall.net;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The write futures of an {@link IOStream}, and how far its bytes got. Every byte given to the stream has
 * an offset; a future waits for the offset of the last byte given before it, and completes once every byte
 * up to there is known to be in the kernel: written to the socket, and (over TLS) not still held by the
 * transport. Loop only.
 */
final class PendingWrites {
    private record Waiter(long offset, CompletableFuture<Void> future) {}

    /** Small at first: an idle stream keeps the deque, and few writers wait at once. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(2);

    private long enqueued;
    private long written;
    /** Bytes known to be in the kernel: {@link #written} less what the transport still holds. */
    private long confirmed;

    /** Counts {@code n} more bytes given to the stream. */
    void enqueued(long n) {
        enqueued += n;
    }

    /** Returns a future completed once every byte enqueued so far reached the kernel. */
    CompletableFuture<Void> awaitEnqueued() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiters.add(new Waiter(enqueued, f));
        return f;
    }

    /** Counts {@code n} more bytes the transport took. */
    void written(long n) {
        written += n;
    }

    /** Records that the transport holds nothing back: every byte written is in the kernel. */
    void transportDrained() {
        confirmed = written;
    }

    /** Completes, in order, the futures whose bytes all reached the kernel. */
    void completeConfirmed() {
        Waiter w;
        while ((w = waiters.peek()) != null && w.offset <= confirmed) {
            waiters.poll();
            w.future.complete(null);
        }
    }

    /** Fails every waiting future, each with a fresh error from {@code error}. */
    void failAll(Supplier<? extends Throwable> error) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.future.completeExceptionally(error.get());
        }
    }
}
