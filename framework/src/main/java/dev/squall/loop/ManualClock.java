package dev.squall.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for tests in virtual time.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * IOLoop loop = IOLoop.builder().clock(clock).build();
 * loop.execute(() -> loop.callLater(Duration.ofHours(1), () -> fired.set(true)));
 * clock.advance(Duration.ofHours(1));   // the timer fires now, on the loop, without waiting an hour
 * }</pre>
 *
 * <p>Thread-safe: {@link #advance(Duration)} may be called from any thread; it wakes every loop that uses
 * this clock so that due timers run.
 */
public final class ManualClock implements Clock {
    private final AtomicLong nanos;
    private final long wallStartMillis;
    private final long nanosStart;
    private final List<IOLoop> loops = new CopyOnWriteArrayList<>();

    /** Creates a clock whose wall time starts at the current system time. */
    public ManualClock() {
        this(System.currentTimeMillis());
    }

    /**
     * Creates a clock whose wall time starts at the given instant.
     *
     * @param wallStartMillis the initial wall-clock time, in milliseconds since the epoch
     */
    public ManualClock(long wallStartMillis) {
        this.wallStartMillis = wallStartMillis;
        this.nanosStart = 1_000_000_000L;
        this.nanos = new AtomicLong(nanosStart);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return wallStartMillis + (nanos.get() - nanosStart) / 1_000_000L;
    }

    @Override
    public void attach(IOLoop loop) {
        loops.add(loop);
    }

    @Override
    public boolean isRealTime() {
        return false;
    }

    /**
     * Moves time forward and wakes the loops that use this clock, so that timers now due run on them.
     * Returns at once; to wait until the timers have run, follow with {@code loop.runSync(...)} or another
     * task on the loop (tasks run after due timers).
     *
     * @param duration how far to move; must not be negative
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock backwards: " + duration);
        }
        nanos.addAndGet(duration.toNanos());
        for (IOLoop loop : loops) {
            if (!loop.isClosed()) {
                loop.wakeup();
            }
        }
    }
}
