package dev.squall.web;

import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Tells a handler that is still waiting (on a stage, a flush) that its connection closed, so it can call
 * {@link BaseRequestHandler#onConnectionClose()}. Registered on the connection's close future only when a
 * handler starts waiting; it holds the handler only until the handler finishes, so a long keep-alive
 * connection keeps a small object per waiting request, never old handlers.
 */
final class CloseWatch implements BiConsumer<@Nullable Void, @Nullable Throwable> {
    private @Nullable BaseRequestHandler handler;

    CloseWatch(BaseRequestHandler handler) {
        this.handler = handler;
    }

    /** Forgets the handler; called when it finishes. */
    void release() {
        handler = null;
    }

    @Override public void accept(@Nullable Void ignored, @Nullable Throwable error) {
        BaseRequestHandler h = handler;
        if (h != null) {
            h.onLoop(h::connectionClosed);
        }
    }
}
