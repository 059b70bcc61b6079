package dev.squall.loop;

import dev.squall.internal.loop.LoopInternals;
import org.jspecify.annotations.Nullable;

/**
 * {@link IOLoop}'s side of {@link LoopInternals}: the coroutine and diagnostics plumbing other packages reach
 * (not API). Installed once, by {@code IOLoop}'s static initialiser.
 */
final class LoopAccess implements LoopInternals.Access {
    /** The loop a coroutine holding it runs for (loop threads are found without it: see {@code LoopThread}). */
    static final ThreadLocal<IOLoop> CURRENT = new ThreadLocal<>();

    @Override
    public void bindCurrent(@Nullable IOLoop loop) {
        if (loop == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(loop);
        }
    }

    @Override
    public void setDelegate(IOLoop loop, @Nullable Thread thread) {
        loop.setDelegate(thread);
    }

    @Override
    public @Nullable Thread delegate(IOLoop loop) {
        return loop.delegate();
    }

    @Override
    public Thread thread(IOLoop loop) {
        return loop.thread();
    }

    @Override
    public long busySinceNanos(IOLoop loop) {
        return loop.busy.since();
    }

    @Override
    public long taskStartNanos(IOLoop loop) {
        return loop.busy.taskStart(loop.clock());
    }
}
