package dev.squall.async;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A first-in first-out queue between producers and consumers on one loop, as Tornado's {@code queues.Queue}:
 * {@link #get()} waits while the queue is empty, {@link #put(Object)} waits while a bounded queue is full —
 * without blocking the loop — and {@link #join()} waits until every item taken has been marked
 * {@linkplain #taskDone() done}.
 *
 * <pre>{@code
 * Queue<String> urls = new Queue<>(100);
 * for (int i = 0; i < 10; i++) {
 *     Coroutines.async(loop, () -> {                 // ten workers
 *         while (true) {
 *             String url = await(urls.get());
 *             try { crawl(url); } finally { urls.taskDone(); }
 *         }
 *     });
 * }
 * await(urls.put("https://example.com/"));
 * await(urls.join(Duration.ofSeconds(300)));           // all crawled, or AsyncTimeoutException
 * }</pre>
 *
 * <p>{@link #offer(Object)} and {@link #poll()} are the non-waiting forms (Tornado's {@code put_nowait} and
 * {@code get_nowait}): they answer false and null instead of raising QueueFull and QueueEmpty. Null items are
 * refused. Waiting putters and getters are served first come, first served. {@link PriorityQueue} and
 * {@link LifoQueue} change only the order in which items come out.
 *
 * <h2>Threads</h2>
 * Loop-confined: a queue belongs to the loop of its first use; call it only on that loop's thread or in a
 * coroutine of that loop (anything else throws {@link IllegalStateException}); its futures complete there.
 * To feed a queue from another thread, hop onto the loop: {@code loop.execute(() -> queue.offer(item))}.
 *
 * @param <T> the item type
 */
public sealed class Queue<T> permits PriorityQueue, LifoQueue {
    /** The {@code maxSize} of a queue without a bound. */
    public static final int UNBOUNDED = 0;

    /** Where the items wait, in the order they come out. */
    interface Store<T> {
        void add(T item);

        T remove();

        /** Puts back an item just removed, so that it comes out next again. */
        void putBack(T item);

        /** Takes back an item just added. */
        void discard(T item);

        int size();
    }

    private final String name;
    private final LoopBinding binding;
    private final int maxSize;
    private final Store<T> items;
    private final Waiters<T> getters = new Waiters<>();
    private final Waiters<@Nullable Void> putters = new Waiters<>();
    private final Waiters<@Nullable Void> joiners = new Waiters<>();
    private int unfinishedTasks;

    /** Creates an unbounded queue. */
    public Queue() {
        this(UNBOUNDED);
    }

    /**
     * Creates a queue that holds at most {@code maxSize} items.
     *
     * @param maxSize the bound, or {@link #UNBOUNDED} (0) for none
     * @throws IllegalArgumentException if {@code maxSize} is negative
     */
    public Queue(int maxSize) {
        this(maxSize, "Queue", fifo());
    }

    Queue(int maxSize, String name, Store<T> items) {
        if (maxSize < 0) {
            throw new IllegalArgumentException(name + " maxSize must be 0 (unbounded) or positive, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.name = name;
        this.binding = new LoopBinding(name);
        this.items = items;
    }

    /** Returns the bound given at construction, {@link #UNBOUNDED} for none. Safe from any thread. */
    public int maxSize() {
        return maxSize;
    }

    /**
     * Returns how many items the queue holds.
     *
     * @throws IllegalStateException if called off the queue's loop
     */
    public int size() {
        binding.check("size()");
        return items.size();
    }

    /**
     * Returns whether the queue holds no item.
     *
     * @throws IllegalStateException if called off the queue's loop
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Returns whether the queue is bounded and holds {@link #maxSize()} items.
     *
     * @throws IllegalStateException if called off the queue's loop
     */
    public boolean isFull() {
        binding.check("isFull()");
        return full();
    }

    /**
     * Adds {@code item}, waiting while the queue is full.
     *
     * @param item the item, not null
     * @return a future completed on the loop once the item is in the queue (already complete if there was room)
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<@Nullable Void> put(T item) {
        return put(item, null, "put()");
    }

    /**
     * Adds {@code item}, waiting at most {@code timeout} on the loop's clock while the queue is full.
     *
     * @param item the item, not null
     * @param timeout the longest wait
     * @return a future completed on the loop once the item is in the queue, or failed with
     *     {@link AsyncTimeoutException} (the item is then not added)
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<@Nullable Void> put(T item, Duration timeout) {
        return put(item, timeout, "put(item, " + timeout + ")");
    }

    private CompletableFuture<@Nullable Void> put(T item, @Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        Objects.requireNonNull(item, () -> name + " refuses null items");
        if (!full()) {
            store(item);
            return CompletableFuture.completedFuture(null);
        }
        return putters.add(
                        loop,
                        item,
                        timeout,
                        f -> f.completeExceptionally(new AsyncTimeoutException(
                                name + ".put() timed out after " + timeout + " with the queue full")))
                .future;
    }

    /**
     * Adds {@code item} if there is room, without waiting (Tornado's {@code put_nowait}).
     *
     * @param item the item, not null
     * @return true if added, false if the queue is full
     * @throws IllegalStateException if called off the queue's loop
     */
    public boolean offer(T item) {
        binding.check("offer()");
        Objects.requireNonNull(item, () -> name + " refuses null items");
        if (full()) {
            return false;
        }
        store(item);
        return true;
    }

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * @return a future completed on the loop with the item (already complete if one was there)
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<T> get() {
        return get(null, "get()");
    }

    /**
     * Takes the next item, waiting at most {@code timeout} on the loop's clock while the queue is empty.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop with the item, or failed with {@link AsyncTimeoutException}
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<T> get(Duration timeout) {
        return get(timeout, "get(" + timeout + ")");
    }

    private CompletableFuture<T> get(@Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        if (items.size() > 0) {
            return CompletableFuture.completedFuture(take());
        }
        return getters.add(
                        loop,
                        null,
                        timeout,
                        f -> f.completeExceptionally(new AsyncTimeoutException(
                                name + ".get() timed out after " + timeout + " with the queue empty")))
                .future;
    }

    /**
     * Takes the next item if there is one, without waiting (Tornado's {@code get_nowait}).
     *
     * @return the item, or null if the queue is empty
     * @throws IllegalStateException if called off the queue's loop
     */
    public @Nullable T poll() {
        binding.check("poll()");
        return items.size() > 0 ? take() : null;
    }

    /**
     * Marks one item taken from the queue as processed. When every item put has been marked, {@link #join()}
     * completes.
     *
     * @throws IllegalStateException if called more times than items were put, or off the queue's loop
     */
    public void taskDone() {
        binding.check("taskDone()");
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() was called more times than items were put in the " + name
                    + "; call it once for each item taken");
        }
        if (--unfinishedTasks == 0) {
            List<CompletableFuture<@Nullable Void>> woken = new ArrayList<>();
            Waiters.Waiter<@Nullable Void> w;
            while ((w = joiners.poll()) != null) {
                woken.add(w.future);
            }
            for (CompletableFuture<@Nullable Void> f : woken) {
                f.complete(null);
            }
        }
    }

    /**
     * Waits until every item put has been marked with {@link #taskDone()}.
     *
     * @return a future completed on the loop then (already complete if nothing is unfinished)
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<@Nullable Void> join() {
        return join(null, "join()");
    }

    /**
     * Waits at most {@code timeout} on the loop's clock until every item put has been marked with
     * {@link #taskDone()}.
     *
     * @param timeout the longest wait
     * @return a future completed on the loop then, or failed with {@link AsyncTimeoutException}
     * @throws IllegalStateException if called off the queue's loop
     */
    public CompletableFuture<@Nullable Void> join(Duration timeout) {
        return join(timeout, "join(" + timeout + ")");
    }

    private CompletableFuture<@Nullable Void> join(@Nullable Duration timeout, String operation) {
        IOLoop loop = binding.check(operation);
        return Waiters.awaitSignal(
                joiners,
                loop,
                unfinishedTasks == 0,
                timeout,
                () -> name + ".join() timed out after " + timeout + " with " + unfinishedTasks + " tasks unfinished");
    }

    @Override
    public String toString() {
        return name + "[size=" + items.size() + (maxSize == UNBOUNDED ? "" : ", maxSize=" + maxSize) + ", getters="
                + getters.size() + ", putters=" + putters.size() + ", unfinished=" + unfinishedTasks + "]";
    }

    // -------------------------------------------------------------------------------------------------------
    // Internals: every state change is made before a future is completed, because completing runs the
    // waiter's continuation at once, and that continuation may use the queue again.

    private boolean full() {
        return maxSize != UNBOUNDED && items.size() >= maxSize;
    }

    /** Adds an item that has room, and hands items to waiting getters. */
    private void store(T item) {
        unfinishedTasks++;
        items.add(item);
        Waiters.Waiter<T> getter;
        while (items.size() > 0 && (getter = getters.poll()) != null) {
            T next = items.remove();
            if (!getter.future.complete(next)) {
                items.putBack(next); // cancelled from another thread an instant ago: the next getter gets it
            }
        }
    }

    /** Takes an item that is there, and lets the longest waiting putter in. */
    private T take() {
        T item = items.remove();
        Waiters.Waiter<@Nullable Void> putter;
        while (!full() && (putter = putters.poll()) != null) {
            @SuppressWarnings("unchecked")
            T waiting = (T) Objects.requireNonNull(putter.item, "a putter waits with an item");
            unfinishedTasks++;
            items.add(waiting);
            if (!putter.future.complete(null)) {
                // cancelled from another thread an instant ago: undo, and let the next putter in
                items.discard(waiting);
                unfinishedTasks--;
            }
        }
        return item;
    }

    static <T> Store<T> fifo() {
        return new DequeStore<>(false);
    }

    static <T> Store<T> lifo() {
        return new DequeStore<>(true);
    }

    /** First in first out, or last in first out. */
    private static final class DequeStore<T> implements Store<T> {
        private final ArrayDeque<T> deque = new ArrayDeque<>();
        private final boolean lifo;

        DequeStore(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        public void add(T item) {
            if (lifo) {
                deque.addFirst(item);
            } else {
                deque.addLast(item);
            }
        }

        @Override
        public T remove() {
            return deque.removeFirst();
        }

        @Override
        public void putBack(T item) {
            deque.addFirst(item);
        }

        @Override
        public void discard(T item) {
            if (lifo) {
                deque.removeFirstOccurrence(item);
            } else {
                deque.removeLastOccurrence(item);
            }
        }

        @Override
        public int size() {
            return deque.size();
        }
    }
}
