package dev.squall.internal.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs an operation that returns a future and passes its outcome on to another future: the body of a task that
 * a caller off the loop queues on it ({@code IOStream}'s and the client's {@code WebSocketConnection}'s
 * "call me on my loop"), whose own closed-loop policy stays with the caller. Not API, may change.
 *
 * <pre>{@code
 * CompletableFuture<T> result = new CompletableFuture<>();
 * if (!loop.tryExecute(() -> FutureRelay.relay(op, result))) {
 *     result.completeExceptionally(closedError());
 * }
 * }</pre>
 */
public final class FutureRelay {
    private FutureRelay() {}

    /**
     * Runs {@code op} on the calling thread and completes {@code result} as the stage it returns completes, with
     * its value or its failure (as the stage reports it); if {@code op} throws, {@code result} fails with that.
     *
     * @param op the operation
     * @param result the future to complete
     * @param <T> the value type
     */
    public static <T extends @Nullable Object> void relay(
            Supplier<? extends CompletionStage<T>> op, CompletableFuture<T> result) {
        try {
            op.get().whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }
}
