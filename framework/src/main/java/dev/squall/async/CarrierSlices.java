package dev.squall.async;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The loop carrier (see {@link Coroutine}): this object is the scheduler of the coroutine's virtual thread
 * ({@link LoopCarrier#newThread}), and each slice runs the thread's continuation on the loop thread. An await
 * yields the continuation back to the slice; the stage's completion queues the next slice. Measured
 * (benchmarks/README.md): an await round trip is a continuation yield and resume, ~0.6 µs of CPU, against
 * 10–15 µs for the hand-off's two park/unpark pairs between threads. This object is also the loop task that runs
 * a slice.
 */
final class CarrierSlices extends Slices implements Executor, Runnable {
    private static final VarHandle SLICE_QUEUED;

    static {
        try {
            SLICE_QUEUED = MethodHandles.lookup().findVarHandle(CarrierSlices.class, "sliceQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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

    CarrierSlices(Coroutine<?> coroutine) {
        super(coroutine);
    }

    // ---------------------------------------------------------------------------------------------------
    // The loop side and the scheduler.

    @Override
    void start() {
        Coroutine<?> c = coroutine;
        sliceQueued = true; // the start's submission must not queue a slice: this task runs the first one
        try {
            Thread t = LoopCarrier.newThread(this, c.name, c::run);
            c.thread = t;
            t.start(); // hands execute() the continuation
        } catch (Throwable notStarted) { // e.g. OutOfMemoryError: no thread, so no coroutine to wait for
            c.state = Coroutine.FINISHED;
            c.future.completeExceptionally(notStarted);
            return;
        }
        sliceQueued = false;
        runSlice();
    }

    /**
     * The virtual thread's scheduler: the JDK calls it with the thread's continuation whenever the thread is
     * ready to run (started, unparked, yielded), on whichever thread made it ready.
     */
    @Override
    public void execute(Runnable task) {
        Runnable own = continuation;
        if (own == null) {
            continuation = own = task; // the first submission is the thread's start
        } else if (task != own) {
            LoopCarrier.defaultScheduler().execute(task); // a virtual thread started inside the coroutine
            return;
        }
        yieldArrived = true;
        if (coroutine.abandoned) {
            LoopCarrier.offLoop().execute(task);
            return;
        }
        switch (coroutine.state) {
            case Coroutine.RUNNING -> {
                // Parked in a blocking call while holding the loop: the slice waits for exactly this.
                handoff = task;
                Thread waiting = loopThread;
                if (waiting != null && Thread.currentThread() != waiting) {
                    LockSupport.unpark(waiting);
                }
            }
            case Coroutine.DETACHED -> LoopCarrier.offLoop().execute(task); // offLoop's work runs off the loop
            default -> requestSlice(); // NEW, SUSPENDED, RETURNING; FINISHED: a stale submission, ignored
        }
    }

    @Override
    void resume() {
        resumeRequested = true;
        requestSlice();
    }

    private boolean readyForSlice() {
        int s = coroutine.state;
        return s == Coroutine.NEW || s == Coroutine.RETURNING || (s == Coroutine.SUSPENDED && resumeRequested);
    }

    /** Queues one slice on the loop once the coroutine may continue there. Any thread. */
    private void requestSlice() {
        if (!readyForSlice() || !SLICE_QUEUED.compareAndSet(this, false, true)) {
            return;
        }
        if (!coroutine.loop.tryExecute(this)) {
            // The loop is gone: the coroutine unwinds without it, on the JDK's carriers (its await throws).
            coroutine.abandoned = true;
            Runnable own = continuation;
            if (own != null) {
                LoopCarrier.offLoop().execute(own);
            }
        }
    }

    /** The slice task that {@link #requestSlice()} queues. */
    @Override
    public void run() {
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
        Coroutine<?> c = coroutine;
        Runnable next = continuation;
        Thread self = Thread.currentThread();
        boolean interrupted = Thread.interrupted(); // mounting syncs the carrier's flag with the coroutine's
        loopThread = self;
        handoff = null;
        LoopInternals.setDelegate(c.loop, c.thread);
        while (next != null) {
            next.run();
            if (c.state != Coroutine.RUNNING) {
                break; // it awaits, went off the loop, or finished: the slice is over
            }
            // It parked in a blocking call (sleep, I/O, a lock): it still holds the loop, so nothing else may run
            // here until it continues; the watchdog reports a long wait with the coroutine's stack.
            Runnable h;
            while ((h = handoff) == null) {
                LockSupport.park(c);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            handoff = null;
            next = h;
        }
        LoopInternals.setDelegate(c.loop, null);
        if (interrupted) {
            self.interrupt();
        }
        if (c.state == Coroutine.FINISHED && !c.abandoned) {
            c.completeFuture();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The coroutine side: runs on the virtual thread, mounted on the loop thread.

    @Override
    void beforeSuspend() {
        resumeRequested = false;
    }

    @Override
    boolean suspend() {
        return yieldToLoop();
    }

    @Override
    boolean detach() {
        return yieldToLoop(); // execute() sends the coroutine to the off-loop carriers; the slice ends
    }

    @Override
    void reattach() {
        coroutine.state = Coroutine.RETURNING;
        Thread.yield(); // execute() queues a slice; the coroutine continues here on the loop thread
    }

    @Override
    void bodyEnded() {
        // returning ends the slice: runSlice completes the future on the loop
    }

    /**
     * Gives the loop thread back from inside the coroutine: {@code Thread.yield()} hands the continuation to
     * {@link #execute}. Returns false if the JDK refused (the thread is pinned: a native frame on its stack).
     */
    private boolean yieldToLoop() {
        yieldArrived = false;
        Thread.yield();
        return yieldArrived;
    }

    /** The error of an await or offLoop that could not give the loop back because the coroutine is pinned. */
    static IllegalStateException pinned(IOLoop loop, String what) {
        return new IllegalStateException(what + " cannot give loop " + loop.name() + " back here: the coroutine is"
                + " pinned to the loop thread by a native frame on its stack (a class initializer, a JNI or"
                + " foreign-function upcall), and waiting there would block the loop; move the call out of it");
    }
}
