package dev.squall.async;

import dev.squall.loop.Futures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One pending await: receives the stage's outcome on whichever thread completes it, and either lets the
 * coroutine pick it up at once (the stage completed while the coroutine was still registering) or
 * schedules the coroutine's resumption on the loop.
 */
final class AwaitSlot<V extends @Nullable Object> implements BiConsumer<V, Throwable> {
    private static final int REGISTERING = 0;
    private static final int PARKED = 1;
    private static final int COMPLETED_EARLY = 2;
    private static final VarHandle PHASE;
    private static final VarHandle CLAIMED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PHASE = l.findVarHandle(AwaitSlot.class, "phase", int.class);
            CLAIMED = l.findVarHandle(AwaitSlot.class, "claimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Coroutine<?> coroutine;

    @SuppressWarnings("unused") // through PHASE
    private volatile int phase = REGISTERING;

    @SuppressWarnings("unused") // through CLAIMED
    private volatile boolean claimed;

    private @Nullable V value;
    private @Nullable Throwable error;
    boolean completedBeforeSuspend;

    AwaitSlot(Coroutine<?> coroutine) {
        this.coroutine = coroutine;
    }

    @Override
    public void accept(@Nullable V v, @Nullable Throwable e) {
        complete(v, e);
    }

    /** First completion wins; returns whether this call was it. */
    boolean complete(@Nullable V v, @Nullable Throwable e) {
        if (!CLAIMED.compareAndSet(this, false, true)) {
            return false;
        }
        value = v;
        error = e;
        if (!PHASE.compareAndSet(this, REGISTERING, COMPLETED_EARLY)) {
            coroutine.scheduleResume();
        }
        return true;
    }

    /**
     * Settles the slot with {@code e} unless the stage's outcome got here first; schedules nothing. Returns
     * whether this call settled it.
     */
    boolean claim(Throwable e) {
        if (!CLAIMED.compareAndSet(this, false, true)) {
            return false;
        }
        error = e;
        return true;
    }

    /** Called by the coroutine after registering: true if it must wait, false if the outcome is here. */
    boolean suspend() {
        if (PHASE.compareAndSet(this, REGISTERING, PARKED)) {
            return true;
        }
        completedBeforeSuspend = true;
        return false;
    }

    V outcome() {
        Throwable e = error;
        if (e != null) {
            throw Coroutine.<RuntimeException>sneakyThrow(Futures.unwrap(e));
        }
        return Coroutine.nullable(value);
    }
}
