package dev.squall.http;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * One connection's deadline (header, body, idle or closing linger) on one lazily re-armed loop timer: the timer
 * is scheduled for the earliest deadline ever needed and, when it fires, compares the loop's clock with the
 * deadline now in force, re-arming itself if that moved later — so a keep-alive request cycle creates and
 * cancels no timers. Loop thread only.
 */
final class DeadlineTimer implements Runnable {
    /** What a deadline is for. */
    enum Kind {
        NONE,
        FIRST_HEAD,
        HEAD,
        BODY,
        IDLE,
        LINGER
    }

    /** Called when a deadline passes. */
    @FunctionalInterface
    interface Expiry {
        void expired(Kind kind, long nowNanos);
    }

    private final IOLoop loop;
    private final Expiry expiry;
    private @Nullable Timeout timer;
    private long timerAt;
    private Kind kind = Kind.NONE;
    private long deadline;

    DeadlineTimer(IOLoop loop, Expiry expiry) {
        this.loop = loop;
        this.expiry = expiry;
    }

    /** Returns the deadline in force. */
    Kind kind() {
        return kind;
    }

    /** Sets the deadline in force to {@code at} (loop nanos) for {@code kind}. */
    void set(Kind kind, long at) {
        this.kind = kind;
        deadline = at;
        Timeout t = timer;
        if (t == null || timerAt > at) {
            if (t != null) {
                t.cancel();
            }
            timerAt = at;
            timer = loop.callAt(at, this); // the timer itself is the task: no lambda per arming
        }
    }

    /** Clears the deadline; the timer, if armed, fires once more and does nothing. */
    void clear() {
        kind = Kind.NONE;
    }

    /** Clears the deadline and cancels the timer (the connection is gone). */
    void cancel() {
        Timeout t = timer;
        if (t != null) {
            t.cancel();
            timer = null;
        }
        kind = Kind.NONE;
    }

    /** The timer fired (the loop runs this). */
    @Override
    public void run() {
        timer = null;
        if (kind == Kind.NONE) {
            return;
        }
        long now = loop.nanoTime();
        if (now < deadline) {
            timerAt = deadline;
            timer = loop.callAt(deadline, this);
            return;
        }
        expiry.expired(kind, now);
    }
}
