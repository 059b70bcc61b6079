package dev.squall.web;

import dev.squall.escape.Escape;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A header value with parameters, such as {@code multipart/form-data; boundary="abc"} or
 * {@code form-data; name="file"; filename="a.txt"}: the main value (lower-cased) and its parameters (names
 * lower-cased, quoted strings unquoted, RFC 8187 {@code name*=UTF-8''...} decoded into {@code name}).
 */
record HeaderValue(String value, Map<String, String> params) {

    /** Parses {@code header}; never fails (junk parameters are skipped). */
    static HeaderValue parse(String header) {
        int semi = indexOfUnquoted(header, ';', 0);
        String main = (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> extended = new LinkedHashMap<>();
        int i = semi;
        while (i >= 0 && i < header.length()) {
            int next = indexOfUnquoted(header, ';', i + 1);
            String part =
                    header.substring(i + 1, next < 0 ? header.length() : next).strip();
            int eq = part.indexOf('=');
            if (eq > 0) {
                String name = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = part.substring(eq + 1).strip();
                if (name.endsWith("*")) {
                    String decoded = decodeExtended(value);
                    if (decoded != null) {
                        extended.put(name.substring(0, name.length() - 1), decoded);
                    }
                } else {
                    params.put(name, unquote(value));
                }
            }
            i = next;
        }
        params.putAll(extended); // name*= takes precedence over name= (RFC 8187 section 4.2)
        return new HeaderValue(main, params);
    }

    @Nullable
    String param(String name) {
        return params.get(name);
    }

    private static int indexOfUnquoted(String s, char c, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted && ch == '\\') {
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Decodes {@code charset'language'percent-encoded}, or returns null. */
    private static @Nullable String decodeExtended(String value) {
        int q1 = value.indexOf('\'');
        int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(value.substring(0, q1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
        byte[] bytes = Escape.urlUnescapeToBytes(value.substring(q2 + 1), false);
        return new String(bytes, charset);
    }
}
