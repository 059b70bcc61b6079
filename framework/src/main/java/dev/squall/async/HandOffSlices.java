package dev.squall.async;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off (see {@link Coroutine}): the coroutine's virtual thread runs on the JDK's carriers; for each
 * slice the loop thread hands it a baton and parks until the coroutine hands the baton back, and the baton's
 * volatile hand-over publishes each side's writes to the other. Used when the loop carrier is not available
 * ({@link LoopCarrier#UNAVAILABLE}). This object is the loop task that resumes the coroutine.
 */
final class HandOffSlices extends Slices implements Runnable {
    /** The baton: true while the coroutine holds the loop (or runs detached from a closed loop). */
    private volatile boolean coroutineTurn;

    HandOffSlices(Coroutine<?> coroutine) {
        super(coroutine);
    }

    // ---------------------------------------------------------------------------------------------------
    // The loop side: each slice is one loop task.

    @Override
    void start() {
        Coroutine<?> c = coroutine;
        Thread t = Thread.ofVirtual().name(c.name).unstarted(c::run);
        c.thread = t;
        runSlice(t, true);
    }

    /** Resumes the coroutine: the loop task that {@link #resume()} queues. */
    @Override
    public void run() {
        Thread t = coroutine.thread;
        if (t == null || coroutine.state == Coroutine.FINISHED) {
            return;
        }
        runSlice(t, false);
    }

    private void runSlice(Thread t, boolean start) {
        Coroutine<?> c = coroutine;
        IOLoop loop = c.loop;
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
                c.state = Coroutine.FINISHED;
                c.future.completeExceptionally(notStarted);
                return;
            }
        } else {
            LockSupport.unpark(t);
        }
        // No spinning before parking, on either side: measured on a busy 2-core machine, a spinning loop thread
        // or carrier takes the core the other side needs and makes the round trip slower (docs/async.md).
        boolean interrupted = false;
        while (coroutineTurn) {
            LockSupport.park(c);
            if (Thread.interrupted()) {
                interrupted = true; // keep parking; restore the flag for the loop afterwards
            }
        }
        LoopInternals.setDelegate(loop, null);
        if (interrupted) {
            self.interrupt();
        }
        if (c.state == Coroutine.FINISHED) {
            c.completeFuture();
        }
    }

    @Override
    void resume() {
        if (!coroutine.loop.tryExecute(this)) {
            abandon(); // the loop is closed
        }
    }

    /**
     * The loop closed while the coroutine waited: let it unwind on its own thread, without a loop, so that
     * its finally blocks run and its thread ends. Its await throws CancellationException.
     */
    private void abandon() {
        coroutine.abandoned = true;
        coroutineTurn = true;
        Thread t = coroutine.thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The coroutine side: runs on the virtual thread.

    @Override
    void beforeSuspend() {
        // every resumption is queued by resume(): nothing to reset
    }

    /** Hands the loop back and parks until the loop resumes this coroutine. */
    @Override
    boolean suspend() {
        releaseLoop();
        waitForTurn();
        return true;
    }

    @Override
    boolean detach() {
        releaseLoop();
        return true;
    }

    @Override
    void reattach() {
        resume();
        waitForTurn();
    }

    @Override
    void bodyEnded() {
        releaseLoop();
    }

    private void releaseLoop() {
        coroutineTurn = false;
        LockSupport.unpark(loopThread);
    }

    private void waitForTurn() {
        while (!coroutineTurn) {
            LockSupport.park(coroutine);
            // Interrupts are not a way to stop a coroutine (cancel() is); one left by cancel() during offLoop
            // must not turn this wait into a spin.
            Thread.interrupted();
        }
        Thread.interrupted();
    }
}
