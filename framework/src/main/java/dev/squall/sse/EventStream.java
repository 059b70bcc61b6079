package dev.squall.sse;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.web.BaseRequestHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A handler's response as a Server-Sent Events stream, usable from every handler style (plain, chained, coroutine,
 * Kotlin): it sets {@code Content-Type: text/event-stream}, {@code Cache-Control: no-cache} and
 * {@code X-Accel-Buffering: no} (so nginx passes events on at once), sends the headers, and then writes each
 * event with a flush whose future completes when the bytes reached the kernel — wait on it, and a slow client
 * slows its producer rather than filling the heap.
 *
 * <pre>{@code
 * final class Ticker extends AsyncRequestHandler {
 *     @Override public CompletionStage<?> get() {
 *         EventStream events = EventStream.start(this).heartbeat(Duration.ofSeconds(15));
 *         long from = events.lastEventId() == null ? 0 : Long.parseLong(events.lastEventId()) + 1;
 *         return sendFrom(events, from);                // finish() ends the stream; the browser reconnects
 *     }
 * }
 * }</pre>
 *
 * <p>Loop thread only, as the handler. The stream stops (heartbeat cancelled, sends failing) when the client goes
 * away: a send's future then fails with {@code StreamClosedException}.
 */
public final class EventStream {
    private final BaseRequestHandler handler;
    private final IOLoop loop;
    private @Nullable Timeout heartbeat;
    private boolean closed;

    private EventStream(BaseRequestHandler handler) {
        this.handler = handler;
        this.loop = handler.request().loop();
    }

    /**
     * Starts the stream on {@code handler}'s response: sets the headers and flushes them.
     *
     * @return the stream
     * @throws IllegalStateException if the headers were already sent, or off the loop
     */
    public static EventStream start(BaseRequestHandler handler) {
        EventStream s = new EventStream(handler);
        handler.setHeader("Content-Type", "text/event-stream; charset=UTF-8");
        handler.setHeader("Cache-Control", "no-cache");
        handler.setHeader("X-Accel-Buffering", "no");
        s.watch(handler.flush());
        return s;
    }

    /** Returns the {@code Last-Event-ID} the browser sent when reconnecting, or null on a first connection. */
    public @Nullable String lastEventId() {
        return handler.request().headers().get("Last-Event-ID");
    }

    /**
     * Sends one event.
     *
     * @return a future completed on the loop when the event reached the kernel; failed with
     *     {@link dev.squall.net.StreamClosedException} if the client went away
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public CompletableFuture<Void> send(ServerSentEvent event) {
        handler.write(event.encode());
        return watch(handler.flush());
    }

    /** Sends an event with only {@code data}; as {@link #send(ServerSentEvent)}. */
    public CompletableFuture<Void> send(String data) {
        return send(ServerSentEvent.of(data));
    }

    /**
     * Sends a comment line ({@code : text}), which clients ignore: a heartbeat that keeps proxies from closing an
     * idle stream. Line breaks in {@code text} are replaced by spaces.
     *
     * @return as {@link #send(ServerSentEvent)}
     */
    public CompletableFuture<Void> comment(String text) {
        handler.write(": " + text.replace('\r', ' ').replace('\n', ' ') + "\n\n");
        return watch(handler.flush());
    }

    /**
     * Sends a comment every {@code interval} until the response finishes or the client goes away (replacing an
     * earlier heartbeat). Timers use the loop's clock.
     *
     * @return this stream
     */
    public EventStream heartbeat(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the heartbeat interval must be positive, not " + interval);
        }
        cancelHeartbeat();
        heartbeat = loop.callLater(interval, () -> {
            heartbeat = null;
            if (closed || handler.isFinished()) {
                return;
            }
            comment("heartbeat");
            if (!closed) {
                heartbeat(interval);
            }
        });
        return this;
    }

    /** Returns whether the client went away (a flush failed). */
    public boolean isClosed() {
        return closed;
    }

    private CompletableFuture<Void> watch(CompletableFuture<Void> flushed) {
        flushed.whenComplete((v, e) -> {
            if (e != null) {
                closed = true;
                cancelHeartbeat();
            }
        });
        return flushed;
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel();
            heartbeat = null;
        }
    }
}
