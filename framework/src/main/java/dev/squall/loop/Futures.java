package dev.squall.loop;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Helpers for the failures that {@code CompletableFuture} hands out.
 *
 * <p>A failure reaches a {@code whenComplete} callback or a {@code join()} wrapped in a
 * {@link CompletionException}, and a {@code get()} wrapped in an {@link ExecutionException}, depending on
 * where the stage failed. Code that reports, matches or rethrows a failure wants the exception the work
 * threw: {@link #unwrap(Throwable)} gives it, the same way everywhere in Squall.
 */
public final class Futures {
    private Futures() {}

    /**
     * Returns the exception under the {@link CompletionException} and {@link ExecutionException} wrappers of
     * {@code failure}: their causes are followed until a throwable of another type (or a wrapper without a
     * cause) is reached. Any thread.
     *
     * @param failure a failure as a future reported it
     * @return the failure the work itself threw (or {@code failure} if it is no wrapper)
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while (e instanceof CompletionException || e instanceof ExecutionException) {
            Throwable cause = e.getCause();
            if (cause == null) {
                break;
            }
            e = cause;
        }
        return e;
    }
}
