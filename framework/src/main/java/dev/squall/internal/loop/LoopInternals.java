package dev.squall.internal.loop;

import dev.squall.loop.IOLoop;
import org.jspecify.annotations.Nullable;

/**
 * Not API, may change: the loop's coroutine and diagnostics plumbing, for Squall's own packages (coroutines, the
 * testing harness, benchmarks). Application code has no use for it: a coroutine that holds its loop is already
 * "on the loop" ({@link IOLoop#inEventLoop()}, {@link IOLoop#current()}), and the blocked-loop watchdog is
 * {@link dev.squall.loop.BlockingWatchdog}.
 *
 * <p>{@link IOLoop} installs the implementation when its class initialises, so these methods reach its private
 * state without widening {@code IOLoop}'s public API.
 */
public final class LoopInternals {
    /** What {@link IOLoop} provides; installed once by its static initialiser. Not API. */
    public interface Access {
        /** See {@link LoopInternals#bindCurrent}. */
        void bindCurrent(@Nullable IOLoop loop);

        /** See {@link LoopInternals#setDelegate}. */
        void setDelegate(IOLoop loop, @Nullable Thread thread);

        /** See {@link LoopInternals#delegate}. */
        @Nullable
        Thread delegate(IOLoop loop);

        /** See {@link LoopInternals#thread}. */
        Thread thread(IOLoop loop);

        /** See {@link LoopInternals#busySinceNanos}. */
        long busySinceNanos(IOLoop loop);

        /** See {@link LoopInternals#taskStartNanos}. */
        long taskStartNanos(IOLoop loop);
    }

    private static @Nullable Access access; // no initialiser: IOLoop may install it while this class initialises

    static {
        try {
            Class.forName(IOLoop.class.getName(), true, LoopInternals.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LoopInternals() {}

    /**
     * Installs {@link IOLoop}'s implementation; called once, by its static initialiser.
     *
     * @param implementation the implementation
     * @throws IllegalStateException if one is installed already
     */
    public static void install(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("LoopInternals is installed by IOLoop only");
        }
        access = implementation;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            throw new IllegalStateException("IOLoop did not install LoopInternals");
        }
        return a;
    }

    /**
     * Marks the calling thread as acting for {@code loop} (or for none, with null), so that
     * {@link IOLoop#current()} finds it: a coroutine's thread while the coroutine runs.
     *
     * @param loop the loop the thread acts for, or null to clear
     */
    public static void bindCurrent(@Nullable IOLoop loop) {
        access().bindCurrent(loop);
    }

    /**
     * Sets the thread that runs on the loop's behalf (a coroutine holding it), or clears it with null; that
     * thread then counts as {@linkplain IOLoop#inEventLoop() on the loop}, and the watchdog shows its stack.
     * Called only by whoever holds the loop.
     *
     * @param loop the loop
     * @param thread the delegate thread or null
     */
    public static void setDelegate(IOLoop loop, @Nullable Thread thread) {
        access().setDelegate(loop, thread);
    }

    /**
     * Returns the thread running on the loop's behalf (a coroutine holding it), or null. Safe from any thread.
     *
     * @param loop the loop
     * @return the delegate or null
     */
    public static @Nullable Thread delegate(IOLoop loop) {
        return access().delegate(loop);
    }

    /**
     * Returns the loop's own platform thread. Safe from any thread.
     *
     * @param loop the loop
     * @return its thread
     */
    public static Thread thread(IOLoop loop) {
        return access().thread(loop);
    }

    /**
     * Returns when the task now running on the loop began ({@link System#nanoTime()}), or 0 when the loop is
     * idle. Safe from any thread.
     *
     * @param loop the loop
     * @return the start of the current task, or 0
     */
    public static long busySinceNanos(IOLoop loop) {
        return access().busySinceNanos(loop);
    }

    /**
     * Returns the loop's time ({@link IOLoop#nanoTime()}'s scale) when the task now running began: the reading
     * the loop took as it started the task, so the caller makes no clock call of its own; or a fresh
     * {@link IOLoop#nanoTime()} when the loop's clock is not {@link dev.squall.loop.Clock#SYSTEM} or no task is
     * running. For per-request bookkeeping that may be a task's length early — the HTTP connection's request
     * start and idle start, two clock reads per request saved. Loop thread only.
     *
     * @param loop the loop the caller runs on
     * @return the start of the current task, in the loop's nanoseconds
     */
    public static long taskStartNanos(IOLoop loop) {
        return access().taskStartNanos(loop);
    }
}
