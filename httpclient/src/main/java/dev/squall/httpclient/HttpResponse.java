package dev.squall.httpclient;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The response to a fetch, body fully read, as Tornado's {@code HTTPResponse}.
 *
 * <pre>{@code
 * HttpResponse r = http.fetch("https://api.example.com/users/42").join();
 * r.code();                 // 200
 * r.header("Content-Type"); // "application/json"
 * User user = r.json(User.class);
 * r.timeToFirstByte();      // Duration
 * }</pre>
 *
 * <p>After redirects it is the last response, {@link #effectiveUrl()} its URL, and {@link #request()} the
 * request the caller fetched. Thread-safe once received, except that {@link #headers()} is the response's
 * own mutable object: read it, do not change it from several threads.
 */
public final class HttpResponse {
    private final HttpRequest request;
    private final URI effectiveUrl;
    private final HttpVersion version;
    private final int code;
    private final String reason;
    private final HttpHeaders headers;
    private final ByteString body;
    private final Moshi moshi;
    private final long queueNanos;
    private final long connectNanos;
    private final long firstByteNanos;
    private final long totalNanos;

    HttpResponse(
            HttpRequest request,
            URI effectiveUrl,
            HttpVersion version,
            int code,
            String reason,
            HttpHeaders headers,
            ByteString body,
            Moshi moshi,
            long queueNanos,
            long connectNanos,
            long firstByteNanos,
            long totalNanos) {
        this.request = request;
        this.effectiveUrl = effectiveUrl;
        this.version = version;
        this.code = code;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
        this.moshi = moshi;
        this.queueNanos = queueNanos;
        this.connectNanos = connectNanos;
        this.firstByteNanos = firstByteNanos;
        this.totalNanos = totalNanos;
    }

    /** Returns the status code, e.g. 200. */
    public int code() {
        return code;
    }

    /** Returns the reason phrase the server sent, e.g. {@code OK}; possibly empty. */
    public String reason() {
        return reason;
    }

    /** Returns the protocol version the server answered with. */
    public HttpVersion version() {
        return version;
    }

    /** Returns whether the code is 2xx. */
    public boolean isSuccessful() {
        return code >= 200 && code < 300;
    }

    /** Returns the response headers (the response's own object). */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Returns the first value of a header, or null.
     *
     * @param name the header name, any case
     * @return the value or null
     */
    public @Nullable String header(String name) {
        return headers.get(name);
    }

    /** Returns the body (decompressed); empty for HEAD, 204, 304 and when a streaming callback took it. */
    public ByteString body() {
        return body;
    }

    /** Returns a copy of the body as a byte array. */
    public byte[] bodyBytes() {
        return body.toByteArray();
    }

    /**
     * Returns the body decoded with the charset of its {@code Content-Type}, UTF-8 when it names none (or one
     * the JVM does not know).
     *
     * @return the body as text
     */
    public String bodyText() {
        return body.string(charset());
    }

    /** Returns a fresh source that reads the body from its start. */
    public BufferedSource bodySource() {
        return new Buffer().write(body);
    }

    /**
     * Decodes the body as JSON into {@code type} with the client's Moshi.
     *
     * @param type the class to decode into
     * @param <T> the value type
     * @return the value, or null when the body is the JSON literal {@code null}
     * @throws JsonDataException if the JSON does not fit the type
     * @throws UncheckedIOException if the body is not valid JSON
     * @throws IllegalArgumentException if Moshi has no adapter for the type
     */
    public <T> @Nullable T json(Class<T> type) {
        return json((Type) type);
    }

    /**
     * Decodes the body as JSON into a (generic) {@code type}, e.g.
     * {@code Types.newParameterizedType(List.class, User.class)}.
     *
     * @param type the type to decode into
     * @param <T> the value type
     * @return the value, or null when the body is the JSON literal {@code null}
     * @throws JsonDataException if the JSON does not fit the type
     * @throws UncheckedIOException if the body is not valid JSON
     * @throws IllegalArgumentException if Moshi has no adapter for the type
     */
    public <T> @Nullable T json(Type type) {
        JsonAdapter<T> adapter = moshi.adapter(type);
        try {
            return adapter.fromJson(bodySource());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the body of " + request.method() + " " + Origin.redact(effectiveUrl)
                            + " (HTTP " + code + ", Content-Type " + headers.get("Content-Type", "none")
                            + ") is not valid JSON: " + e.getMessage(),
                    e);
        }
    }

    /** Returns the URL of this response: the request's, or the last redirect's. */
    public URI effectiveUrl() {
        return effectiveUrl;
    }

    /** Returns the request that was fetched (the original one, before redirects). */
    public HttpRequest request() {
        return request;
    }

    /** Returns how long the request waited for a free slot or connection, over all hops. */
    public Duration queueTime() {
        return Duration.ofNanos(queueNanos);
    }

    /** Returns how long opening connections took (zero when pooled connections were reused), over all hops. */
    public Duration connectTime() {
        return Duration.ofNanos(connectNanos);
    }

    /** Returns the time from the fetch call to the first byte of this (the final) response. */
    public Duration timeToFirstByte() {
        return Duration.ofNanos(firstByteNanos);
    }

    /** Returns the time from the fetch call to the last byte of the body. */
    public Duration totalTime() {
        return Duration.ofNanos(totalNanos);
    }

    private Charset charset() {
        String type = headers.get("Content-Type");
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        int i = indexOfIgnoreCase(type, "charset=");
        if (i < 0) {
            return StandardCharsets.UTF_8;
        }
        int start = i + "charset=".length();
        int end = start;
        while (end < type.length() && type.charAt(end) != ';' && type.charAt(end) != ' ') {
            end++;
        }
        String name = type.substring(start, end);
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static int indexOfIgnoreCase(String s, String part) {
        for (int i = 0; i + part.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + code + " " + reason + ", " + Origin.redact(effectiveUrl) + ", " + body.size()
                + " body bytes]";
    }
}
