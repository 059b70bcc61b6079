package dev.squall.async;

import dev.squall.loop.IOLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Hands out the outcomes of several stages in the order they complete, as Tornado's {@code gen.WaitIterator}:
 * each {@link #next()} is a future of the next outcome to arrive, and {@link #currentKey()} tells which input it
 * came from.
 *
 * <pre>{@code
 * WaitIterator<String, Page> pages = WaitIterator.of(Map.of("a", fetch(a), "b", fetch(b)));
 * while (!pages.done()) {
 *     try {
 *         Page p = await(pages.next());
 *         log(pages.currentKey() + " arrived: " + p);
 *     } catch (Exception e) {
 *         log(pages.currentKey() + " failed: " + e);
 *     }
 * }
 * }</pre>
 *
 * <p>Created and used on one loop (its thread or a coroutine holding it; anything else throws
 * {@link IllegalStateException}); its futures complete there, also when the inputs complete elsewhere.
 *
 * @param <K> how inputs are named: their index for a list, their key for a map
 * @param <V> the value type
 */
public final class WaitIterator<K, V extends @Nullable Object> {
    private final LoopBinding binding = new LoopBinding("WaitIterator");
    private final List<K> keys;
    private final Object[] values;
    private final Throwable[] errors;
    /** Indices of inputs that completed and whose outcome no next() has handed out yet. */
    private final ArrayDeque<Integer> arrived = new ArrayDeque<>();

    private @Nullable CompletableFuture<V> waiting;
    private int delivered;
    private @Nullable K current;

    private WaitIterator(List<K> keys, List<? extends CompletionStage<? extends V>> stages) {
        IOLoop loop = binding.check("of()");
        this.keys = keys;
        this.values = new Object[stages.size()];
        this.errors = new Throwable[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            int index = i;
            Async.onLoop(loop, stages.get(i), (v, e) -> arrive(index, v, e));
        }
    }

    /**
     * Iterates over {@code stages} as they complete; {@link #currentKey()} is an input's index.
     *
     * @param stages the inputs
     * @param <V> the value type
     * @return the iterator
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <V extends @Nullable Object> WaitIterator<Integer, V> of(
            List<? extends CompletionStage<? extends V>> stages) {
        List<Integer> keys = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            keys.add(i);
        }
        return new WaitIterator<>(keys, stages);
    }

    /**
     * Iterates over the values of {@code stages} as they complete; {@link #currentKey()} is an input's key.
     *
     * @param stages the inputs, by key
     * @param <K> the key type
     * @param <V> the value type
     * @return the iterator
     * @throws IllegalStateException if not called on an event loop or in a coroutine
     */
    public static <K, V extends @Nullable Object> WaitIterator<K, V> of(
            Map<K, ? extends CompletionStage<? extends V>> stages) {
        return new WaitIterator<>(new ArrayList<>(stages.keySet()), new ArrayList<>(stages.values()));
    }

    /**
     * Returns whether every outcome has been handed out by {@link #next()}.
     *
     * @return true when there is nothing left to wait for
     * @throws IllegalStateException if called off the iterator's loop
     */
    public boolean done() {
        binding.check("done()");
        return delivered == keys.size();
    }

    /**
     * Returns a future of the next outcome to arrive: it completes with that input's value or fails with its
     * exception. Call it again only after the previous future has completed.
     *
     * @return a future completed on the loop
     * @throws IllegalStateException if every outcome was handed out already, if the previous {@code next()}
     *     is still pending, or if called off the iterator's loop
     */
    public CompletableFuture<V> next() {
        binding.check("next()");
        if (delivered == keys.size()) {
            throw new IllegalStateException("WaitIterator.next() was called after all " + keys.size()
                    + " outcomes were handed out; loop while !done()");
        }
        if (waiting != null) {
            throw new IllegalStateException(
                    "WaitIterator.next() was called while the previous next() is pending;" + " wait for it first");
        }
        CompletableFuture<V> f = new CompletableFuture<>();
        Integer ready = arrived.poll();
        if (ready != null) {
            deliver(f, ready);
        } else {
            waiting = f;
        }
        return f;
    }

    /**
     * Returns the key (for a list: the index) of the input whose outcome the last completed {@link #next()}
     * future carried, or null before the first.
     *
     * @return the key of the current outcome
     * @throws IllegalStateException if called off the iterator's loop
     */
    public @Nullable K currentKey() {
        binding.check("currentKey()");
        return current;
    }

    private void arrive(int index, @Nullable Object value, @Nullable Throwable error) {
        values[index] = value;
        errors[index] = error;
        CompletableFuture<V> f = waiting;
        if (f != null) {
            waiting = null;
            deliver(f, index);
        } else {
            arrived.add(index);
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(CompletableFuture<V> f, int index) {
        delivered++;
        current = keys.get(index);
        Throwable e = errors[index];
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete((V) values[index]);
        }
    }
}
