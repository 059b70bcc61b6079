package dev.squall.testing.browser;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the maps Moshi decodes DevTools JSON into. */
final class Json {
    private Json() {}

    /** Returns {@code value} as a JSON object, or an empty map if it is not one. */
    @SuppressWarnings("unchecked") // Moshi decodes JSON objects into Map<String, Object>
    static Map<String, Object> object(@Nullable Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Returns {@code value} as a JSON object, or null if it is not one. */
    static @Nullable Map<String, Object> objectOrNull(@Nullable Object value) {
        return value instanceof Map<?, ?> ? object(value) : null;
    }

    /** Returns the string at {@code key}, or {@code ""} if there is none. */
    static String string(Map<String, Object> object, String key) {
        return object.get(key) instanceof String s ? s : "";
    }

    /** Returns the number at {@code key}, or -1 if there is none. */
    static double number(Map<String, Object> object, String key) {
        return object.get(key) instanceof Number n ? n.doubleValue() : -1;
    }
}
