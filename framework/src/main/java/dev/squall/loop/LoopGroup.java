package dev.squall.loop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A fixed set of {@link IOLoop}s, one per core by default, that servers spread their connections over.
 * {@code LoopGroup.create(1)} gives Tornado's single-threaded model.
 *
 * <p>Thread-safe.
 */
public final class LoopGroup implements AutoCloseable {
    private final List<IOLoop> loops;
    private final AtomicInteger next = new AtomicInteger();

    private LoopGroup(List<IOLoop> loops) {
        this.loops = List.copyOf(loops);
    }

    /**
     * Creates one loop per available processor.
     *
     * @return the running group
     */
    public static LoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates {@code count} loops named {@code squall-loop-1..N} on the system clock.
     *
     * @param count how many loops, at least 1
     * @return the running group
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static LoopGroup create(int count) {
        return create(count, "squall-loop", Clock.SYSTEM, null);
    }

    /**
     * Creates {@code count} loops.
     *
     * @param count how many loops, at least 1
     * @param namePrefix loop names are {@code namePrefix-1..N}
     * @param clock the clock every loop reads
     * @param exceptionHandler what to do with exceptions thrown by callbacks, or null to log them
     * @return the running group
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static LoopGroup create(
            int count, String namePrefix, Clock clock, @Nullable BiConsumer<IOLoop, Throwable> exceptionHandler) {
        if (count < 1) {
            throw new IllegalArgumentException("a loop group needs at least one loop, got " + count);
        }
        IOLoop[] loops = new IOLoop[count];
        for (int i = 0; i < count; i++) {
            IOLoop.Builder b = IOLoop.builder().name(namePrefix + "-" + (i + 1)).clock(clock);
            if (exceptionHandler != null) {
                b.exceptionHandler(exceptionHandler);
            }
            loops[i] = b.build();
        }
        return new LoopGroup(List.of(loops));
    }

    /**
     * Wraps existing loops in a group (they stay owned by the caller only in the sense that
     * {@link #close()} closes them too).
     *
     * @param loops at least one loop
     * @return the group
     */
    public static LoopGroup of(IOLoop... loops) {
        if (loops.length == 0) {
            throw new IllegalArgumentException("a loop group needs at least one loop");
        }
        return new LoopGroup(List.of(loops));
    }

    /** Returns the loops, in order. */
    public List<IOLoop> loops() {
        return loops;
    }

    /** Returns the number of loops. */
    public int size() {
        return loops.size();
    }

    /**
     * Returns the next loop in round-robin order.
     *
     * @return a loop of this group
     */
    public IOLoop next() {
        if (loops.size() == 1) {
            return loops.get(0);
        }
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** Stops and closes every loop, waiting for each thread to end. Safe from any thread except a loop's. */
    @Override
    public void close() {
        for (IOLoop loop : loops) {
            loop.stop();
        }
        for (IOLoop loop : loops) {
            loop.close();
        }
    }

    /**
     * Waits until every loop has ended.
     *
     * @param timeout the longest wait for each loop
     * @return true if all ended in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean all = true;
        for (IOLoop loop : loops) {
            all &= loop.awaitTermination(timeout);
        }
        return all;
    }
}
