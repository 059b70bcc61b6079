package dev.squall.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When the task now running on a loop began ({@link System#nanoTime()}), or 0 while the loop is idle: set by the
 * loop around every task and readiness event, read by the blocked-loop watchdog from its own thread and by the
 * HTTP connection for its per-request times (so that it makes no clock call of its own).
 *
 * <p>Written with release stores, not volatile ones: the watchdog needs the value soon, not at once, and a
 * volatile store's fence twice per task showed on a request of a microsecond.
 */
final class BusyMark {
    private static final VarHandle SINCE;

    static {
        try {
            SINCE = MethodHandles.lookup().findVarHandle(BusyMark.class, "since", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long since;

    /** Records that a task began at {@code nanos} ({@link System#nanoTime()}), or with 0 that it ended. Loop thread. */
    void mark(long nanos) {
        SINCE.setRelease(this, nanos);
    }

    /** Returns the start of the current task, or 0 while the loop is idle. Any thread. */
    long since() {
        return since;
    }

    /**
     * Returns the start of the current task on {@code clock}'s scale: the recorded reading when the clock is
     * {@link Clock#SYSTEM} and a task runs, else {@code clock.nanoTime()}.
     */
    long taskStart(Clock clock) {
        long s = since;
        return s != 0 && clock == Clock.SYSTEM ? s : clock.nanoTime();
    }
}
