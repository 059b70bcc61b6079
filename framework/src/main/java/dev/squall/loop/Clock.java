package dev.squall.loop;

/**
 * The source of time for a loop. Timers, timeouts, periodic callbacks and cookie ages all read it, so a
 * test can swap in a {@link ManualClock} and run them in virtual time.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

    /** The system clock: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };

    /**
     * Returns a monotonic time in nanoseconds, for measuring intervals and scheduling timers. Only
     * differences between two readings are meaningful.
     */
    long nanoTime();

    /** Returns the wall-clock time in milliseconds since the epoch, for dates, cookie expiry and logs. */
    long currentTimeMillis();

    /**
     * Called by a loop that starts using this clock. A virtual clock keeps the loop so that advancing time
     * can wake it; the system clock ignores it.
     *
     * @param loop the loop that reads this clock
     */
    default void attach(IOLoop loop) {}

    /**
     * Whether this clock runs on its own (true for the system clock). A loop whose clock is virtual never
     * sleeps waiting for a timer: it sleeps until woken, and {@link ManualClock#advance} wakes it.
     *
     * @return true when time passes without anyone advancing it
     */
    default boolean isRealTime() {
        return true;
    }
}
