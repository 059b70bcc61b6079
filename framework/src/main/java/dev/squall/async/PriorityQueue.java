package dev.squall.async;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Queue} that hands out the smallest item first, as Tornado's {@code queues.PriorityQueue}: by the
 * items' natural order, or by a comparator. Items that compare equal come out in no particular order.
 *
 * <pre>{@code
 * PriorityQueue<Job> jobs = new PriorityQueue<>(Queue.UNBOUNDED, Comparator.comparingInt(Job::priority));
 * jobs.offer(new Job(5, "later"));
 * jobs.offer(new Job(1, "first"));
 * await(jobs.get());   // Job(1, "first")
 * }</pre>
 *
 * <p>Loop-confined, as {@link Queue}.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {

    /** Creates an unbounded queue ordered by the items' natural order (they must be {@link Comparable}). */
    public PriorityQueue() {
        this(UNBOUNDED, null);
    }

    /**
     * Creates a queue ordered by {@code comparator}, or by the items' natural order when it is null (the items
     * must then be {@link Comparable}, else adding one throws {@link ClassCastException}).
     *
     * @param maxSize the bound, or {@link Queue#UNBOUNDED} (0) for none
     * @param comparator the order, smallest first, or null for the natural order
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public PriorityQueue(int maxSize, @Nullable Comparator<? super T> comparator) {
        super(maxSize, "PriorityQueue", new HeapStore<>(comparator));
    }

    /** A binary heap: {@link java.util.PriorityQueue}. */
    private static final class HeapStore<T> implements Store<T> {
        private final java.util.PriorityQueue<T> heap;

        HeapStore(@Nullable Comparator<? super T> comparator) {
            this.heap = new java.util.PriorityQueue<>(comparator);
        }

        @Override
        public void add(T item) {
            heap.add(item);
        }

        @Override
        public T remove() {
            return heap.remove();
        }

        @Override
        public void putBack(T item) {
            heap.add(item);
        }

        @Override
        public void discard(T item) {
            heap.remove(item);
        }

        @Override
        public int size() {
            return heap.size();
        }
    }
}
