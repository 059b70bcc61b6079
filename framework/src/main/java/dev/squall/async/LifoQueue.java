package dev.squall.async;

/**
 * A {@link Queue} that hands out the most recently added item first, as Tornado's {@code queues.LifoQueue}.
 *
 * <p>Loop-confined, as {@link Queue}.
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {

    /** Creates an unbounded last-in first-out queue. */
    public LifoQueue() {
        this(UNBOUNDED);
    }

    /**
     * Creates a last-in first-out queue that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound, or {@link Queue#UNBOUNDED} (0) for none
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public LifoQueue(int maxSize) {
        super(maxSize, "LifoQueue", Queue.lifo());
    }
}
