package dev.squall.web;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpUtil;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One handler's cookies: those the request brought (parsed once, on first read, leniently as Tornado's
 * {@code parse_cookie}) and the {@code Set-Cookie} fields the handler added, which go out when the head is
 * written. Outgoing cookies are keyed by name, domain and path — setting one again replaces it, clearing it
 * after setting it sends only the deletion — and survive {@code clear()} before an error page, as Tornado's.
 *
 * <p>Reading: the {@code Cookie} fields split at {@code ;}; a pair without {@code =} has an empty name (as
 * browsers treat it); names and values are stripped; a quoted value is unquoted with Python's rules
 * ({@code \"}, {@code \\}, octal {@code \ooo}); for a name given twice the last value wins (Tornado's dict). No
 * input makes this throw.
 *
 * <p>Writing: the name must be an RFC 6265 token; the value may not contain control characters or
 * whitespace (refused, as Tornado does); a value with other characters outside the cookie-octet set
 * ({@code = , ; " \} and Latin-1 letters) is written quoted exactly as Python's {@code http.cookies} (which
 * Tornado uses) quotes it, so Tornado and Squall read each other's values. Characters beyond Latin-1 are
 * refused: encode such a value first (URL or base64).
 */
final class Cookies {
    /** {@code Expires} as an IMF-fixdate with a two-digit day, as browsers and Tornado write it. */
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    /** Python's {@code http.cookies._LegalChars}: a value of only these is written bare. */
    private static final String LEGAL = "!#$%&'*+-.^_`|~:";
    /** Python's {@code _UnescapedChars} beyond the legal ones: kept as they are inside quotes. */
    private static final String UNESCAPED = " ()/<=>?@[]{}";

    private @Nullable Map<String, String> incoming;
    private @Nullable LinkedHashMap<String, String> outgoing;

    // ------------------------------------------------------------------------------------------------
    // Reading

    /** Returns the request's cookies, parsed on first use. */
    Map<String, String> incoming(HttpHeaders requestHeaders) {
        Map<String, String> m = incoming;
        if (m == null) {
            List<String> fields = requestHeaders.getAll("Cookie");
            if (fields.isEmpty()) {
                m = Map.of();
            } else {
                LinkedHashMap<String, String> parsed = new LinkedHashMap<>();
                for (String field : fields) {
                    parse(field, parsed);
                }
                m = Collections.unmodifiableMap(parsed);
            }
            incoming = m;
        }
        return m;
    }

    /** Adds the pairs of one {@code Cookie} field to {@code into}: Tornado's {@code parse_cookie}. */
    static void parse(String header, Map<String, String> into) {
        HttpUtil.parseCookie(header, into);
    }

    // ------------------------------------------------------------------------------------------------
    // Writing

    /** Adds (or replaces) the {@code Set-Cookie} field for name, domain and path. */
    void set(String name, String value, CookieOptions options, long nowMillis) {
        LinkedHashMap<String, String> out = outgoing;
        if (out == null) {
            out = new LinkedHashMap<>();
            outgoing = out;
        }
        String field = format(name, value, options, nowMillis);
        out.put(name + '\0' + (options.domain() != null ? options.domain() : "") + '\0' + options.path(), field);
    }

    /** Sends the cookie {@code name} already expired, as Tornado's {@code clear_cookie}: a year in the past. */
    void clear(String name, CookieOptions options, long nowMillis) {
        Instant past = Instant.ofEpochMilli(nowMillis).minus(Duration.ofDays(365));
        set(name, "", options.newBuilder().expires(past).maxAge(null).build(), nowMillis);
    }

    /** Adds the {@code Set-Cookie} fields to the response's headers. */
    void writeTo(HttpHeaders headers) {
        Map<String, String> out = outgoing;
        if (out != null) {
            for (String field : out.values()) {
                headers.add("Set-Cookie", field);
            }
        }
    }

    /** Returns the {@code Set-Cookie} field value for a cookie. */
    static String format(String name, String value, CookieOptions options, long nowMillis) {
        checkName(name);
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 32);
        sb.append(name).append('=');
        appendValue(sb, name, value);
        if (options.domain() != null) {
            sb.append("; Domain=").append(options.domain());
        }
        Instant expires = options.expires();
        Double days = options.expiresDays();
        if (expires == null && days != null) {
            expires = Instant.ofEpochMilli(nowMillis + (long) (days * 86_400_000d));
        }
        if (expires != null) {
            sb.append("; expires=").append(EXPIRES.format(expires));
        }
        Duration maxAge = options.maxAge();
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.getSeconds());
        }
        sb.append("; Path=").append(options.path());
        if (options.secure()) {
            sb.append("; Secure");
        }
        if (options.httpOnly()) {
            sb.append("; HttpOnly");
        }
        if (options.sameSite() != null) {
            sb.append("; SameSite=").append(options.sameSite().attribute());
        }
        if (options.partitioned()) {
            sb.append("; Partitioned");
        }
        return sb.toString();
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a cookie needs a name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7e || !HttpHeaders.isTokenChar(c)) {
                throw new IllegalArgumentException("invalid cookie name \"" + name + "\": "
                        + String.format("U+%04X", (int) c) + " is not allowed; a name is letters, digits and "
                        + "!#$%&'*+-.^_`|~");
            }
        }
    }

    /** Appends the value bare, or quoted as Python's {@code http.cookies._quote}. */
    private static void appendValue(StringBuilder sb, String name, String value) {
        boolean bare = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("invalid value for cookie \"" + name + "\": "
                        + String.format("U+%04X", (int) c) + " (a control character or whitespace) is not allowed; "
                        + "encode the value first (URL or base64)");
            }
            if (c > 0xff) {
                throw new IllegalArgumentException("invalid value for cookie \"" + name + "\": "
                        + String.format("U+%04X", (int) c) + " is outside Latin-1; encode the value first (URL "
                        + "or base64)");
            }
            if (!isLegal(c)) {
                bare = false;
            }
        }
        if (bare) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (isLegal(c) || UNESCAPED.indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('\\')
                        .append((char) ('0' + (c >> 6)))
                        .append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            }
        }
        sb.append('"');
    }

    private static boolean isLegal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || LEGAL.indexOf(c) >= 0;
    }
}
