package dev.squall.web;

import dev.squall.escape.Escape;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Tornado 6's XSRF tokens, byte for byte. A token is 16 random bytes, kept in the {@code _xsrf} cookie and
 * echoed by forms ({@code _xsrf} argument) and scripts ({@code X-XSRFToken} / {@code X-CSRFToken} header).
 *
 * <ul>
 *   <li>Version 2 (written): {@code 2|<hex mask>|<hex(token XOR mask)>|<timestamp>}, with a fresh 4-byte
 *       mask for every request, so the token in a page never repeats (no BREACH-style compression oracle);
 *       the mask repeats over the 16 bytes, as Tornado's {@code _websocket_mask}.</li>
 *   <li>Version 1 (read): the token in plain hex; not hex, the text itself.</li>
 * </ul>
 * Two tokens match when their unmasked bytes are equal, compared in constant time; the timestamp is not
 * checked (as Tornado). Not API: the handler's {@code xsrfToken()}, {@code xsrfFormHtml()} and
 * {@code checkXsrfCookie()} use it.
 */
final class XsrfTokens {
    /** The cookie and the form argument. */
    static final String NAME = "_xsrf";

    static final int TOKEN_BYTES = 16;

    private static final System.Logger LOG = System.getLogger("dev.squall.security");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private XsrfTokens() {}

    /** A decoded token: its version (1 or 2), the raw bytes and the timestamp (seconds; now for v1). */
    record Token(int version, byte[] bytes, long timestamp) {}

    /** Returns 16 fresh random bytes. */
    static byte[] newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(token);
        return token;
    }

    /** Encodes {@code token} as version 2 with a fresh random mask. */
    static String encode(byte[] token, long timestampSeconds) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        return encode(token, mask, timestampSeconds);
    }

    /** Encodes {@code token} as version 2 with {@code mask}: {@code 2|hex(mask)|hex(token^mask)|ts}. */
    static String encode(byte[] token, byte[] mask, long timestampSeconds) {
        return "2|" + hex(mask) + "|" + hex(xor(token, mask)) + "|" + timestampSeconds;
    }

    /**
     * Decodes a token from a cookie, argument or header, as Tornado's {@code _decode_xsrf_token}, or returns
     * null when it is malformed (a DEBUG line says why).
     */
    static @Nullable Token decode(String text, long nowSeconds) {
        if (text.startsWith("2|")) {
            int a = text.indexOf('|', 2);
            int b = a < 0 ? -1 : text.indexOf('|', a + 1);
            if (b < 0 || text.indexOf('|', b + 1) >= 0) {
                return malformed("a version-2 token needs four fields");
            }
            byte[] mask = unhex(text, 2, a);
            byte[] masked = unhex(text, a + 1, b);
            long ts = parseLong(text, b + 1, text.length());
            if (mask == null || mask.length == 0 || masked == null || ts < 0) {
                return malformed("a version-2 token has a field that is not hex or not a number");
            }
            return new Token(2, xor(masked, mask), ts);
        }
        int bar = text.indexOf('|');
        if (bar > 0 && isVersionNumber(text, bar)) {
            return malformed("unknown token version " + text.substring(0, bar));
        }
        if (text.isEmpty()) {
            return malformed("the token is empty");
        }
        byte[] bytes = unhex(text, 0, text.length());
        return new Token(1, bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8), nowSeconds);
    }

    /** Whether two tokens' bytes are equal, in constant time. */
    static boolean matches(Token a, Token b) {
        return MessageDigest.isEqual(a.bytes(), b.bytes());
    }

    private static boolean isVersionNumber(String text, int end) {
        if (text.charAt(0) < '1' || text.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < end; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static @Nullable Token malformed(String why) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "XSRF token ignored: " + why);
        }
        return null;
    }

    /** XOR of {@code data} with {@code mask} repeated (Tornado's {@code _websocket_mask}). */
    static byte[] xor(byte[] data, byte[] mask) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ mask[i % mask.length]);
        }
        return out;
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static byte @Nullable [] unhex(String s, int start, int end) {
        int n = end - start;
        if (n % 2 != 0) {
            return null;
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Escape.hexValue(s.charAt(start + 2 * i));
            int lo = Escape.hexValue(s.charAt(start + 2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static long parseLong(String s, int start, int end) {
        if (end <= start || end - start > 18) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
