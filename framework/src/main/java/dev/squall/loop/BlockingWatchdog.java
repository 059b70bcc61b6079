package dev.squall.loop;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Logs a WARNING, with the stack of the code responsible, when one task holds a loop longer than a threshold —
 * Tornado's {@code set_blocking_log_threshold}, made visible while it happens rather than afterwards.
 *
 * <pre>{@code
 * BlockingWatchdog.watch(loop, Duration.ofMillis(100));
 * loop.execute(() -> jdbc.query(...));   // logs: loop squall-loop-1 has been blocked for 104 ms ... at ...query
 * }</pre>
 *
 * <p>The stack is the loop thread's at the moment the threshold passed, or — when a coroutine holds the loop —
 * the coroutine's: that is where the blocking call is. Each blocking task is reported once, however long it
 * lasts. The threshold is measured with {@link System#nanoTime()}, not the loop's clock: blocking is real time
 * even in a test on virtual time.
 *
 * <h2>Defaults</h2>
 * Off unless a loop is watched: the check costs nothing on the loop itself (it reads one volatile field the
 * loop writes anyway), but a warning per slow task is noise in some production setups. {@link #DEFAULT_THRESHOLD}
 * (100 ms) is the value for development and debug mode. One daemon thread, started on the first
 * {@link #watch}, serves every watched loop; it wakes every quarter of the smallest threshold (at least every
 * {@link #MIN_POLL_INTERVAL}), so a block is reported between 1 and 1.25 thresholds after it began. Closed
 * loops are dropped automatically.
 *
 * <p>All methods are safe from any thread. Warnings go to the {@code System.Logger} named
 * {@value #LOGGER_NAME}.
 */
public final class BlockingWatchdog {
    /** The threshold of {@link #watch(IOLoop)}, for development and debug mode: 100 ms. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(100);
    /** The shortest interval between two checks, whatever the thresholds: 1 ms. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(1);
    /** The name of the logger the warnings go to. */
    public static final String LOGGER_NAME = "dev.squall.loop.watchdog";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);
    private static final Map<IOLoop, Watch> WATCHED = new ConcurrentHashMap<>();
    private static @Nullable Thread thread;

    private BlockingWatchdog() {}

    /**
     * Watches {@code loop} with the {@link #DEFAULT_THRESHOLD}.
     *
     * @param loop the loop
     */
    public static void watch(IOLoop loop) {
        watch(loop, DEFAULT_THRESHOLD);
    }

    /**
     * Watches {@code loop}: whenever one of its tasks runs longer than {@code threshold}, a WARNING with the
     * stack of the blocking code is logged. Watching a loop again replaces its threshold.
     *
     * @param loop the loop
     * @param threshold how long one task may hold the loop, positive
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public static void watch(IOLoop loop, Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the blocking threshold must be positive, got " + threshold);
        }
        WATCHED.put(loop, new Watch(threshold.toNanos()));
        LockSupport.unpark(ensureStarted());
    }

    /**
     * Stops watching {@code loop}. No effect if it was not watched.
     *
     * @param loop the loop
     */
    public static void unwatch(IOLoop loop) {
        WATCHED.remove(loop);
    }

    /**
     * Returns the threshold {@code loop} is watched with, or null if it is not watched.
     *
     * @param loop the loop
     * @return the threshold or null
     */
    public static @Nullable Duration threshold(IOLoop loop) {
        Watch w = WATCHED.get(loop);
        return w == null ? null : Duration.ofNanos(w.thresholdNanos);
    }

    private static synchronized Thread ensureStarted() {
        Thread t = thread;
        if (t == null) {
            t = new Thread(BlockingWatchdog::run, "squall-blocking-watchdog");
            t.setDaemon(true);
            t.start();
            thread = t;
        }
        return t;
    }

    private static void run() {
        while (true) {
            if (WATCHED.isEmpty()) {
                LockSupport.park(BlockingWatchdog.class);
                continue;
            }
            long minThreshold = Long.MAX_VALUE;
            for (Map.Entry<IOLoop, Watch> e : WATCHED.entrySet()) {
                IOLoop loop = e.getKey();
                if (loop.isClosed()) {
                    WATCHED.remove(loop, e.getValue());
                    continue;
                }
                Watch w = e.getValue();
                minThreshold = Math.min(minThreshold, w.thresholdNanos);
                try {
                    check(loop, w);
                } catch (RuntimeException | StackOverflowError err) {
                    LOG.log(Level.ERROR, "the blocking watchdog failed to inspect loop " + loop.name(), err);
                }
            }
            long pollNanos = minThreshold == Long.MAX_VALUE
                    ? MIN_POLL_INTERVAL.toNanos()
                    : Math.max(MIN_POLL_INTERVAL.toNanos(), minThreshold / 4);
            LockSupport.parkNanos(BlockingWatchdog.class, pollNanos);
        }
    }

    private static void check(IOLoop loop, Watch w) {
        long since = loop.busy.since();
        if (since == 0 || since == w.reportedTaskStart) {
            return;
        }
        long busyNanos = System.nanoTime() - since;
        if (busyNanos < w.thresholdNanos) {
            return;
        }
        Thread coroutine = loop.delegate();
        Thread culprit = coroutine != null ? coroutine : loop.thread();
        StackTraceElement[] stack = culprit.getStackTrace();
        if (loop.busy.since() != since || loop.delegate() != coroutine) {
            return; // the task ended, or a coroutine took or gave back the loop, while we looked: look again
        }
        if (stack.length == 0) {
            return; // a coroutine handed the loop but not yet running (its thread is starting): look again
        }
        w.reportedTaskStart = since;
        StringBuilder msg = new StringBuilder(256 + stack.length * 64)
                .append("loop ")
                .append(loop.name())
                .append(" has been blocked for ")
                .append(TimeUnit.NANOSECONDS.toMillis(busyNanos))
                .append(" ms by one task (threshold ")
                .append(TimeUnit.NANOSECONDS.toMillis(w.thresholdNanos))
                .append(" ms); ")
                .append(
                        coroutine != null
                                ? "the coroutine '" + culprit.getName() + "' holding it"
                                : "its thread '" + culprit.getName() + "'")
                .append(" is at:");
        for (StackTraceElement frame : stack) {
            msg.append("\n\tat ").append(frame);
        }
        msg.append(
                "\nLoop code must not block: run blocking calls with Async.blocking(...), or inside a coroutine"
                        + " with Coroutines.offLoop(...), and wait on futures with await() or thenCompose, never join()/get().");
        LOG.log(Level.WARNING, msg.toString());
    }

    /** A watched loop: its threshold, and the start of the task last reported (so each is reported once). */
    private static final class Watch {
        final long thresholdNanos;
        volatile long reportedTaskStart;

        Watch(long thresholdNanos) {
            this.thresholdNanos = thresholdNanos;
        }
    }
}
