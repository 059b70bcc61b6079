package dev.squall.auth;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the providers' JSON documents with Moshi into maps, and reads typed members out of them. */
final class Json {
    private static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);

    private Json() {}

    /**
     * Parses a JSON object.
     *
     * @param text the document
     * @param what what it is, for the error ("the token response of https://...")
     * @throws AuthError (502) if it is not a JSON object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text, String what) {
        Object value;
        try {
            value = ANY.fromJson(text);
        } catch (IOException | RuntimeException e) {
            throw new AuthError(
                    502, what + " is not JSON: " + e.getMessage() + "; got: " + excerpt(text), null, null, e);
        }
        if (!(value instanceof Map)) {
            throw AuthError.provider(what + " is not a JSON object; got: " + excerpt(text));
        }
        return (Map<String, Object>) value;
    }

    /** Parses any JSON value, or returns null when the text is not JSON. */
    static @Nullable Object valueOrNull(String text) {
        try {
            return ANY.fromJson(text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Returns a string member, or null when it is absent or not a string (a number is given as text). */
    static @Nullable String string(Map<String, Object> object, String name) {
        Object v = object.get(name);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return null;
    }

    /** Returns a numeric member (JSON numbers, or digits in a string), or null. */
    static @Nullable Long number(Map<String, Object> object, String name) {
        Object v = object.get(name);
        if (v instanceof Double d) {
            return d.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Returns a boolean member ({@code true}, or the string {@code "true"}), or null. */
    static @Nullable Boolean bool(Map<String, Object> object, String name) {
        Object v = object.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return Boolean.parseBoolean(s);
        }
        return null;
    }

    /** Returns a member that is a string or an array of strings as a list (empty when absent). */
    static List<String> strings(Map<String, Object> object, String name) {
        Object v = object.get(name);
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Returns a member that is an object, or null. */
    @SuppressWarnings("unchecked")
    static @Nullable Map<String, Object> child(Map<String, Object> object, String name) {
        Object v = object.get(name);
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    /** Returns the first 200 characters of a document, for error messages. */
    static String excerpt(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
