package dev.squall.async;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 *       thread's scheduler is this coroutine ({@link LoopCarrier}), and a slice runs the thread's continuation
 *       on the loop thread itself. An {@code await} yields the continuation back to the loop task; the stage's
 *       completion queues the next slice. If the coroutine's code parks for any other reason (a blocking JDK
 *       call, a {@code java.util.concurrent} lock, a contended monitor), the loop thread waits in the slice for
 *       the continuation to come back, so the coroutine keeps holding the loop, as in the hand-off mode.</li>
 *   <li><b>Hand-off</b> (otherwise): the coroutine's virtual thread runs on the JDK's carriers; the loop thread
 *       hands it a baton and parks until the coroutine hands it back; the baton's volatile hand-over makes each
 *       side's writes visible to the other.</li>
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

    private static final VarHandle SLICE_QUEUED;

    static {
        try {
            SLICE_QUEUED = MethodHandles.lookup().findVarHandle(Coroutine.class, "sliceQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Lifecycle; written only by whoever holds the loop (or by the coroutine just before it releases it). */
    private static final int NEW = 0;

    private static final int RUNNING = 1;
    private static final int SUSPENDED = 2;
    private static final int DETACHED = 3;
    private static final int FINISHED = 4;
    /** Loop carrier only: offLoop's work is done and the coroutine waits for a slice of the loop. */
    private static final int RETURNING = 5;

    private final IOLoop loop;
    private final Callable<T> body;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final String name;
    private final Runnable resume = this::resumeSlice;
    private @Nullable Thread thread;
    private @Nullable Thread loopThread;

    /** The baton: true while the coroutine holds the loop (or runs detached from a closed loop). */
    private volatile boolean coroutineTurn;

    private volatile int state = NEW;
    private volatile boolean cancelRequested;
    /** The loop closed under a suspended coroutine: it unwinds without a loop. */
    private volatile boolean abandoned;

    // Loop carrier only (see the "loop carrier" section below).
    /** The JDK's task that runs this coroutine's virtual thread: the first one its scheduler receives. */
    private @Nullable Runnable continuation;
    /** The continuation, handed back while the loop thread waits in a slice for the parked coroutine. */
    private volatile @Nullable Runnable handoff;
    /** A slice task is queued on the loop. */
    @SuppressWarnings("unused") // through SLICE_QUEUED
    private volatile boolean sliceQueued;
    /** The pending await's stage has completed: the coroutine may resume. Reset by each await. */
    private volatile boolean resumeRequested;
    /** Set by the scheduler when the coroutine's own yield reached it: the yield was not refused (pinned). */
    private volatile boolean yieldArrived;

    private final Runnable sliceTask = this::sliceTask;

    // Confined to whoever holds the loop; published by the baton's volatile hand-over.
    private @Nullable AwaitSlot<?> pendingSlot;
    private @Nullable CompletionStage<?> pendingStage;
    private @Nullable T result;
    private @Nullable Throwable failure;

    private Coroutine(IOLoop loop, Callable<T> body) {
        this.loop = loop;
        this.body = body;
        this.name = "squall-coroutine-" + IDS.incrementAndGet() + "@" + loop.name();
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
    // The loop side: each slice is one loop task.

    private void firstSlice() {
        if (state != NEW) {
            return; // cancelled before it started
        }
        if (ON_LOOP_CARRIER) {
            startOnLoop();
            return;
        }
        Thread t = Thread.ofVirtual().name(name).unstarted(this::run);
        thread = t;
        runSlice(t, true);
    }

    private void resumeSlice() {
        Thread t = thread;
        if (t == null || state == FINISHED) {
            return;
        }
        runSlice(t, false);
    }

    private void runSlice(Thread t, boolean start) {
        Thread self = Thread.currentThread();
        loopThread = self;
        LoopInternals.setDelegate(loop, t);
        coroutineTurn = true;
        if (start) {
            try {
                t.start();
            } catch (Throwable notStarted) { // e.g. OutOfMemoryError: no thread, so no coroutine to wait for
                coroutineTurn = false;
                LoopInternals.setDelegate(loop, null);
                state = FINISHED;
                future.completeExceptionally(notStarted);
                return;
            }
        } else {
            LockSupport.unpark(t);
        }
        // No spinning before parking, on either side: measured on a busy 2-core machine, a spinning loop thread
        // or carrier takes the core the other side needs and makes the round trip slower (docs/async.md).
        boolean interrupted = false;
        while (coroutineTurn) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // keep parking; restore the flag for the loop afterwards
            }
        }
        LoopInternals.setDelegate(loop, null);
        if (interrupted) {
            self.interrupt();
        }
        if (state == FINISHED) {
            completeFuture();
        }
    }

    private void completeFuture() {
        Throwable f = failure;
        if (f != null) {
            future.completeExceptionally(f);
        } else {
            future.complete(result);
        }
    }

    /** Asks the loop to run the next slice; called by whichever thread completed the awaited stage. */
    void scheduleResume() {
        if (ON_LOOP_CARRIER) {
            resumeRequested = true;
            requestSlice();
            return;
        }
        if (!loop.tryExecute(resume)) {
            abandon(); // the loop is closed
        }
    }

    /**
     * The loop closed while the coroutine waited: let it unwind on its own thread, without a loop, so that
     * its finally blocks run and its thread ends. Its await throws CancellationException.
     */
    private void abandon() {
        abandoned = true;
        coroutineTurn = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The loop carrier: this coroutine is its virtual thread's scheduler, and slices run it on the loop thread.
    // Measured (benchmarks/README.md): an await round trip is a continuation yield and resume, ~0.6 µs of CPU,
    // against 10–15 µs for the hand-off's two park/unpark pairs between threads.

    private void startOnLoop() {
        sliceQueued = true; // the start's submission must not queue a slice: this task runs the first one
        try {
            Thread t = LoopCarrier.newThread(this::schedule, name, this::run);
            thread = t;
            t.start(); // hands schedule() the continuation
        } catch (Throwable notStarted) { // e.g. OutOfMemoryError: no thread, so no coroutine to wait for
            state = FINISHED;
            future.completeExceptionally(notStarted);
            return;
        }
        sliceQueued = false;
        runSlice();
    }

    /**
     * The virtual thread's scheduler: the JDK calls it with the thread's continuation whenever the thread is
     * ready to run (started, unparked, yielded), on whichever thread made it ready.
     */
    private void schedule(Runnable task) {
        Runnable own = continuation;
        if (own == null) {
            continuation = own = task; // the first submission is the thread's start
        } else if (task != own) {
            LoopCarrier.defaultScheduler().execute(task); // a virtual thread started inside the coroutine
            return;
        }
        yieldArrived = true;
        if (abandoned) {
            LoopCarrier.offLoop().execute(task);
            return;
        }
        switch (state) {
            case RUNNING -> {
                // Parked in a blocking call while holding the loop: the slice waits for exactly this.
                handoff = task;
                Thread waiting = loopThread;
                if (waiting != null && Thread.currentThread() != waiting) {
                    LockSupport.unpark(waiting);
                }
            }
            case DETACHED -> LoopCarrier.offLoop().execute(task); // offLoop's work runs off the loop
            default -> requestSlice(); // NEW, SUSPENDED, RETURNING; FINISHED: a stale submission, ignored
        }
    }

    private boolean readyForSlice() {
        int s = state;
        return s == NEW || s == RETURNING || (s == SUSPENDED && resumeRequested);
    }

    /** Queues one slice on the loop once the coroutine may continue there. Any thread. */
    private void requestSlice() {
        if (!readyForSlice() || !SLICE_QUEUED.compareAndSet(this, false, true)) {
            return;
        }
        if (!loop.tryExecute(sliceTask)) {
            // The loop is gone: the coroutine unwinds without it, on the JDK's carriers (its await throws).
            abandoned = true;
            Runnable own = continuation;
            if (own != null) {
                LoopCarrier.offLoop().execute(own);
            }
        }
    }

    private void sliceTask() {
        sliceQueued = false; // from here on, a new submission queues another slice
        if (readyForSlice()) {
            runSlice();
        }
    }

    /**
     * Runs the coroutine on the loop thread until it awaits, goes off the loop or ends. A submission the JDK
     * repeats (it does, after taking an unmounted thread's stack) finds the thread not runnable and returns at
     * once; the state then tells that the coroutine did not continue, and the slice ends.
     */
    private void runSlice() {
        Runnable next = continuation;
        Thread self = Thread.currentThread();
        boolean interrupted = Thread.interrupted(); // mounting syncs the carrier's flag with the coroutine's
        loopThread = self;
        handoff = null;
        LoopInternals.setDelegate(loop, thread);
        while (next != null) {
            next.run();
            if (state != RUNNING) {
                break; // it awaits, went off the loop, or finished: the slice is over
            }
            // It parked in a blocking call (sleep, I/O, a lock): it still holds the loop, so nothing else may run
            // here until it continues; the watchdog reports a long wait with the coroutine's stack.
            Runnable h;
            while ((h = handoff) == null) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            handoff = null;
            next = h;
        }
        LoopInternals.setDelegate(loop, null);
        if (interrupted) {
            self.interrupt();
        }
        if (state == FINISHED && !abandoned) {
            completeFuture();
        }
    }

    /**
     * Gives the loop thread back from inside the coroutine: {@code Thread.yield()} hands the continuation to
     * {@link #schedule}. Returns false if the JDK refused (the thread is pinned: a native frame on its stack).
     */
    private boolean yieldToLoop() {
        yieldArrived = false;
        Thread.yield();
        return yieldArrived;
    }

    private IllegalStateException pinned(String what) {
        return new IllegalStateException(what + " cannot give loop " + loop.name() + " back here: the coroutine is"
                + " pinned to the loop thread by a native frame on its stack (a class initializer, a JNI or"
                + " foreign-function upcall), and waiting there would block the loop; move the call out of it");
    }

    // ---------------------------------------------------------------------------------------------------
    // The coroutine side: runs on the virtual thread.

    private void run() {
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
        if (ON_LOOP_CARRIER) {
            return; // ends the slice: runSlice completes the future on the loop
        }
        coroutineTurn = false;
        LockSupport.unpark(loopThread);
    }

    /** Hands the loop back and parks until the loop resumes this coroutine. */
    private void releaseLoopAndWait() {
        coroutineTurn = false;
        LockSupport.unpark(loopThread);
        waitForTurn();
    }

    private void waitForTurn() {
        while (!coroutineTurn) {
            LockSupport.park(this);
            // Interrupts are not a way to stop a coroutine (cancel() is); one left by cancel() during offLoop
            // must not turn this wait into a spin.
            Thread.interrupted();
        }
        Thread.interrupted();
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
        resumeRequested = false;
        state = SUSPENDED;
        stage.whenComplete(slot);
        if (slot.suspend()) {
            if (!ON_LOOP_CARRIER) {
                releaseLoopAndWait();
            } else if (!yieldToLoop() && slot.claim(pinned("await()"))) {
                state = RUNNING;
                pendingSlot = null;
                pendingStage = null;
                return slot.outcome(); // throws the pinned error
            }
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
        if (!ON_LOOP_CARRIER) {
            coroutineTurn = false;
            LockSupport.unpark(loopThread);
        } else if (!yieldToLoop()) { // schedule() sends the coroutine to the JDK's carriers; the slice ends
            LoopInternals.bindCurrent(loop);
            state = RUNNING;
            throw pinned("offLoop()");
        }
        V value = null;
        Throwable error = null;
        try {
            value = work.call();
        } catch (Throwable t) {
            error = t;
        }
        if (ON_LOOP_CARRIER) {
            state = RETURNING;
            Thread.yield(); // schedule() queues a slice; the coroutine continues here on the loop thread
        } else {
            scheduleResume();
            waitForTurn();
        }
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
