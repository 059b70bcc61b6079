package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopClosedException;
import dev.squall.loop.Timeout;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Futures on the loop: blocking work made explicit, and the combinators of Tornado's {@code gen} module.
 *
 * <pre>{@code
 * CompletableFuture<User> user = Async.blocking(() -> users.byId(42));            // JDBC off the loop
 * CompletableFuture<List<Page>> pages = Async.all(List.of(fetch(a), fetch(b)));   // both, in order
 * CompletableFuture<Page> page = Async.withTimeout(fetch(a), Duration.ofSeconds(2));
 * CompletableFuture<Void> later = Async.sleep(Duration.ofMillis(50));             // a loop timer
 * }</pre>
 *
 * <h2>Threads</h2>
 * Every method here is called on an event loop thread or in a coroutine (so that it knows which loop its
 * future belongs to), except {@link #blocking(IOLoop, Callable)}, which takes the loop and may be called from
 * any thread. Every future returned completes on that loop, so continuations chained on it run there — also
 * when the input stages complete on other threads. Called elsewhere, they throw
 * {@link IllegalStateException} saying so.
 */
public final class Async {
    private static final System.Logger LOG = System.getLogger("dev.squall.async");

    private Async() {}

    // -------------------------------------------------------------------------------------------------------
    // Blocking work

    /**
     * Runs blocking {@code work} — JDBC, file I/O, CPU-heavy computation — on a new virtual thread that does
     * not hold the loop, and returns a future completed on the caller's loop with its outcome.
     * Cancelling the future interrupts the thread running {@code work}.
     *
     * <pre>{@code
     * Async.blocking(() -> users.byId(id)).thenAccept(user -> write(user.name()));   // continuation on the loop
     * }</pre>
     *
     * <p>There is no limit on how many such calls run at once; bound them where the resource is bounded (a
     * connection pool, or a {@link Semaphore} on the loop).
     *
     * @param work the blocking call; runs on its own virtual thread
     * @param <T> the value type
     * @return a future completed on the current loop with {@code work}'s value or exception
     * @throws IllegalStateException if not called on an event loop or in a coroutine; use
     *     {@link #blocking(IOLoop, Callable)} there
     */
    public static <T extends @Nullable Object> CompletableFuture<T> blocking(Callable<T> work) {
        return blocking(currentLoop("Async.blocking()"), work);
    }

    /**
     * Runs blocking {@code work} on a new virtual thread and returns a future completed on {@code loop} with its
     * outcome. Safe from any thread. Cancelling the future interrupts the thread running {@code work}. If the
     * loop has closed by the time {@code work} ends, the future fails with
     * {@link LoopClosedException} on the worker thread (see {@link IOLoop#complete}).
     *
     * @param loop the loop the future completes on
     * @param work the blocking call
     * @param <T> the value type
     * @return a future completed on {@code loop}
     */
    public static <T extends @Nullable Object> CompletableFuture<T> blocking(IOLoop loop, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual()
                .name("squall-blocking@" + loop.name())
                .unstarted(() -> {
                    T value = null;
                    Throwable error = null;
                    try {
                        value = work.call();
                    } catch (Throwable t) {
                        error = t;
                    }
                    loop.complete(result, value, error);
                });
        result.whenComplete((v, e) -> {
            if (e instanceof CancellationException) {
                worker.interrupt();
            }
        });
        worker.start();
        return result;
    }

    // -------------------------------------------------------------------------------------------------------
    // Combinators

    /**
     * Waits for all {@code stages} and returns their values in order, as Tornado's {@code multi}. If any fail,
     * the result fails — once all have completed — with the first failure in input order; the other failures
     * are logged at ERROR.
     *
     * @param stages the stages to wait for
     * @param <T> the value type
     * @return a future completed on the current loop with the values, in input order
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <T extends @Nullable Object> CompletableFuture<List<T>> all(
            List<? extends CompletionStage<? extends T>> stages) {
        return all(stages, List.of());
    }

    /**
     * Waits for all {@code stages} and returns their values in order, as Tornado's {@code multi} with
     * {@code quiet_exceptions}. If any fail, the result fails — once all have completed — with the first failure
     * in input order; other failures are logged at ERROR unless they are instances of one of
     * {@code quietExceptions} (expected failures such as a closed stream, not worth a log line).
     *
     * @param stages the stages to wait for
     * @param quietExceptions types of the extra failures not to log
     * @param <T> the value type
     * @return a future completed on the current loop with the values, in input order
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <T extends @Nullable Object> CompletableFuture<List<T>> all(
            List<? extends CompletionStage<? extends T>> stages, List<Class<? extends Throwable>> quietExceptions) {
        IOLoop loop = currentLoop("Async.all()");
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        int n = stages.size();
        if (n == 0) {
            result.complete(List.of());
            return result;
        }
        Object[] values = new Object[n];
        Throwable[] errors = new Throwable[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            onLoop(loop, stages.get(i), (v, e) -> {
                values[index] = v;
                errors[index] = e;
                if (--remaining[0] == 0) {
                    Throwable first = firstFailure(errors, quietExceptions);
                    if (first != null) {
                        result.completeExceptionally(first);
                    } else {
                        @SuppressWarnings("unchecked")
                        List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
                        result.complete(list);
                    }
                }
            });
        }
        return result;
    }

    /**
     * Waits for all values of {@code stages} and returns them under the same keys, in the map's iteration
     * order — the dictionary form of Tornado's {@code multi}. Failures as {@link #all(List)}.
     *
     * @param stages the stages to wait for, by key
     * @param <K> the key type
     * @param <V> the value type
     * @return a future completed on the current loop with an unmodifiable map of the values
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <K, V extends @Nullable Object> CompletableFuture<Map<K, V>> all(
            Map<K, ? extends CompletionStage<? extends V>> stages) {
        return all(stages, List.of());
    }

    /**
     * Waits for all values of {@code stages} and returns them under the same keys, in the map's iteration
     * order — the dictionary form of Tornado's {@code multi}. Failures as {@link #all(List, List)}.
     *
     * @param stages the stages to wait for, by key
     * @param quietExceptions types of the extra failures not to log (may be empty)
     * @param <K> the key type
     * @param <V> the value type
     * @return a future completed on the current loop with an unmodifiable map of the values
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <K, V extends @Nullable Object> CompletableFuture<Map<K, V>> all(
            Map<K, ? extends CompletionStage<? extends V>> stages, List<Class<? extends Throwable>> quietExceptions) {
        List<K> keys = new ArrayList<>(stages.keySet());
        List<CompletionStage<? extends V>> values = new ArrayList<>(stages.values());
        return Async.<V>all(values, quietExceptions).thenApply(list -> {
            Map<K, V> map = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                map.put(keys.get(i), list.get(i));
            }
            return Collections.unmodifiableMap(map);
        });
    }

    /**
     * Waits for the first of {@code stages} to succeed and returns its value. Fails only if all fail: with the
     * first failure in input order, the others added to it as {@linkplain Throwable#getSuppressed()
     * suppressed}. The stages left running are not cancelled.
     *
     * @param stages at least one stage
     * @param <T> the value type
     * @return a future completed on the current loop with the first value
     * @throws IllegalArgumentException if {@code stages} is empty
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <T extends @Nullable Object> CompletableFuture<T> any(
            List<? extends CompletionStage<? extends T>> stages) {
        IOLoop loop = currentLoop("Async.any()");
        int n = stages.size();
        if (n == 0) {
            throw new IllegalArgumentException("Async.any() needs at least one stage");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Throwable[] errors = new Throwable[n];
        int[] failed = {0};
        for (int i = 0; i < n; i++) {
            int index = i;
            onLoop(loop, stages.get(i), (v, e) -> {
                if (e == null) {
                    result.complete(v);
                    return;
                }
                errors[index] = e;
                if (++failed[0] == n) {
                    Throwable first = errors[0];
                    for (int j = 1; j < n; j++) {
                        if (errors[j] != first) {
                            first.addSuppressed(errors[j]);
                        }
                    }
                    result.completeExceptionally(first);
                }
            });
        }
        return result;
    }

    /**
     * Returns a future that completes with {@code stage}'s outcome, or fails with {@link AsyncTimeoutException}
     * if {@code stage} has not completed after {@code timeout} on the loop's clock — as Tornado's
     * {@code with_timeout}. The timeout does <em>not</em> cancel {@code stage}: the work goes on and its outcome
     * is dropped (a failure after the timeout is logged at WARNING). To stop the work as well, cancel it when
     * the timeout fires:
     *
     * <pre>{@code
     * CompletableFuture<Page> f = fetch(url);
     * Async.withTimeout(f, Duration.ofSeconds(2)).whenComplete((v, e) -> { if (e != null) f.cancel(false); });
     * }</pre>
     *
     * @param stage the stage to wait for
     * @param timeout how long to wait, on the loop's clock
     * @param <T> the value type
     * @return a future completed on the current loop
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <T extends @Nullable Object> CompletableFuture<T> withTimeout(
            CompletionStage<T> stage, Duration timeout) {
        IOLoop loop = currentLoop("Async.withTimeout()");
        CompletableFuture<T> result = new CompletableFuture<>();
        Timeout timer = loop.callLater(
                timeout,
                () -> result.completeExceptionally(new AsyncTimeoutException(
                        "the operation did not complete within " + timeout + " (withTimeout)")));
        onLoop(loop, stage, (v, e) -> {
            timer.cancel();
            boolean completedNow = e != null ? result.completeExceptionally(e) : result.complete(v);
            if (!completedNow && e != null && !(e instanceof CancellationException)) {
                LOG.log(Level.WARNING, "an operation failed after withTimeout(" + timeout + ") had given up on it", e);
            }
        });
        return result;
    }

    /**
     * Returns a future that completes after {@code delay} on the current loop's clock (so virtual time in
     * tests moves it), as Tornado's {@code gen.sleep}. Cancelling the future cancels the timer.
     *
     * @param delay how long to wait
     * @return a future completed with null on the current loop
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static CompletableFuture<@Nullable Void> sleep(Duration delay) {
        IOLoop loop = currentLoop("Async.sleep()");
        CompletableFuture<@Nullable Void> result = new CompletableFuture<>();
        Timeout timer = loop.callLater(delay, () -> result.complete(null));
        result.whenComplete((v, e) -> timer.cancel());
        return result;
    }

    // -------------------------------------------------------------------------------------------------------
    // Internals shared by the toolkit

    /** Returns the loop the caller runs on, or fails with a message naming {@code what}. */
    static IOLoop currentLoop(String what) {
        IOLoop loop = IOLoop.currentOrNull();
        if (loop == null || !loop.inEventLoop()) {
            throw new IllegalStateException(
                    what + " was called on thread '" + Thread.currentThread().getName()
                            + "', which is neither an event loop nor a coroutine; it must know the loop its future"
                            + " completes on: call it on the loop (loop.execute(...)) or in a coroutine");
        }
        return loop;
    }

    /**
     * Calls {@code action} with {@code stage}'s outcome (unwrapped) on {@code loop}: directly when the stage
     * completes on the loop (or in a coroutine holding it), else through {@code loop.execute}. Closed loop:
     * dropped, with a DEBUG line (the combinator's result belongs to that loop, and no one can wait on it).
     */
    static <T extends @Nullable Object> void onLoop(
            IOLoop loop,
            CompletionStage<T> stage,
            BiConsumer<? super @Nullable T, ? super @Nullable Throwable> action) {
        stage.whenComplete((v, e) -> {
            Throwable error = e == null ? null : Futures.unwrap(e);
            if (!loop.runOnLoop(() -> action.accept(v, error))) {
                LOG.log(Level.DEBUG, "a stage completed after its loop " + loop.name() + " closed", error);
            }
        });
    }

    private static @Nullable Throwable firstFailure(Throwable[] errors, List<Class<? extends Throwable>> quiet) {
        Throwable first = null;
        for (Throwable e : errors) {
            if (e == null) {
                continue;
            }
            if (first == null) {
                first = e;
            } else if (!isQuiet(e, quiet)) {
                LOG.log(
                        Level.ERROR,
                        "more than one stage failed in Async.all(); this one is not reported otherwise",
                        e);
            }
        }
        return first;
    }

    private static boolean isQuiet(Throwable e, List<Class<? extends Throwable>> quiet) {
        for (Class<? extends Throwable> type : quiet) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
