package dev.squall.loop;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A completion queued by {@link IOLoop#complete}: if the loop closes before running it, the shutdown fails the
 * future instead of dropping it with the other tasks, so that no waiter is left pending.
 */
final class Completion<T extends @Nullable Object> implements Runnable {
    private final CompletableFuture<T> future;
    private final @Nullable T value;
    private final @Nullable Throwable error;

    Completion(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable error) {
        this.future = future;
        this.value = value;
        this.error = error;
    }

    @Override
    public void run() {
        completeNow(future, value, error);
    }

    void reject(IOLoop loop) {
        LoopClosedException closedLoop = new LoopClosedException(
                loop, "loop " + loop.name() + " is closed, so the future could not be completed on it");
        if (error != null) {
            closedLoop.addSuppressed(error);
        }
        future.completeExceptionally(closedLoop);
    }

    /** Completes {@code f} with {@code value}, or with {@code error} if it is not null, on the calling thread. */
    static <T extends @Nullable Object> void completeNow(
            CompletableFuture<T> f, @Nullable T value, @Nullable Throwable error) {
        if (error != null) {
            f.completeExceptionally(error);
        } else {
            f.complete(value);
        }
    }
}
