package dev.squall.loop;

/**
 * A callback scheduled on a loop with {@link IOLoop#callLater} or {@link IOLoop#callAt}; cancel it with
 * {@link #cancel()}.
 *
 * <p>{@link #cancel()} is safe from any thread; a timer cancelled before it fires never runs.
 */
public final class Timeout implements Comparable<Timeout> {
    final long deadlineNanos;
    final long sequence;
    final Runnable task;
    private volatile boolean cancelled;
    final IOLoop loop;

    Timeout(IOLoop loop, long deadlineNanos, long sequence, Runnable task) {
        this.loop = loop;
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
    }

    /**
     * Cancels the timer. Has no effect if it already ran.
     *
     * @return true if this call cancelled it, false if it was already cancelled
     */
    public boolean cancel() {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        loop.timerCancelled();
        return true;
    }

    /** Returns whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Returns the deadline on the loop's {@link Clock#nanoTime()} scale. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override public int compareTo(Timeout other) {
        int byDeadline = Long.compare(deadlineNanos, other.deadlineNanos);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
