package dev.squall.async;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A running coroutine: a virtual thread that holds its {@link IOLoop} while it runs and hands the loop back
 * while it waits in {@link Coroutines#await(CompletionStage)}. Start one with
 * {@link Coroutines#launch(IOLoop, Callable)}; the handle lets you cancel it and read its outcome.
 *
 * <pre>{@code
 * Coroutine<String> c = Coroutines.launch(loop, () -> {
 *     User user = await(Async.blocking(() -> users.byId(42)));
 *     return user.name();
 * });
 * c.future().thenAccept(name -> ...);   // runs on the loop thread
 * c.cancel();                           // the pending await throws CancellationException
 * }</pre>
 *
 * <h2>How it holds the loop</h2>
 * A slice of the coroutine (from its start or from a resumption to its next wait) is one task of the loop, and
 * nothing else runs on the loop until the slice ends — no other task, timer, I/O or coroutine — so its code may
 * touch loop-confined state without locks, exactly as a callback on the loop thread would. Inside,
 * {@link IOLoop#inEventLoop()} is true and {@link IOLoop#current()} returns the loop. Two mechanisms keep this
 * contract, chosen once per JVM ({@link Coroutines#runOnLoopThread()}):
 *
 * <ul>
 *   <li><b>Loop carrier</b> (with {@code --add-opens java.base/java.lang=ALL-UNNAMED} on JDK 24+): the virtual
 *       thread's scheduler is this coroutine's {@code CarrierSlices} (the thread made by {@link LoopCarrier}),
 *       and a slice runs the thread's continuation on the loop thread itself. An {@code await} yields the
 *       continuation back to the loop task; the stage's completion queues the next slice. If the coroutine's code parks for any other reason (a blocking JDK
 *       call, a {@code java.util.concurrent} lock, a contended monitor), the loop thread waits in the slice for
 *       the continuation to come back, so the coroutine keeps holding the loop, as in the hand-off mode.</li>
 *   <li><b>Hand-off</b> (otherwise): the coroutine's virtual thread runs on the JDK's carriers; the loop thread
 *       hands it a baton and parks until the coroutine hands it back; the baton's volatile hand-over makes each
 *       side's writes visible to the other ({@code HandOffSlices}).</li>
 * </ul>
 *
 * <p>The handle's methods are safe from any thread.
 *
 * @param <T> the coroutine's result type
 */
public final class Coroutine<T extends @Nullable Object> {
    private static final ThreadLocal<Coroutine<?>> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger IDS = new AtomicInteger();
    /** Whether coroutines run on their loop's thread (see the class comment); fixed for the JVM's life. */
    static final boolean ON_LOOP_CARRIER = LoopCarrier.available();

    /** Lifecycle; written only by whoever holds the loop (or by the coroutine just before it releases it). */
    static final int NEW = 0;

    static final int RUNNING = 1;
    static final int SUSPENDED = 2;
    static final int DETACHED = 3;
    static final int FINISHED = 4;
    /** Loop carrier only: offLoop's work is done and the coroutine waits for a slice of the loop. */
    static final int RETURNING = 5;

    final IOLoop loop;
    private final Callable<T> body;
    final CompletableFuture<T> future = new CompletableFuture<>();
    final String name;
    /** The loop side: runs the slices and gives the loop back (the loop carrier's or the hand-off's). */
    private final Slices slices;

    @Nullable
    Thread thread;

    volatile int state = NEW;
    private volatile boolean cancelRequested;
    /** The loop closed under a suspended coroutine: it unwinds without a loop. */
    volatile boolean abandoned;

    // Confined to whoever holds the loop; published by the hand-over of the loop (a volatile write and read).
    private @Nullable AwaitSlot<?> pendingSlot;
    private @Nullable CompletionStage<?> pendingStage;
    private @Nullable T result;
    private @Nullable Throwable failure;

    private Coroutine(IOLoop loop, Callable<T> body) {
        this.loop = loop;
        this.body = body;
        this.name = "squall-coroutine-" + IDS.incrementAndGet() + "@" + loop.name();
        this.slices = Slices.of(this);
    }

    static <T extends @Nullable Object> Coroutine<T> start(IOLoop loop, Callable<T> body) {
        Coroutine<T> c = new Coroutine<>(loop, body);
        loop.execute(c::firstSlice);
        c.cancelWithFuture();
        return c;
    }

    /**
     * Runs the first slice in the caller's loop task when called on the loop's own thread (not from a
     * coroutine, which would nest one baton inside another); otherwise queues it as {@link #start} does.
     */
    static <T extends @Nullable Object> Coroutine<T> startNow(IOLoop loop, Callable<T> body) {
        if (Thread.currentThread() != LoopInternals.thread(loop)) {
            return start(loop, body);
        }
        Coroutine<T> c = new Coroutine<>(loop, body);
        c.cancelWithFuture();
        c.firstSlice();
        return c;
    }

    /** Cancelling the future (rather than the handle) cancels the coroutine too, as Kotlin's future {} does. */
    private void cancelWithFuture() {
        future.whenComplete((v, e) -> {
            if (e instanceof CancellationException && state != FINISHED) {
                cancel();
            }
        });
    }

    /**
     * Returns the future of the coroutine's outcome: its body's return value or the exception it threw. The
     * future completes on the loop thread after the coroutine has handed the loop back, so continuations
     * chained on it run on the loop. Cancelling the future cancels the coroutine, as {@link #cancel()} does,
     * but the future is then complete before the coroutine has unwound; to wait for the unwinding, call
     * {@link #cancel()} and wait for the future.
     *
     * @return the outcome, completed on the loop
     */
    public CompletableFuture<T> future() {
        return future;
    }

    /** Returns the loop this coroutine holds while it runs. */
    public IOLoop loop() {
        return loop;
    }

    /**
     * Returns whether the coroutine's {@linkplain #future() future} is complete: it returned or threw, or it
     * was cancelled through its future or before it started.
     */
    public boolean isDone() {
        return future.isDone();
    }

    /**
     * Cancels the coroutine. Its pending {@code await} — or, if it is running right now, its next one — throws
     * {@link CancellationException} inside the coroutine, and the awaited future is cancelled too (as
     * Kotlin's {@code CompletionStage.await()} does), so a lock or queue waiter goes away instead of later
     * receiving an item nobody takes. Cancellation is delivered once: code in {@code finally} or {@code catch}
     * blocks may await again, e.g. to release a resource. During {@link Coroutines#offLoop(Callable)} the
     * coroutine's thread is interrupted and {@code offLoop} throws {@code CancellationException} when the call
     * returns. A coroutine cancelled before it started never runs, and its future is cancelled. No effect
     * once it has finished.
     *
     * <p>Safe from any thread: on the loop (or inside a coroutine of the loop) it takes effect at once;
     * elsewhere it hops onto the loop.
     */
    public void cancel() {
        if (!loop.inEventLoop()) {
            // A closed loop: a suspended coroutine was or will be abandoned; nothing to deliver.
            loop.tryExecute(this::cancel);
            return;
        }
        switch (state) {
            case NEW -> {
                state = FINISHED;
                future.cancel(false);
            }
            case SUSPENDED -> {
                AwaitSlot<?> slot = pendingSlot;
                CompletionStage<?> stage = pendingStage;
                if (slot != null && slot.complete(null, new CancellationException("the coroutine was cancelled"))) {
                    if (stage != null) {
                        cancelStage(stage);
                    }
                } else {
                    cancelRequested = true; // its resumption is already queued: the next await throws
                }
            }
            case DETACHED -> {
                cancelRequested = true;
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }
            case RUNNING, RETURNING -> cancelRequested = true;
            default -> {
                // FINISHED: nothing to cancel
            }
        }
    }

    @Override
    public String toString() {
        return "Coroutine[" + name + ", "
                + switch (state) {
                    case NEW -> "new";
                    case RUNNING -> "running";
                    case SUSPENDED -> "suspended";
                    case DETACHED, RETURNING -> "off the loop";
                    default -> "finished";
                }
                + "]";
    }

    // ---------------------------------------------------------------------------------------------------
    // The loop side: each slice is one loop task; Slices (CarrierSlices or HandOffSlices) runs them.

    private void firstSlice() {
        if (state != NEW) {
            return; // cancelled before it started
        }
        slices.start();
    }

    void completeFuture() {
        Throwable f = failure;
        if (f != null) {
            future.completeExceptionally(f);
        } else {
            future.complete(result);
        }
    }

    /** Asks the loop to run the next slice; called by whichever thread completed the awaited stage. */
    void scheduleResume() {
        slices.resume();
    }

    // ---------------------------------------------------------------------------------------------------
    // The coroutine side: runs on the virtual thread.

    /** The body of the coroutine's virtual thread. */
    void run() {
        CURRENT.set(this);
        LoopInternals.bindCurrent(loop);
        state = RUNNING;
        try {
            result = body.call();
        } catch (Throwable t) {
            failure = t;
        }
        LoopInternals.bindCurrent(null);
        CURRENT.remove();
        state = FINISHED;
        if (abandoned) {
            completeFuture(); // no loop to complete it on
            return;
        }
        slices.bodyEnded();
    }

    static @Nullable Coroutine<?> current() {
        return CURRENT.get();
    }

    <V extends @Nullable Object> V await(CompletionStage<V> stage) {
        if (abandoned) {
            throw new CancellationException("the loop " + loop.name() + " closed under this coroutine");
        }
        if (state == DETACHED) {
            throw new IllegalStateException("await() was called inside offLoop(...), where the coroutine has "
                    + "released its loop; await before or after the offLoop call, not inside it");
        }
        if (cancelRequested) {
            cancelRequested = false;
            cancelStage(stage);
            throw new CancellationException("the coroutine was cancelled");
        }
        if (stage instanceof CompletableFuture<V> cf && isDone(cf)) {
            return Coroutine.<V>valueOf(cf);
        }
        AwaitSlot<V> slot = new AwaitSlot<>(this);
        pendingSlot = slot;
        pendingStage = stage;
        slices.beforeSuspend();
        state = SUSPENDED;
        stage.whenComplete(slot);
        if (slot.suspend() && !slices.suspend() && slot.claim(CarrierSlices.pinned(loop, "await()"))) {
            state = RUNNING;
            pendingSlot = null;
            pendingStage = null;
            return slot.outcome(); // throws the pinned error
        }
        state = RUNNING;
        pendingSlot = null;
        pendingStage = null;
        if (abandoned && !slot.completedBeforeSuspend) {
            throw new CancellationException("the loop " + loop.name() + " closed while this coroutine waited");
        }
        return slot.outcome();
    }

    <V extends @Nullable Object> V offLoop(Callable<V> work) {
        if (abandoned) {
            throw new CancellationException("the loop " + loop.name() + " closed under this coroutine");
        }
        if (state == DETACHED) {
            throw new IllegalStateException("offLoop() was called inside offLoop(...); the coroutine is already off "
                    + "its loop, so call the blocking code directly");
        }
        if (cancelRequested) {
            cancelRequested = false;
            throw new CancellationException("the coroutine was cancelled");
        }
        state = DETACHED;
        LoopInternals.bindCurrent(null);
        if (!slices.detach()) {
            LoopInternals.bindCurrent(loop);
            state = RUNNING;
            throw CarrierSlices.pinned(loop, "offLoop()");
        }
        V value = null;
        Throwable error = null;
        try {
            value = work.call();
        } catch (Throwable t) {
            error = t;
        }
        slices.reattach();
        LoopInternals.bindCurrent(loop);
        state = RUNNING;
        if (abandoned) {
            CancellationException ce =
                    new CancellationException("the loop " + loop.name() + " closed while offLoop ran");
            if (error != null) {
                ce.addSuppressed(error);
            }
            throw ce;
        }
        if (cancelRequested) {
            cancelRequested = false;
            CancellationException ce = new CancellationException("the coroutine was cancelled during offLoop");
            if (error != null) {
                ce.initCause(error);
            }
            throw ce;
        }
        if (error != null) {
            throw Coroutine.<RuntimeException>sneakyThrow(error);
        }
        return nullable(value);
    }

    // ---------------------------------------------------------------------------------------------------

    private static void cancelStage(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException notAFuture) {
            // a stage that cannot be turned into a future cannot be cancelled either
        }
    }

    /** A minimal stage is a CompletableFuture whose isDone() throws; it takes the general path. */
    private static boolean isDone(CompletableFuture<?> f) {
        try {
            return f.isDone();
        } catch (UnsupportedOperationException minimalStage) {
            return false;
        }
    }

    private static <V extends @Nullable Object> V valueOf(CompletableFuture<V> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            throw Coroutine.<RuntimeException>sneakyThrow(Futures.unwrap(e));
        }
    }

    /** Throws any throwable, checked or not, without declaring it: await rethrows the stage's own exception. */
    @SuppressWarnings("unchecked")
    static <X extends Throwable> X sneakyThrow(Throwable t) throws X {
        throw (X) t;
    }

    /**
     * Returns a result typed as the caller's {@code V}: null is a legitimate value when {@code V} is a nullable
     * type (a {@code Void} coroutine), which NullAway cannot see through the generic.
     */
    @SuppressWarnings({"NullAway", "unchecked"})
    static <V extends @Nullable Object> V nullable(@Nullable Object value) {
        return (V) value;
    }
}
