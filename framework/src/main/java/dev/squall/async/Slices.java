package dev.squall.async;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link Coroutine} holds its loop: the loop side of one coroutine, which runs its slices (a slice is one
 * loop task, from the coroutine's start or a resumption to its next wait), and the few steps of the coroutine
 * side that give the loop back. One of two mechanisms, chosen once per JVM ({@link Coroutine#ON_LOOP_CARRIER}):
 * {@link CarrierSlices} (the virtual thread's scheduler is the coroutine's, and slices run it on the loop thread)
 * or {@link HandOffSlices} (the loop thread and the coroutine's own virtual thread pass a baton). One object per
 * coroutine, which is also the {@code Runnable} that the loop runs for a slice.
 *
 * <p>The coroutine's lifecycle ({@link Coroutine#state}), its outcome and its thread stay in {@code Coroutine};
 * the mechanisms read and write them as the class comment there describes.
 */
abstract sealed class Slices permits CarrierSlices, HandOffSlices {
    final Coroutine<?> coroutine;
    /** The loop thread running the current slice: the thread to wake when the coroutine gives the loop back. */
    @Nullable
    Thread loopThread;

    Slices(Coroutine<?> coroutine) {
        this.coroutine = coroutine;
    }

    /** Returns the mechanism this JVM uses, for a new coroutine. */
    static Slices of(Coroutine<?> coroutine) {
        return Coroutine.ON_LOOP_CARRIER ? new CarrierSlices(coroutine) : new HandOffSlices(coroutine);
    }

    /** Starts the coroutine's thread and runs its first slice, inside the current loop task. Loop thread. */
    abstract void start();

    /** Asks the loop to run the next slice; called by whichever thread completed the awaited stage. */
    abstract void resume();

    /** Coroutine side, before an await registers on its stage: the resumption to come is a new one. */
    abstract void beforeSuspend();

    /**
     * Coroutine side: gives the loop back and returns once a slice resumes the coroutine. Returns false, at
     * once, if the loop could not be given back (the coroutine is pinned to the loop thread).
     */
    abstract boolean suspend();

    /**
     * Coroutine side, at the start of {@code offLoop}: gives the loop back without waiting for it. Returns false
     * if the loop could not be given back (pinned).
     */
    abstract boolean detach();

    /** Coroutine side, at the end of {@code offLoop}: returns once a slice of the loop runs the coroutine again. */
    abstract void reattach();

    /** Coroutine side, after the body ended (not abandoned): ends the last slice. */
    abstract void bodyEnded();
}
