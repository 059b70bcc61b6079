package dev.squall.testing;

import dev.squall.async.Coroutines;
import dev.squall.loop.IOLoop;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The harness's handle on a test's loop: runs code on the loop and waits for results from the test thread,
 * always within the test's time limit. Inject it into a test method of a {@link SquallTest} class.
 *
 * <p>An asynchronous test body runs on the loop, as with Tornado's {@code gen_test}:
 *
 * <pre>{@code
 * @Test void timerCompletesTheFuture(TestLoop loop) {
 *     String value = loop.run(() -> {
 *         CompletableFuture<String> f = new CompletableFuture<>();
 *         IOLoop.current().callLater(Duration.ofMillis(10), () -> f.complete("done"));
 *         return f.thenApply(String::toUpperCase);
 *     });
 *     assertEquals("DONE", value);
 * }
 * }</pre>
 *
 * <p>A body written with {@code await} runs as a coroutine with {@link #coroutine}. A test whose whole body is
 * asynchronous can instead be an {@link AsyncTest} that returns its stage (or is a coroutine, or a Kotlin
 * {@code suspend fun}).
 *
 * <p>Every method here is called from the test thread — the thread that runs the test method — never from the
 * loop, where waiting would deadlock it. Failures are rethrown as they are, checked exceptions included, so
 * that {@code assertThrows(IOException.class, ...)} works.
 */
public final class TestLoop {
    private final TestScope scope;

    TestLoop(TestScope scope) {
        this.scope = scope;
    }

    /**
     * Returns the test's loop: a fresh one per test, closed when the test ends.
     *
     * @return the loop
     */
    public IOLoop loop() {
        return scope.loop();
    }

    /**
     * Runs an asynchronous test body on the loop and waits for the stage it returns, as Tornado's
     * {@code gen_test}: {@code body} and every continuation chained in it run on the loop thread.
     *
     * @param body called once, on the loop
     * @param <T> the value type
     * @return the stage's value
     * @throws org.opentest4j.AssertionFailedError if the stage does not complete within the test's time limit
     *     (the harness then reports where the test and the loop were)
     * @throws IllegalStateException if called on a loop thread
     */
    public <T> T run(Supplier<? extends CompletionStage<T>> body) {
        checkNotOnLoop("run");
        CompletableFuture<T> result = new CompletableFuture<>();
        scope.loop().execute(() -> {
            try {
                TestScope.relay(body.get(), result);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return scope.join(result, "the stage returned to TestLoop.run");
    }

    /**
     * Runs {@code body} as a coroutine on the loop and waits for it: the body may
     * {@link dev.squall.async.Coroutines#await await} futures in straight-line code while the loop serves
     * everything else, and touches loop-confined objects as if it ran on the loop thread.
     *
     * <pre>{@code
     * String text = loop.coroutine(() -> await(client.fetchAsync("/")).bodyText());
     * }</pre>
     *
     * @param body the coroutine's code, run while it holds the loop
     * @param <T> the value type
     * @return what {@code body} returned
     * @throws org.opentest4j.AssertionFailedError if it does not finish within the test's time limit
     * @throws IllegalStateException if called on a loop thread
     */
    public <T> T coroutine(Callable<T> body) {
        checkNotOnLoop("coroutine");
        return scope.join(Coroutines.async(scope.loop(), body), "the coroutine given to TestLoop.coroutine");
    }

    /**
     * Runs {@code body} on the loop — where loop-confined objects may be touched — and returns its value.
     *
     * @param body called once, on the loop
     * @param <T> the value type
     * @return what {@code body} returned
     * @throws IllegalStateException if called on a loop thread
     */
    public <T> T call(Callable<T> body) {
        checkNotOnLoop("call");
        CompletableFuture<T> result = new CompletableFuture<>();
        scope.loop().execute(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return scope.join(result, "the callable given to TestLoop.call");
    }

    /**
     * Waits, on the test thread, for a stage completed elsewhere (usually on the loop).
     *
     * @param stage the stage
     * @param <T> the value type
     * @return its value
     * @throws org.opentest4j.AssertionFailedError if it does not complete within the test's time limit
     * @throws IllegalStateException if called on a loop thread
     */
    public <T> T join(CompletionStage<T> stage) {
        checkNotOnLoop("join");
        return scope.join(stage.toCompletableFuture(), "the stage given to TestLoop.join");
    }

    /**
     * Waits until the loop has run every task queued before this call and every timer due by now — the
     * point where effects the test triggered (other than pending I/O) have happened.
     *
     * @throws IllegalStateException if called on a loop thread
     */
    public void settle() {
        checkNotOnLoop("settle");
        scope.settle();
    }

    /**
     * Returns and forgets the exceptions that loop callbacks threw so far, for a test that expects one.
     * Exceptions left untaken fail the test when it ends.
     *
     * @return the exceptions, oldest first
     */
    public List<Throwable> takeCallbackExceptions() {
        return scope.takeCallbackExceptions();
    }

    /**
     * Closes {@code resource} when the test ends (before the loop is closed; later registrations close first).
     *
     * @param resource what to close
     * @param <T> its type
     * @return {@code resource}
     * @throws IllegalStateException if the test has already ended
     */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        return scope.register(resource);
    }

    private void checkNotOnLoop(String method) {
        if (IOLoop.currentOrNull() != null) {
            throw new IllegalStateException("TestLoop." + method + "() was called on loop thread '"
                    + Thread.currentThread().getName() + "' and would block it; call it from the test method "
                    + "itself, or chain the future with thenCompose");
        }
    }

    @Override
    public String toString() {
        return "TestLoop[" + scope.loop().name() + ", " + scope.testName() + "]";
    }
}
