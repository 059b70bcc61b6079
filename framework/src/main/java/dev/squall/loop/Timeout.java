package dev.squall.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A callback scheduled on a loop with {@link IOLoop#callLater} or {@link IOLoop#callAt}; cancel it with
 * {@link #cancel()}.
 *
 * <p>{@link #cancel()} is safe from any thread and exact: the loop claims a timer (atomically) before it runs
 * the callback, so a {@code cancel()} that returns true means the callback never runs, and one that returns
 * false means it ran, is running, or an earlier {@code cancel()} won.
 */
public final class Timeout implements Comparable<Timeout> {
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Timeout.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final IOLoop loop;
    final long deadlineNanos;
    final long sequence;
    final Runnable task;
    private volatile int state;

    Timeout(IOLoop loop, long deadlineNanos, long sequence, Runnable task) {
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
    }

    /**
     * Cancels the timer unless its callback has already started. Any thread.
     *
     * @return true if this call cancelled the timer, so the callback will never run; false if the callback
     *     already ran or is running, or an earlier {@code cancel()} cancelled it (of calls racing from several
     *     threads, at most one returns true)
     */
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        loop.timerCancelled();
        return true;
    }

    /** Returns whether the timer was cancelled (by a {@link #cancel()} that returned true). */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /** Returns the deadline on the loop's {@link Clock#nanoTime()} scale. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Claims the timer for running its callback: false if it was cancelled first. Loop thread. */
    boolean claim() {
        return STATE.compareAndSet(this, PENDING, FIRED);
    }

    @Override
    public int compareTo(Timeout other) {
        int byDeadline = Long.compare(deadlineNanos, other.deadlineNanos);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
