package dev.squall.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * One HTTP/1.x response as {@link RawConnection#readResponse()} read it off the socket: the status line, the
 * header fields exactly as sent (order and case kept), the body with chunked framing removed, and the raw
 * bytes. Immutable.
 */
public final class RawResponse {
    private final String version;
    private final int code;
    private final String reason;
    private final List<Map.Entry<String, String>> headerLines;
    private final byte[] body;
    private final boolean chunked;
    private final List<Map.Entry<String, String>> trailerLines;
    private final byte[] raw;

    RawResponse(
            String version,
            int code,
            String reason,
            List<Map.Entry<String, String>> headerLines,
            byte[] body,
            boolean chunked,
            List<Map.Entry<String, String>> trailerLines,
            byte[] raw) {
        this.version = version;
        this.code = code;
        this.reason = reason;
        this.headerLines = List.copyOf(headerLines);
        this.body = body;
        this.chunked = chunked;
        this.trailerLines = List.copyOf(trailerLines);
        this.raw = raw;
    }

    /** Returns the protocol version of the status line, e.g. {@code HTTP/1.1}. */
    public String version() {
        return version;
    }

    /** Returns the status code, e.g. {@code 200}. */
    public int code() {
        return code;
    }

    /** Returns the reason phrase, possibly empty. */
    public String reason() {
        return reason;
    }

    /**
     * Returns the first value of a header field, matching the name case-insensitively.
     *
     * @param name the field name
     * @return the value with surrounding whitespace removed, or null if absent
     */
    public @Nullable String header(String name) {
        return first(headerLines, name);
    }

    /**
     * Returns every value of a header field, in the order sent.
     *
     * @param name the field name, case-insensitive
     * @return the values, possibly none
     */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : headerLines) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
        return values;
    }

    /**
     * Returns the header fields as sent: names in their original case, in order, repeated names repeated.
     *
     * @return the fields
     */
    public List<Map.Entry<String, String>> headerLines() {
        return headerLines;
    }

    /**
     * Returns the first value of a trailer field of a chunked body.
     *
     * @param name the field name, case-insensitive
     * @return the value, or null if absent (always null for bodies that were not chunked)
     */
    public @Nullable String trailer(String name) {
        return first(trailerLines, name);
    }

    /** Returns the body bytes, chunked framing removed (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns whether the body was sent with {@code Transfer-Encoding: chunked}. */
    public boolean isChunked() {
        return chunked;
    }

    /**
     * Asserts the status code, showing the whole response when it differs.
     *
     * <pre>{@code
     * RawResponse r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse().assertCode(200);
     * }</pre>
     *
     * @param expected the status code the response should have
     * @return this response, for more assertions
     * @throws AssertionFailedError if the code differs
     */
    public RawResponse assertCode(int expected) {
        if (code != expected) {
            throw new AssertionFailedError(
                    "expected status " + expected + " but got " + code + " in:\n" + this, expected, code);
        }
        return this;
    }

    /**
     * Returns whether the response says the server closes the connection after it: a {@code Connection} header
     * with the {@code close} option, or an HTTP/1.0 response without {@code keep-alive}.
     *
     * @return whether the connection ends with this response
     */
    public boolean closesConnection() {
        boolean close = false;
        boolean keepAlive = false;
        for (String value : headers("Connection")) {
            for (String option : value.split(",")) {
                close |= option.strip().equalsIgnoreCase("close");
                keepAlive |= option.strip().equalsIgnoreCase("keep-alive");
            }
        }
        return close || (version.equals("HTTP/1.0") && !keepAlive);
    }

    /** Returns the response exactly as received: status line, headers, framed body (a copy). */
    public byte[] raw() {
        return raw.clone();
    }

    private static @Nullable String first(List<Map.Entry<String, String>> lines, String name) {
        for (Map.Entry<String, String> e : lines) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Returns the raw response, control bytes escaped, long bodies shortened. */
    @Override
    public String toString() {
        return RawConnection.printable(raw, raw.length);
    }
}
