package dev.squall.httpclient;

import dev.squall.sse.ServerSentEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} response as it streams in (the HTML standard's event stream parsing): plug it
 * in as a request's {@link HttpRequest.Builder#streamingCallback(StreamingCallback) streamingCallback} and each
 * complete event goes to the listener, on the client's loop.
 *
 * <pre>{@code
 * EventStreamReader reader = EventStreamReader.of(event -> {
 *     System.out.println(event.event() + ": " + event.data());
 *     return null;                                   // or a stage: reading waits for it (backpressure)
 * });
 * http.fetch(HttpRequest.builder(url).header("Accept", "text/event-stream")
 *         .header("Last-Event-ID", lastId)               // when resuming
 *         .requestTimeout(Duration.ZERO).streamingCallback(reader).build());
 * }</pre>
 *
 * <p>Lines end with CR, LF or CRLF (a CRLF split across chunks counts once); a leading BOM is skipped; comments
 * are ignored; {@code data} lines are joined with {@code \n}; an event without data is not dispatched, as
 * browsers do. {@link #lastEventId()} keeps the last id seen, for a reconnection's {@code Last-Event-ID}.
 * Loop-confined.
 */
public final class EventStreamReader implements StreamingCallback {
    /** Receives events. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called for each event.
         *
         * @return null, or a stage: the rest of the stream is read once it completes
         */
        @Nullable
        CompletionStage<?> onEvent(ServerSentEvent event) throws Exception;
    }

    private final Listener listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private boolean lastWasCr;
    private boolean started;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private @Nullable String eventType;
    private @Nullable String lastEventId;
    private @Nullable Duration retry;

    private EventStreamReader(Listener listener) {
        this.listener = listener;
    }

    /** Returns a reader that hands each event to {@code listener}. */
    public static EventStreamReader of(Listener listener) {
        return new EventStreamReader(listener);
    }

    /** Returns the last event id the stream set, or null. */
    public @Nullable String lastEventId() {
        return lastEventId;
    }

    /** Returns the reconnection delay the stream last announced, or null. */
    public @Nullable Duration retry() {
        return retry;
    }

    @Override
    public @Nullable CompletionStage<?> onChunk(ByteString chunk) {
        CompletionStage<?> wait = null;
        int n = chunk.size();
        for (int i = 0; i < n; i++) {
            byte b = chunk.getByte(i);
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the LF of a CRLF
            }
            lastWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                CompletionStage<?> s = endOfLine();
                if (s != null) {
                    wait = s;
                }
            } else {
                line.write(b);
            }
        }
        return wait;
    }

    private @Nullable CompletionStage<?> endOfLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!started) {
            started = true;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            return dispatch();
        }
        if (text.charAt(0) == ':') {
            return null; // a comment
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 18) {
                    retry = Duration.ofMillis(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
        return null;
    }

    private @Nullable CompletionStage<?> dispatch() {
        if (!hasData) {
            eventType = null;
            return null;
        }
        data.setLength(data.length() - 1);
        ServerSentEvent event = new ServerSentEvent(lastEventId, eventType, data.toString(), null);
        data.setLength(0);
        hasData = false;
        eventType = null;
        try {
            return listener.onEvent(event);
        } catch (Exception e) {
            throw new IllegalStateException("the event listener threw", e);
        }
    }
}
