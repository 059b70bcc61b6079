package dev.squall.http;

import dev.squall.escape.Escape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP helpers for application code, as Tornado's {@code tornado.httputil}: building URLs with query
 * arguments, HTTP dates, and parsing header blocks, start lines and query strings. The server's own parser does
 * not use these (it works on bytes, without allocation or exceptions); they are for tests, tools and code that
 * handles HTTP text. Stateless and thread-safe.
 */
public final class HttpUtil {
    private HttpUtil() {}

    /**
     * Appends query arguments to a URL, after any it already has and before its fragment, as Tornado's
     * {@code url_concat}: {@code urlConcat("/search?lang=en", Map.of("q", "a b"))} is
     * {@code /search?lang=en&q=a+b}.
     *
     * @param url the URL, absolute or not
     * @param args names to values, appended in the map's iteration order and form-encoded
     * @return the URL with the arguments
     */
    public static String urlConcat(String url, Map<String, String> args) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        args.forEach((k, v) -> multi.put(k, List.of(v)));
        return urlConcatMulti(url, multi);
    }

    /**
     * Appends query arguments with several values each ({@code ?tag=a&tag=b}), as {@link #urlConcat}.
     *
     * @param url the URL
     * @param args names to their values, in order
     * @return the URL with the arguments
     */
    public static String urlConcatMulti(String url, Map<String, ? extends List<String>> args) {
        int hash = url.indexOf('#');
        String fragment = hash >= 0 ? url.substring(hash) : "";
        String base = hash >= 0 ? url.substring(0, hash) : url;
        StringBuilder sb = new StringBuilder(base);
        boolean hasQuery = base.indexOf('?') >= 0;
        boolean needsAmp = hasQuery && !base.endsWith("?") && !base.endsWith("&");
        for (Map.Entry<String, ? extends List<String>> e : args.entrySet()) {
            for (String v : e.getValue()) {
                if (!hasQuery) {
                    sb.append('?');
                    hasQuery = true;
                } else if (needsAmp) {
                    sb.append('&');
                }
                needsAmp = true;
                sb.append(Escape.urlEscape(e.getKey(), true)).append('=').append(Escape.urlEscape(v, true));
            }
        }
        return sb.append(fragment).toString();
    }

    /**
     * Parses a query string ({@code a=1&b=&a=2}, with or without a leading {@code ?}) into names and their
     * values in order, as Tornado's {@code parse_qs_bytes(keep_blank_values=True)}: {@code +} is a space,
     * {@code %XX} is decoded as UTF-8 (malformed UTF-8 becomes U+FFFD), a name without {@code =} has the value
     * {@code ""}, empty pieces are skipped.
     *
     * @param query the query string
     * @return an unmodifiable map, in order of first appearance, of unmodifiable lists
     */
    public static Map<String, List<String>> parseQuery(String query) {
        String q = query.startsWith("?") ? query.substring(1) : query;
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= q.length()) {
            int amp = q.indexOf('&', start);
            int end = amp < 0 ? q.length() : amp;
            if (end > start) {
                String piece = q.substring(start, end);
                int eq = piece.indexOf('=');
                String name = Escape.urlUnescape(eq < 0 ? piece : piece.substring(0, eq), true);
                String value = eq < 0 ? "" : Escape.urlUnescape(piece.substring(eq + 1), true);
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Formats a time as an HTTP date (RFC 9110's IMF-fixdate, RFC 1123's format), as Tornado's
     * {@code format_timestamp}: {@code Sun, 06 Nov 1994 08:49:37 GMT}. Fractions of a second are dropped.
     *
     * @param time the time
     * @return the date
     */
    public static String formatTimestamp(Instant time) {
        return HttpDateCache.format(Math.multiplyExact(time.getEpochSecond(), 1000L));
    }

    /**
     * Formats seconds since the epoch as an HTTP date, as {@link #formatTimestamp(Instant)}.
     *
     * @param epochSeconds seconds since 1970-01-01T00:00:00Z
     * @return the date
     */
    public static String formatTimestamp(long epochSeconds) {
        return HttpDateCache.format(Math.multiplyExact(epochSeconds, 1000L));
    }

    /**
     * Parses a block of header lines ({@code "Content-Type: text/html\r\nX-A: 1\r\n"}), as Tornado's
     * {@code HTTPHeaders.parse}: lines end with CRLF or LF; an empty line is skipped; a line starting with a
     * space or tab continues the previous value (obsolete folding, joined with one space); names keep their
     * order and repeated names keep every value.
     *
     * @param text the header block, without the start line
     * @return the headers
     * @throws IllegalArgumentException for a line without a colon, a continuation with nothing to continue, or
     *     a name that is not an HTTP token — the message quotes the line
     */
    public static HttpHeaders parseHeaders(String text) {
        List<String[]> entries = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (entries.isEmpty()) {
                    throw new IllegalArgumentException("a folded header line with no header before it: '" + line + "'");
                }
                String[] last = entries.get(entries.size() - 1);
                String more = line.strip();
                last[1] = last[1].isEmpty() ? more : last[1] + " " + more;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a header line (Name: value): '" + line + "'");
            }
            entries.add(new String[] {
                line.substring(0, colon), line.substring(colon + 1).strip()
            });
        }
        HttpHeaders headers = new HttpHeaders(entries.size());
        for (String[] e : entries) {
            headers.add(e[0], e[1]);
        }
        return headers;
    }

    /**
     * A request's first line.
     *
     * @param method the method, such as {@code GET}
     * @param path the request target, such as {@code /foo?x=1}
     * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
     */
    public record RequestStartLine(String method, String path, String version) {}

    /**
     * A response's first line.
     *
     * @param version such as {@code HTTP/1.1}
     * @param code the status code
     * @param reason the reason phrase, possibly empty
     */
    public record ResponseStartLine(String version, int code, String reason) {}

    /**
     * Parses a request line, as Tornado's {@code parse_request_start_line}: {@code GET /foo HTTP/1.1}.
     *
     * @param line the line, without its line ending
     * @return its parts
     * @throws IllegalArgumentException if it is not three parts separated by single spaces, or the version is
     *     not {@code HTTP/1.x}
     */
    public static RequestStartLine parseRequestStartLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(
                    "malformed HTTP request line (expected METHOD TARGET VERSION): '" + line + "'");
        }
        if (!isHttp1Version(parts[2])) {
            throw new IllegalArgumentException("malformed HTTP version in request line: '" + parts[2] + "'");
        }
        return new RequestStartLine(parts[0], parts[1], parts[2]);
    }

    /**
     * Parses a status line, as Tornado's {@code parse_response_start_line}: {@code HTTP/1.1 200 OK}.
     *
     * @param line the line, without its line ending
     * @return its parts
     * @throws IllegalArgumentException if it is not {@code HTTP/1.x CODE [REASON]} with a three-digit code
     */
    public static ResponseStartLine parseResponseStartLine(String line) {
        int sp1 = line.indexOf(' ');
        if (sp1 < 0 || !isHttp1Version(line.substring(0, sp1))) {
            throw new IllegalArgumentException(
                    "malformed HTTP status line (expected HTTP/1.x CODE REASON): '" + line + "'");
        }
        int sp2 = line.indexOf(' ', sp1 + 1);
        String code = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
        if (code.length() != 3
                || !Character.isDigit(code.charAt(0))
                || !Character.isDigit(code.charAt(1))
                || !Character.isDigit(code.charAt(2))) {
            throw new IllegalArgumentException("malformed status code in status line: '" + line + "'");
        }
        String reason = sp2 < 0 ? "" : line.substring(sp2 + 1);
        if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line break in the status line's reason: '" + line + "'");
        }
        return new ResponseStartLine(line.substring(0, sp1), Integer.parseInt(code), reason);
    }

    private static boolean isHttp1Version(String v) {
        return v.length() == 8 && v.startsWith("HTTP/1.") && Character.isDigit(v.charAt(7));
    }

    /**
     * Parses a {@code Cookie} header's value into its name-value pairs, as Tornado's {@code httputil.parse_cookie}:
     * leniently, as browsers send it (pairs split on {@code ;}, a pair without {@code =} kept under the empty
     * name, quoted values unquoted with their {@code \\ooo} escapes). Any thread.
     *
     * <pre>{@code HttpUtil.parseCookie("a=1; b=\"x y\"")   // {a=1, b=x y}}</pre>
     *
     * @param header the header's value
     * @return the pairs in order; a later pair with the same name wins
     */
    public static Map<String, String> parseCookie(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        parseCookie(header, out);
        return out;
    }

    /**
     * Adds the pairs of one {@code Cookie} field to {@code into}, as {@link #parseCookie(String)} parses them: for a
     * request with several {@code Cookie} fields. Any thread.
     *
     * @param header the field's value
     * @param into where the pairs go
     */
    public static void parseCookie(String header, Map<String, String> into) {
        int n = header.length();
        int start = 0;
        while (start <= n) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            int eq = header.indexOf('=', start);
            String key;
            String value;
            if (eq >= 0 && eq < end) {
                key = header.substring(start, eq).strip();
                value = header.substring(eq + 1, end).strip();
            } else {
                key = "";
                value = header.substring(start, end).strip();
            }
            if (!key.isEmpty() || !value.isEmpty()) {
                into.put(key, unquote(value));
            }
            start = end + 1;
        }
    }

    /** Python's {@code _unquote}: strips surrounding quotes and resolves {@code \ooo} and {@code \c}. */
    private static String unquote(String value) {
        int n = value.length();
        if (n < 2 || value.charAt(0) != '"' || value.charAt(n - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder(n);
        int i = 1;
        int last = n - 1;
        while (i < last) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < last) {
                if (i + 3 < last
                        && value.charAt(i + 1) >= '0'
                        && value.charAt(i + 1) <= '3'
                        && isOctal(value.charAt(i + 2))
                        && isOctal(value.charAt(i + 3))) {
                    sb.append((char) ((value.charAt(i + 1) - '0') * 64
                            + (value.charAt(i + 2) - '0') * 8
                            + (value.charAt(i + 3) - '0')));
                    i += 4;
                } else {
                    sb.append(value.charAt(i + 1));
                    i += 2;
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
