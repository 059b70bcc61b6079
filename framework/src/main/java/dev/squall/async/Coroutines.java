package dev.squall.async;

import dev.squall.loop.IOLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Java coroutines on the event loop: {@code await} a future in straight-line code, without blocking the loop.
 *
 * <pre>{@code
 * import static dev.squall.async.Coroutines.await;
 *
 * CompletableFuture<Integer> size = Coroutines.async(loop, () -> {
 *     User user = await(Async.blocking(() -> users.byId(42)));   // JDBC on another virtual thread
 *     HttpResponse avatar = await(http.fetch(user.avatarUrl()));   // the loop serves others meanwhile
 *     return avatar.body().size();
 * });
 * }</pre>
 *
 * <p>A coroutine is a virtual thread that holds its loop while it runs and hands the loop back while it waits
 * (see {@link Coroutine}); where the JVM allows it ({@link #runOnLoopThread()}), the loop thread itself carries
 * it. Its code behaves as if it ran on the loop thread: it may touch loop-confined state
 * with no locks, and no two pieces of code of one loop run at once. It must not block, exactly as a callback
 * on the loop must not: run blocking calls with {@link Async#blocking(Callable)} or {@link #offLoop(Callable)}.
 * A coroutine that blocks anyway holds its loop; the {@link dev.squall.loop.BlockingWatchdog} reports it.
 */
public final class Coroutines {

    private Coroutines() {}

    /**
     * Starts {@code body} as a coroutine on {@code loop} and returns its handle, which can
     * {@linkplain Coroutine#cancel() cancel} it and gives its {@linkplain Coroutine#future() future} — as
     * Kotlin's {@code launch} returns a {@code Job}. Safe from any thread. The coroutine starts after the tasks
     * already queued on the loop.
     *
     * @param loop the loop the coroutine holds while it runs
     * @param body the coroutine's code; may call {@link #await(CompletionStage)}
     * @param <T> the result type
     * @return the coroutine's handle
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public static <T extends @Nullable Object> Coroutine<T> launch(IOLoop loop, Callable<T> body) {
        return Coroutine.start(loop, body);
    }

    /**
     * Starts {@code body} as a coroutine on {@code loop} and returns the future of its outcome — as Kotlin's
     * {@code async} returns a {@code Deferred}. Safe from any thread. The coroutine starts after the tasks
     * already queued on the loop. Cancelling the returned future cancels the coroutine (see
     * {@link Coroutine#cancel()}).
     *
     * @param loop the loop the coroutine holds while it runs
     * @param body the coroutine's code; may call {@link #await(CompletionStage)}
     * @param <T> the result type
     * @return a future completed on the loop thread with {@code body}'s value, or with the exception it threw
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public static <T extends @Nullable Object> CompletableFuture<T> async(IOLoop loop, Callable<T> body) {
        return Coroutine.start(loop, body).future();
    }

    /**
     * Starts {@code body} as a coroutine on {@code loop} and runs it at once, within the caller's loop task,
     * until it first awaits a pending stage or returns — as a plain call would, so code that rarely waits pays
     * no extra loop task and, when it does not wait at all, completes before this method returns. Called on
     * the loop's thread, that is what happens; called anywhere else (another thread, or a coroutine, which
     * holds the loop already) it starts the coroutine after the tasks already queued, as
     * {@link #launch(IOLoop, Callable)} does. Handler styles use it to run a request's code where the request
     * arrived.
     *
     * @param loop the loop the coroutine holds while it runs
     * @param body the coroutine's code; may call {@link #await(CompletionStage)}
     * @param <T> the result type
     * @return the coroutine's handle; its future is already complete if the body returned without waiting
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed and the start is queued
     */
    public static <T extends @Nullable Object> Coroutine<T> launchNow(IOLoop loop, Callable<T> body) {
        return Coroutine.startNow(loop, body);
    }

    /**
     * Waits for {@code stage} inside a coroutine and returns its value, or throws its exception. While the
     * stage is pending, the coroutine hands its loop back, so other tasks and coroutines of the loop run; it
     * resumes on the loop once the stage has completed, on whatever thread that happened. A stage that is
     * already complete returns at once, without giving up the loop.
     *
     * <p>The exception thrown is the stage's own, unwrapped from {@link java.util.concurrent.CompletionException}
     * — also when it is a checked exception, which this method does not declare (as Kotlin and Lombok's
     * {@code @SneakyThrows} do): catch it with {@code catch (Exception e)} and test its type, or let it
     * propagate to the coroutine's future.
     *
     * @param stage the stage to wait for
     * @param <T> the value type
     * @return the stage's value
     * @throws CancellationException if the coroutine was {@linkplain Coroutine#cancel() cancelled} while it
     *     waited (the stage is then cancelled too), or the stage itself was cancelled
     * @throws IllegalStateException if called outside a coroutine: on an event loop thread, where waiting
     *     would block the loop, or on any other thread
     */
    public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
        Coroutine<?> c = Coroutine.current();
        if (c == null) {
            throw notInCoroutine("await()");
        }
        return c.await(stage);
    }

    /**
     * Runs blocking {@code work} (JDBC, file I/O, a CPU-heavy computation) inside a coroutine, on the
     * coroutine's own virtual thread, after handing the loop back; takes the loop again before it returns.
     * Cheaper than {@code await(Async.blocking(work))} because no second thread starts. Inside {@code work} the
     * code is off the loop: it must not touch loop-confined state, and {@link #await} is not allowed there.
     *
     * @param work the blocking call
     * @param <T> the value type
     * @return what {@code work} returned
     * @throws CancellationException if the coroutine was cancelled while {@code work} ran (its thread was
     *     interrupted then); {@code work}'s own exception, if any, is the cause
     * @throws IllegalStateException if called outside a coroutine; use {@link Async#blocking(Callable)} there
     */
    public static <T extends @Nullable Object> T offLoop(Callable<T> work) {
        Coroutine<?> c = Coroutine.current();
        if (c == null) {
            throw notInCoroutine("offLoop()");
        }
        return c.offLoop(work);
    }

    /**
     * Returns whether this JVM runs coroutines on their loop's own thread — each {@code await} a continuation
     * yield and resume, about 40 times cheaper than the hand-off — or on virtual threads of their own that the
     * loop hands itself to. The first needs JDK 24+ and {@code --add-opens java.base/java.lang=ALL-UNNAMED}
     * (set by {@code ./squall} and the samples' jar); {@code -Dsquall.coroutines=handoff} forces the second.
     * Both keep the same contract (docs/async.md). Fixed for the JVM's life; safe from any thread.
     *
     * @return true when coroutines run on the loop thread
     */
    public static boolean runOnLoopThread() {
        return Coroutine.ON_LOOP_CARRIER;
    }

    /**
     * Returns whether the caller runs inside a coroutine, where {@link #await(CompletionStage)} may be called.
     *
     * @return true inside a coroutine
     */
    public static boolean inCoroutine() {
        return Coroutine.current() != null;
    }

    private static IllegalStateException notInCoroutine(String what) {
        Thread t = Thread.currentThread();
        if (IOLoop.currentOrNull() != null) {
            return new IllegalStateException(what + " was called on event loop thread '" + t.getName()
                    + "' outside a coroutine, where waiting would block the loop; run this code in a coroutine"
                    + " (a handler extending CoroutineRequestHandler, or Coroutines.async(loop, () -> ...)), or chain"
                    + " the future with thenApply/thenCompose instead of waiting for it");
        }
        return new IllegalStateException(what + " was called on thread '" + t.getName() + "', which is not a"
                + " coroutine; start one with Coroutines.async(loop, () -> ...), or, on a thread that may block,"
                + " wait with future.join() or loop.runSync(...)"
                + ("offLoop()".equals(what) ? "; to run blocking work from loop code use Async.blocking(work)" : ""));
    }
}
