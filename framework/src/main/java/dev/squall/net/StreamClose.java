package dev.squall.net;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The close bookkeeping of an {@link IOStream}: why it closed (reason and error, for the errors its operations
 * then get), who is told (the close callback, the server's internal listener, the close future), and handing
 * those over to the TLS stream that {@link IOStream#startTls} makes. Whether the stream is closed stays a
 * volatile field of the stream, read on every operation. One per stream, made with it. Loop only, but the
 * future.
 */
final class StreamClose {
    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    private @Nullable Throwable error;
    private String reason = "";
    private @Nullable Runnable callback;
    /** Internal close listener (the server's connection count), run before {@link #future} completes. */
    private @Nullable Runnable listener;

    private final CompletableFuture<Void> future = new CompletableFuture<>();

    /** Records why the stream closed. */
    void record(String reason, @Nullable Throwable error) {
        this.reason = reason;
        this.error = error;
    }

    /** Returns why the stream closed ("" while open). */
    String reason() {
        return reason;
    }

    /** Returns the error that closed the stream, or null if it is open or closed cleanly. */
    @Nullable
    Throwable error() {
        return error;
    }

    /** Returns the future completed, never exceptionally, once the stream closed and {@link #notifyClosed} ran. */
    CompletableFuture<Void> future() {
        return future;
    }

    void setCallback(@Nullable Runnable callback) {
        this.callback = callback;
    }

    void setListener(Runnable listener) {
        this.listener = listener;
    }

    /** Returns a fresh error for an operation on the closed stream {@code stream}, saying why it closed. */
    StreamClosedException exception(String stream) {
        String msg = "the stream " + stream + " is closed: " + reason;
        Throwable cause = error;
        return cause == null ? new StreamClosedException(msg) : new StreamClosedException(msg, cause);
    }

    /** Runs the close callback (an error is logged), then the listener, once each; then completes the future. */
    void notifyClosed(IOStream stream) {
        Runnable c = callback;
        callback = null;
        if (c != null) {
            try {
                c.run();
            } catch (Throwable t) {
                LOG.log(Level.ERROR, "the close callback of " + stream + " threw", t);
            }
        }
        Runnable l = listener;
        listener = null;
        if (l != null) {
            l.run();
        }
        future.complete(null);
    }

    /**
     * After a hand-over to TLS: the callback and listener move to {@code next}, and this future completes when
     * the next one does (when the connection really closes).
     */
    void handOverTo(StreamClose next) {
        next.callback = callback;
        next.listener = listener;
        callback = null;
        listener = null;
        next.future.whenComplete((v, e) -> future.complete(null));
    }
}
