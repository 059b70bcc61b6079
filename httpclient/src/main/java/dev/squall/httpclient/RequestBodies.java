package dev.squall.httpclient;

import com.squareup.moshi.JsonAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** The encodings behind {@link HttpRequest.Builder}'s {@code form} and {@code json} bodies. */
final class RequestBodies {
    private RequestBodies() {}

    /** Returns {@code fields} as {@code application/x-www-form-urlencoded} (UTF-8), in iteration order. */
    static ByteString form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return ByteString.encodeUtf8(sb.toString());
    }

    /**
     * Returns the type whose Moshi adapter writes {@code value}: its runtime class, or for maps, lists, sets
     * and collections the interface.
     */
    static Type jsonType(Object value) {
        // Moshi knows the collection interfaces, not their implementations (Map.of gives
        // ImmutableCollections$Map1).
        return value instanceof Map
                ? Map.class
                : value instanceof List
                        ? List.class
                        : value instanceof Set
                                ? Set.class
                                : value instanceof Collection ? Collection.class : value.getClass();
    }

    /**
     * Returns {@code value} as JSON, written with the adapter for {@code type}.
     *
     * @throws IllegalArgumentException if Moshi has no adapter for the type
     */
    static ByteString json(@Nullable Object value, Type type) {
        JsonAdapter<Object> adapter = Json.MOSHI.adapter(type);
        Buffer buffer = new Buffer();
        try {
            adapter.toJson(buffer, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return buffer.readByteString();
    }
}
