package dev.squall.web;

import dev.squall.async.Async;
import dev.squall.async.Coroutine;
import dev.squall.async.Coroutines;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A handler in the coroutine style: {@code prepare()} and {@code get()}, {@code post()}... are plain
 * {@code void} methods, as in {@link RequestHandler}, but they run as a coroutine, so they may
 * {@linkplain #await(CompletionStage) await} futures in straight-line code while the loop serves other
 * connections. The response is finished when the method returns (unless the handler finished it).
 *
 * <pre>{@code
 * final class ProfileHandler extends CoroutineRequestHandler {
 *     @Override public void get() {
 *         User user = await(Async.blocking(() -> users.byId(currentUserId())));   // JDBC off the loop
 *         HttpResponse avatar = await(http.fetch(user.avatarUrl()));              // the loop serves others
 *         write(Map.of("name", user.name(), "avatarBytes", avatar.body().size()));
 *     }
 * }
 * }</pre>
 *
 * <h2>Threading</h2>
 * One coroutine per request runs {@code prepare()} and then the method (see {@link Coroutine}): a virtual
 * thread that holds the request's loop while it runs and hands it back while it waits in {@code await} —
 * carried by the loop thread itself where the JVM allows it ({@link Coroutines#runOnLoopThread()}). It
 * starts at once, in the loop task that dispatched the request ({@link Coroutines#launchNow}), so a handler
 * that does not wait finishes its response in that task, as a plain handler does. So the
 * code here behaves exactly as a plain handler's: {@code request().loop().inEventLoop()} is true,
 * {@link dev.squall.loop.IOLoop#current()} is the request's loop, {@code write}, {@code flush} and
 * {@code finish} work, and the handler and anything else confined to the loop may be used without locks; no
 * other code of the loop runs until the coroutine awaits something pending or returns. It must not block, as
 * a plain handler must not: run blocking calls with {@link Async#blocking(Callable)} or
 * {@link #offLoop(Callable)}. A coroutine that blocks anyway holds its loop; with
 * {@link Application.Builder#debug(boolean) debug} on, the {@link dev.squall.loop.BlockingWatchdog} reports
 * where.
 *
 * <h2>When the client goes away</h2>
 * If the client closes the connection while the coroutine waits, {@link #onConnectionClose()} is called and
 * then the coroutine is {@linkplain Coroutine#cancel() cancelled}: the pending {@code await} (or the next one,
 * or {@code offLoop}) throws {@link CancellationException}, and the awaited future is cancelled too. Its
 * {@code finally} blocks run, and the request ends quietly: no error page, no error log. To keep running
 * to completion instead (a write to the database that must not be cut in half), override
 * {@link #cancelOnDisconnect()} to return false.
 *
 * <h2>Errors</h2>
 * As in the other styles: an exception thrown by {@code prepare()} or the method — also one that
 * {@code await} rethrows from a failed future — is logged and answered with an error page, with its status
 * for an {@link HttpError}, else 500; {@link Finish} ends the request quietly with what was written.
 *
 * <h2>Cost</h2>
 * One virtual thread per request. On the loop thread, it and each {@code await} of a pending future cost
 * about as much as the chained style (a continuation yield and resume); with the hand-off, starting it is two
 * hand-overs of the loop between threads, and each {@code await} two more (about 12 µs a round trip). An
 * {@code await} of a future that is already complete costs nothing. docs/async.md gives the measured cost of
 * each style.
 */
public abstract class CoroutineRequestHandler extends RequestHandler {
    private @Nullable Coroutine<@Nullable Void> coroutine;
    /** Set by the coroutine (holding the loop) when it starts the HTTP method. */
    private boolean methodStarted;
    /** Set on the loop when the coroutine is cancelled because the client went away. */
    private boolean cancelledOnDisconnect;

    /** Creates the handler; called by its route's factory. */
    protected CoroutineRequestHandler() {}

    /**
     * Waits for {@code stage} and returns its value or throws its exception, handing the loop to other work
     * meanwhile: {@link Coroutines#await(CompletionStage)}, here so that handler code needs no static import.
     * Call it from {@code prepare()} or an HTTP method (or anything they call, on the same thread).
     *
     * @param stage the stage to wait for
     * @param <T> the value type
     * @return the stage's value
     * @throws CancellationException if the client went away while the handler waited (see the class comment),
     *     or the stage was cancelled
     * @throws IllegalStateException if called outside a coroutine: from another thread, or from a callback
     *     the handler registered (which runs on the bare loop thread)
     */
    protected static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
        return Coroutines.await(stage);
    }

    /**
     * Runs blocking {@code work} (JDBC, file I/O, a heavy computation) on this coroutine's own thread after
     * handing the loop back, and takes the loop again before returning: {@link Coroutines#offLoop(Callable)}.
     * {@code work} runs off the loop, so it must not touch the handler's output or other loop state.
     *
     * @param work the blocking call
     * @param <T> the value type
     * @return what {@code work} returned
     * @throws CancellationException if the client went away while {@code work} ran (its thread was interrupted)
     * @throws IllegalStateException if called outside the handler's coroutine
     */
    protected static <T extends @Nullable Object> T offLoop(Callable<T> work) {
        return Coroutines.offLoop(work);
    }

    /**
     * Returns whether the handler's coroutine is cancelled when the client closes the connection while it
     * waits. Called on the loop when that happens, after {@link #onConnectionClose()}. Default: true. Override
     * to return false for work that must complete even though nobody will read the answer; the response is
     * then finished as usual when the method returns, and what it writes is dropped.
     *
     * @return true to cancel the coroutine on disconnect
     */
    protected boolean cancelOnDisconnect() {
        return true;
    }

    /**
     * Starts the request's coroutine and runs it until it first waits: {@code prepare()} and then, unless
     * {@code prepare()} finished the response, the HTTP method. For the framework, not for application code.
     *
     * @return the coroutine's future, completed on the loop when the method has returned (already, if it
     *     never waited)
     */
    @Override
    protected final CompletionStage<?> invokePrepare() {
        Coroutine<@Nullable Void> c = Coroutines.launchNow(request().loop(), this::runRequest);
        coroutine = c;
        return c.future();
    }

    /**
     * Returns a completed stage: the coroutine that {@link #invokePrepare()} started has already run the
     * method when the framework calls this. For the framework, not for application code.
     *
     * @param method the request's method
     * @return a completed stage
     * @throws IllegalStateException if the request's coroutine did not run the method (the hook was called
     *     out of the framework's lifecycle)
     */
    @Override
    protected final CompletionStage<?> invokeMethod(HttpMethod method) {
        return ranByCoroutine("invokeMethod");
    }

    /**
     * Returns a completed stage: the request's coroutine has already run {@link #extraMethod(String)}, as
     * {@link #invokeMethod(HttpMethod)} says. For the framework, not for application code.
     *
     * @param name the request's method
     * @return a completed stage
     * @throws IllegalStateException if the request's coroutine did not run the method
     */
    @Override
    protected final CompletionStage<?> invokeExtraMethod(String name) {
        return ranByCoroutine("invokeExtraMethod");
    }

    private CompletionStage<?> ranByCoroutine(String hook) {
        if (!methodStarted) {
            throw new IllegalStateException(hook + "() of a CoroutineRequestHandler runs nothing: the "
                    + "request's coroutine runs prepare() and the method; only the framework calls these hooks");
        }
        return DONE;
    }

    /** The coroutine's body: one coroutine spans prepare() and the method (one thread start per request). */
    private @Nullable Void runRequest() throws Exception {
        try {
            prepare();
            if (!isFinished()) {
                CompletionStage<?> body = super.bodyReadyForMethod(); // a streamed body flows now
                if (body != DONE) {
                    await(body);
                }
            }
            if (!isFinished()) {
                // The user lookup and @Authenticated run here, in the coroutine: getCurrentUser() may await.
                CompletionStage<?> ready = super.userReadyForMethod();
                if (ready != DONE) {
                    await(ready);
                }
                if (!isFinished() && super.authorizeMethod()) {
                    methodStarted = true;
                    String extra = extraMethodName();
                    if (extra != null) {
                        super.invokeExtraMethod(extra);
                    } else {
                        super.invokeMethod(method());
                    }
                }
            }
            return null;
        } catch (CancellationException e) {
            if (cancelledOnDisconnect) {
                throw new Finish(); // the client left: end quietly, with no error page and no error log
            }
            throw e;
        }
    }

    /** The coroutine has already waited for the user (see {@link #runRequest()}). */
    @Override
    final CompletionStage<?> userReadyForMethod() {
        return DONE;
    }

    /** The coroutine has already applied {@link Authenticated} (see {@link #runRequest()}). */
    @Override
    final boolean authorizeMethod() {
        return true;
    }

    @Override
    final void clientDisconnected() {
        Coroutine<@Nullable Void> c = coroutine;
        if (c != null && !c.isDone() && cancelOnDisconnect()) {
            cancelledOnDisconnect = true;
            c.cancel();
        }
    }
}
