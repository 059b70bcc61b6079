package dev.squall.internal.http;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Interned names of the header fields seen on nearly every message, so that parsing them allocates no
 * name string. A parser looks a raw name up by its bytes (ignoring case) and gets back the normalised,
 * shared {@link String} and a small integer id it can switch on.
 *
 * <p>Internal: not API, may change.
 */
public final class KnownHeaders {
    public static final int HOST = 0;
    public static final int CONNECTION = 1;
    public static final int CONTENT_LENGTH = 2;
    public static final int TRANSFER_ENCODING = 3;
    public static final int EXPECT = 4;
    public static final int CONTENT_ENCODING = 5;
    public static final int CONTENT_TYPE = 6;

    private static final String[] NAMES = {
        // ids 0..6 above: the ones parsers act on
        "Host",
        "Connection",
        "Content-Length",
        "Transfer-Encoding",
        "Expect",
        "Content-Encoding",
        "Content-Type",
        // frequent request fields
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "Accept-Charset",
        "User-Agent",
        "Cookie",
        "Referer",
        "Origin",
        "Authorization",
        "Cache-Control",
        "Pragma",
        "Upgrade",
        "Keep-Alive",
        "Te",
        "Trailer",
        "Range",
        "If-Range",
        "If-None-Match",
        "If-Match",
        "If-Modified-Since",
        "If-Unmodified-Since",
        "Dnt",
        "Via",
        "Forwarded",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
        "X-Forwarded-Host",
        "X-Real-Ip",
        "X-Scheme",
        "X-Requested-With",
        "X-Xsrftoken",
        "X-Csrftoken",
        "Upgrade-Insecure-Requests",
        "Priority",
        "Sec-Fetch-Site",
        "Sec-Fetch-Mode",
        "Sec-Fetch-Dest",
        "Sec-Fetch-User",
        "Sec-Ch-Ua",
        "Sec-Ch-Ua-Mobile",
        "Sec-Ch-Ua-Platform",
        "Sec-Websocket-Key",
        "Sec-Websocket-Version",
        "Sec-Websocket-Extensions",
        "Sec-Websocket-Protocol",
        "Sec-Websocket-Accept",
        // frequent response fields (for the response parser)
        "Date",
        "Server",
        "Location",
        "Set-Cookie",
        "Last-Modified",
        "Etag",
        "Expires",
        "Vary",
        "Age",
        "Accept-Ranges",
        "Content-Range",
        "Content-Disposition",
        "Content-Language",
        "Content-Location",
        "Www-Authenticate",
        "Proxy-Authenticate",
        "Retry-After",
        "Strict-Transport-Security",
        "Alt-Svc",
        "Access-Control-Allow-Origin",
        "X-Content-Type-Options",
        "X-Frame-Options",
    };

    /** How many names are known; ids are {@code 0 .. COUNT-1}. */
    public static final int COUNT = NAMES.length;

    private static final int TABLE_SIZE = 512;
    private static final short[] TABLE = new short[TABLE_SIZE];
    /** Lower-case bytes of each name, for case-insensitive comparison. */
    private static final byte[][] LOWER = new byte[COUNT][];

    private static final byte[][] CANONICAL = new byte[COUNT][];

    static {
        Arrays.fill(TABLE, (short) -1);
        for (int id = 0; id < COUNT; id++) {
            String name = NAMES[id];
            if (!HttpHeaders.normalizeName(name).equals(name)) {
                throw new AssertionError("known header not normalised: " + name);
            }
            byte[] lower = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            LOWER[id] = lower;
            CANONICAL[id] = name.getBytes(StandardCharsets.US_ASCII);
            int slot = hash(lower.length, lower[0], lower[lower.length - 1]);
            while (TABLE[slot] >= 0) {
                slot = (slot + 1) & (TABLE_SIZE - 1);
            }
            TABLE[slot] = (short) id;
        }
    }

    private KnownHeaders() {}

    private static int hash(int length, int firstLower, int lastLower) {
        return (length * 31 + firstLower * 7 + lastLower * 3) & (TABLE_SIZE - 1);
    }

    /** Returns the normalised name of {@code id}. */
    public static String name(int id) {
        return NAMES[id];
    }

    /**
     * Finds a known name among {@code a[start, start+length)}, ignoring ASCII case. The bytes must already be
     * valid token characters (which makes {@code b | 0x20} a safe case fold against letters and dashes).
     *
     * @return the id, or -1 when the name is not one of the known ones
     */
    public static int lookup(byte[] a, int start, int length) {
        int first = a[start] | 0x20;
        int last = a[start + length - 1] | 0x20;
        int slot = hash(length, first, last);
        for (; ; ) {
            int id = TABLE[slot];
            if (id < 0) {
                return -1;
            }
            byte[] candidate = LOWER[id];
            if (candidate.length == length) {
                // Most clients send the canonical spelling: a vectorised exact compare settles it.
                byte[] exact = CANONICAL[id];
                if (Arrays.equals(a, start, start + length, exact, 0, length) || matches(a, start, candidate)) {
                    return id;
                }
            }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
    }

    private static boolean matches(byte[] a, int start, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((a[start + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
