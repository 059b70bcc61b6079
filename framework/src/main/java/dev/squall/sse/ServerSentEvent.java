package dev.squall.sse;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event: its {@code data} (any text; line breaks become several {@code data:} lines on the wire
 * and come back as {@code \n}), and optionally an {@code event} type, an {@code id} (sent back by the browser as
 * {@code Last-Event-ID} when it reconnects) and a {@code retry} delay for the browser's reconnection.
 *
 * @param id the event id, or null; no CR, LF or NUL
 * @param event the event type, or null for the default ({@code message}); no CR or LF
 * @param data the data
 * @param retry the reconnection delay to announce, or null
 */
public record ServerSentEvent(
        @Nullable String id,
        @Nullable String event,
        String data,
        @Nullable Duration retry) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code id} or {@code event} contains a line break (or the id a NUL), or
     *     the retry is negative
     */
    public ServerSentEvent {
        if (id != null && (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || id.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("an event id cannot contain CR, LF or NUL: "
                    + id.replace("\n", "\\n").replace("\r", "\\r"));
        }
        if (event != null && (event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an event type cannot contain CR or LF");
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry cannot be negative: " + retry);
        }
    }

    /** Returns an event with only data. */
    public static ServerSentEvent of(String data) {
        return new ServerSentEvent(null, null, data, null);
    }

    /** Returns an event of type {@code event} with {@code data}. */
    public static ServerSentEvent of(String event, String data) {
        return new ServerSentEvent(null, event, data, null);
    }

    /** Returns a copy with the id {@code id}. */
    public ServerSentEvent withId(@Nullable String id) {
        return new ServerSentEvent(id, event, data, retry);
    }

    /** Returns a copy that announces the reconnection delay {@code retry}. */
    public ServerSentEvent withRetry(@Nullable Duration retry) {
        return new ServerSentEvent(id, event, data, retry);
    }

    /** Returns the event in the {@code text/event-stream} format, ending with the blank line that dispatches it. */
    public String encode() {
        StringBuilder out = new StringBuilder(data.length() + 32);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        if (retry != null) {
            out.append("retry: ").append(retry.toMillis()).append('\n');
        }
        // Each line of the data, whatever ends it (CR, LF or CRLF), is a data field of its own.
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.append("data: ").append(data, start, n).append('\n');
        return out.append('\n').toString();
    }
}
