package dev.squall.loop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An {@link IOLoop}'s selector and the keys one select found ready. The keys are collected during the select
 * and dispatched after it returns, because during it the thread holds the selector's monitors, which would pin
 * a coroutine carried by this thread. The array is reused, so a pass allocates nothing. Loop thread only,
 * except {@link #wakeup()}.
 */
final class ReadyKeys {
    private static final System.Logger LOG = System.getLogger("dev.squall.loop");

    private final Selector selector;
    /** Created once: the select's per-key callback. */
    private final Consumer<SelectionKey> collector = this::collect;

    private SelectionKey[] readyKeys = new SelectionKey[64];
    private int readyCount;

    ReadyKeys(Selector selector) {
        this.selector = selector;
    }

    SelectionKey register(SelectableChannel channel, int ops, Selectable handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Collects the ready keys without sleeping. */
    void selectNow() throws IOException {
        selector.selectNow(collector);
    }

    /** Collects the ready keys, sleeping up to {@code timeoutMillis} (0: until woken) for one. */
    void select(long timeoutMillis) throws IOException {
        selector.select(collector, timeoutMillis);
    }

    /** Any thread. */
    void wakeup() {
        selector.wakeup();
    }

    private void collect(SelectionKey key) {
        if (readyCount == readyKeys.length) {
            readyKeys = Arrays.copyOf(readyKeys, readyCount * 2);
        }
        readyKeys[readyCount++] = key;
    }

    /** Calls the {@link Selectable} of each key collected by the last select, as {@code loop}'s work. */
    void dispatchReady(IOLoop loop) {
        SelectionKey[] keys = readyKeys;
        int n = readyCount;
        readyCount = 0;
        for (int i = 0; i < n; i++) {
            SelectionKey key = keys[i];
            keys[i] = null;
            dispatch(loop, key);
        }
    }

    private static void dispatch(IOLoop loop, SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Selectable s) {
            int ready;
            try {
                ready = key.readyOps();
            } catch (CancelledKeyException e) {
                return;
            }
            loop.busy.mark(System.nanoTime());
            try {
                s.onSelected(ready);
            } catch (Throwable t) {
                loop.handleException(t);
            } finally {
                loop.busy.mark(0);
            }
        }
    }

    /** Closes every registered channel, then the selector (the loop is shutting down). */
    void closeAll(String loopName) {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing selector of " + loopName, e);
        }
    }
}
