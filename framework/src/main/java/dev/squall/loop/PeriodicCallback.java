package dev.squall.loop;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Runs a callback every {@code period} on a loop, as Tornado's {@code PeriodicCallback}.
 *
 * <pre>{@code
 * PeriodicCallback heartbeat = PeriodicCallback.start(loop, Duration.ofSeconds(30), this::ping);
 * ...
 * heartbeat.stop();
 * }</pre>
 *
 * <p>Runs are scheduled on a fixed grid from the start time, so they do not drift. A run that overruns
 * one or more periods skips the ticks it missed rather than firing them back to back. With a jitter
 * {@code j}, each delay is multiplied by a random factor in {@code [1 - j/2, 1 + j/2]}, which spreads
 * out callbacks that would otherwise fire together.
 *
 * <p>{@link #start()} and {@link #stop()} may be called from any thread; the callback runs on the loop.
 */
public final class PeriodicCallback {
    private final IOLoop loop;
    private final Runnable callback;
    private final long periodNanos;
    private final double jitter;
    private volatile boolean running;
    private long nextDeadline;
    private @Nullable Timeout timeout;

    /**
     * Creates a stopped periodic callback.
     *
     * @param loop the loop to run on
     * @param period the interval between runs; must be positive
     * @param jitter the fraction of the period by which runs may vary, 0 for none, at most 1
     * @param callback the work
     * @throws IllegalArgumentException if the period is not positive or the jitter is outside [0, 1]
     */
    public PeriodicCallback(IOLoop loop, Duration period, double jitter, Runnable callback) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
        this.loop = loop;
        this.callback = callback;
        this.periodNanos = period.toNanos();
        this.jitter = jitter;
    }

    /**
     * Creates and starts a periodic callback without jitter; the first run is one period from now.
     *
     * @param loop the loop to run on
     * @param period the interval; must be positive
     * @param callback the work
     * @return the running callback
     */
    public static PeriodicCallback start(IOLoop loop, Duration period, Runnable callback) {
        PeriodicCallback pc = new PeriodicCallback(loop, period, 0, callback);
        pc.start();
        return pc;
    }

    /**
     * Starts the callback; the first run is one period from now. Has no effect if already running. Any thread.
     *
     * @throws LoopClosedException if called off the loop and the loop is closed
     */
    public void start() {
        if (!loop.inEventLoop()) {
            loop.execute(this::start);
            return;
        }
        if (running) {
            return;
        }
        running = true;
        nextDeadline = loop.nanoTime();
        scheduleNext();
    }

    /**
     * Stops the callback; a run in progress finishes, no further run starts. Any thread; no effect on a closed
     * loop, whose timers never fire again.
     */
    public void stop() {
        running = false;
        if (!loop.inEventLoop()) {
            loop.tryExecute(this::stop); // closed loop: no timer of it will fire again
            return;
        }
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
            timeout = null;
        }
    }

    /** Returns whether the callback is scheduled to run. */
    public boolean isRunning() {
        return running;
    }

    private void run() {
        if (!running) {
            return;
        }
        try {
            callback.run();
        } finally {
            if (running) {
                scheduleNext();
            }
        }
    }

    private void scheduleNext() {
        long now = loop.nanoTime();
        long period = periodNanos;
        if (jitter > 0) {
            period = (long) (period * (1 + jitter * (ThreadLocalRandom.current().nextDouble() - 0.5)));
        }
        if (nextDeadline <= now) {
            // Skip every tick already missed: the next run lands on the grid, after now.
            long missed = (now - nextDeadline) / period + 1;
            nextDeadline += missed * period;
        }
        timeout = loop.callAt(nextDeadline, this::run);
    }
}
