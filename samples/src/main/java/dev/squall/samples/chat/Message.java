package dev.squall.samples.chat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat message: its id (increasing within the process; the clients' cursor) and its text, which is never HTML.
 *
 * @param id the message's id, from 1
 * @param body the text as the user typed it
 */
public record Message(long id, String body) {
    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    /** Returns the message as a JSON value: {@code {"id": "12", "body": "..."}} (the id as a string, for cursors). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", Long.toString(id));
        json.put("body", body);
        return json;
    }

    /** Returns {@link #toJson()} as JSON text, as the WebSocket and the event stream send it. */
    public String json() {
        return JSON.toJson(toJson());
    }

    /** Returns {@code messages} as the JSON value of a long poll's answer: {@code {"messages": [...]}}. */
    static Map<String, Object> batch(List<Message> messages) {
        return Map.of("messages", messages.stream().map(Message::toJson).toList());
    }
}
