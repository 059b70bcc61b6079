package dev.squall.escape;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Escaping for HTML and URLs, as Tornado's {@code tornado.escape}.
 *
 * <pre>{@code
 * Escape.xhtmlEscape("<a href='x'>");        // "&lt;a href=&#x27;x&#x27;&gt;"
 * Escape.urlEscape("a b/c");                 // "a+b%2Fc"   (query-string form)
 * Escape.urlEscape("a b/c", false);          // "a%20b/c"   (path form)
 * Escape.urlUnescape("a+b%2Fc");             // "a b/c"
 * }</pre>
 *
 * <p>Pure functions; safe from any thread.
 */
public final class Escape {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escape() {
    }

    /**
     * Escapes {@code <}, {@code >}, {@code &}, {@code "} and {@code '} so that {@code value} can be placed in
     * HTML text or a quoted attribute.
     *
     * @param value the text
     * @return the escaped text (the same instance when nothing needed escaping)
     */
    public static String xhtmlEscape(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && replacement(value.charAt(i)) == null) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(value, 0, i);
        for (; i < n; i++) {
            char c = value.charAt(i);
            String r = replacement(c);
            if (r == null) {
                sb.append(c);
            } else {
                sb.append(r);
            }
        }
        return sb.toString();
    }

    private static @Nullable String replacement(char c) {
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#x27;";
            default -> null;
        };
    }

    /**
     * Percent-encodes {@code value} (as UTF-8) for a query string: spaces become {@code +} and {@code /} is
     * escaped. Same as {@code urlEscape(value, true)}.
     *
     * @param value the text
     * @return the encoded text
     */
    public static String urlEscape(String value) {
        return urlEscape(value, true);
    }

    /**
     * Percent-encodes {@code value} as UTF-8. Letters, digits and {@code _.-~} are kept.
     *
     * @param value the text
     * @param plus true for the query-string form (space as {@code +}, {@code /} escaped); false for the path
     *     form (space as {@code %20}, {@code /} kept)
     * @return the encoded text (the same instance when nothing needed encoding)
     */
    public static String urlEscape(String value, boolean plus) {
        int n = value.length();
        int i = 0;
        while (i < n && isUrlSafe(value.charAt(i), plus)) {
            i++;
        }
        if (i == n) {
            return value;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(value, 0, i);
        byte[] bytes = value.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && isUrlSafe((char) c, plus)) {
                sb.append((char) c);
            } else if (c == ' ' && plus) {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean isUrlSafe(char c, boolean plus) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == '-' || c == '~' || c == '/' && !plus;
    }

    /**
     * Decodes a query-string value: {@code +} becomes a space, {@code %XX} sequences are decoded as UTF-8
     * (malformed UTF-8 becomes U+FFFD). Same as {@code urlUnescape(value, true)}.
     *
     * @param value the encoded text
     * @return the decoded text
     */
    public static String urlUnescape(String value) {
        return urlUnescape(value, true);
    }

    /**
     * Decodes percent-encoded text as UTF-8, replacing malformed UTF-8 with U+FFFD. A {@code %} not followed
     * by two hex digits is kept as is.
     *
     * @param value the encoded text
     * @param plus whether {@code +} means a space (query strings) or itself (paths)
     * @return the decoded text (the same instance when there was nothing to decode)
     */
    public static String urlUnescape(String value, boolean plus) {
        if (value.indexOf('%') < 0 && (!plus || value.indexOf('+') < 0)) {
            return value;
        }
        return new String(urlUnescapeToBytes(value, plus), StandardCharsets.UTF_8);
    }

    /**
     * Decodes percent-encoded text to bytes, for callers that need to validate the encoding themselves.
     * Characters of {@code value} that are not part of a {@code %XX} sequence are taken as ISO-8859-1 bytes
     * (the way an HTTP request line carries raw bytes).
     *
     * @param value the encoded text
     * @param plus whether {@code +} means a space
     * @return the decoded bytes
     */
    public static byte[] urlUnescapeToBytes(String value, boolean plus) {
        int n = value.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < n && hexValue(value.charAt(i + 1)) >= 0 && hexValue(value.charAt(i + 2)) >= 0) {
                out.write(hexValue(value.charAt(i + 1)) << 4 | hexValue(value.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plus) {
                out.write(' ');
            } else if (c < 0x100) {
                out.write(c);
            } else {
                int cp = value.codePointAt(i);
                byte[] utf8 = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    /**
     * Returns the value of a hex digit, or -1.
     *
     * @param c a character
     * @return 0..15, or -1 when {@code c} is not a hex digit
     */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
