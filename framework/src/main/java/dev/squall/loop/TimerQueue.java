package dev.squall.loop;

import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * A loop's timers: a binary heap ordered by deadline, then by scheduling order. Cancelled timers stay in the
 * heap and are dropped when they reach the top; once they make up more than half of a large heap, the heap
 * is rebuilt without them (as Tornado does). Loop thread only.
 */
final class TimerQueue {
    /** Below this many cancelled timers the heap is never rebuilt: dropping them at the top is cheaper. */
    private static final int COMPACT_THRESHOLD = 512;

    private final PriorityQueue<Timeout> heap = new PriorityQueue<>();
    private long sequence;
    private int cancelled;

    /** Schedules {@code task} at {@code deadlineNanos}, after the timers already due then. */
    Timeout add(IOLoop loop, long deadlineNanos, Runnable task) {
        Timeout t = new Timeout(loop, deadlineNanos, sequence++, task);
        heap.add(t);
        return t;
    }

    /** A timer of this queue was cancelled on the loop thread. */
    void cancelled() {
        if (++cancelled > COMPACT_THRESHOLD && cancelled > heap.size() / 2) {
            heap.removeIf(Timeout::isCancelled);
            cancelled = 0;
        }
    }

    /** Returns the earliest timer that is not cancelled, or null; drops the cancelled ones above it. */
    @Nullable
    Timeout peekLive() {
        Timeout t;
        while ((t = heap.peek()) != null && t.isCancelled()) {
            heap.poll();
            dropped();
        }
        return t;
    }

    /**
     * Removes and returns the earliest timer due at {@code nowNanos}, claimed for running (so a racing
     * {@link Timeout#cancel()} now fails), or null when none is due; cancelled timers on the way are dropped.
     */
    @Nullable
    Timeout pollDue(long nowNanos) {
        Timeout t;
        while ((t = heap.peek()) != null && t.deadlineNanos <= nowNanos) {
            heap.poll();
            if (t.claim()) {
                return t;
            }
            dropped();
        }
        return null;
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    void clear() {
        heap.clear();
        cancelled = 0;
    }

    private void dropped() {
        if (cancelled > 0) {
            cancelled--;
        }
    }
}
