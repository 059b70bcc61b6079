package dev.squall.http;

import dev.squall.internal.http.Http1HeadParser;
import dev.squall.internal.http.KnownHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Parses HTTP/1.x request heads (RFC 9112 sections 3 and 6) from bytes, incrementally, and judges their
 * framing with the request-smuggling guards of RFC 9112 section 6.3:
 *
 * <ul>
 *   <li>the start line must be exactly {@code METHOD SP TARGET SP HTTP/x.y}; the method must be a token (any
 *       token: whether it is supported is the application's business);</li>
 *   <li>{@code HTTP/1.0} and {@code HTTP/1.1} are served, other {@code HTTP/1.x} minor versions as 1.1
 *       (RFC 9110 section 2.5); other major versions get 505;</li>
 *   <li>HTTP/1.1 needs exactly one {@code Host}; no request may have two;</li>
 *   <li>{@code Transfer-Encoding} must be exactly {@code chunked}, may not come with {@code Content-Length},
 *       and may not be sent by an HTTP/1.0 client;</li>
 *   <li>{@code Content-Length} must be digits; repeated values must agree.</li>
 * </ul>
 *
 * Every violation is an {@link #ERROR} with status 400 (505 for the version) and a message; nothing throws.
 * Not thread-safe: one parser per connection.
 */
final class Http1RequestParser extends Http1HeadParser {
    /** The request has no body. */
    static final int BODY_NONE = 0;
    /** The body is {@link #contentLength()} bytes. */
    static final int BODY_LENGTH = 1;
    /** The body is chunked. */
    static final int BODY_CHUNKED = 2;

    private static final String[] COMMON_METHODS = {
        "GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"
    };
    private static final byte[][] COMMON_METHOD_BYTES = new byte[COMMON_METHODS.length][];

    static {
        for (int i = 0; i < COMMON_METHODS.length; i++) {
            COMMON_METHOD_BYTES[i] = COMMON_METHODS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private String method = "";
    private String target = "";
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private int bodyKind;
    private long contentLength;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    /** The authority of an absolute-form target, or null. */
    private @Nullable String absoluteAuthority;

    private final RequestTables tables;

    /**
     * The head parser's tables plus the request side's caches of repeated values, shared by the parsers of one
     * loop (see {@link Http1HeadParser.Tables}): the target of the last request and the last {@code Host} and
     * {@code Connection} values judged, compared by identity (the value caches hand out the same string for the
     * same bytes).
     */
    static final class RequestTables extends Http1HeadParser.Tables {
        private @Nullable String lastTarget;
        private byte @Nullable [] lastTargetBytes;
        private @Nullable String lastValidHost;
        private @Nullable String lastConnectionValue;
        private int lastConnectionFlags;
    }

    /**
     * Creates a parser with tables of its own.
     *
     * @param maxHeaderBytes the most bytes one head (start line and fields) may take
     */
    Http1RequestParser(int maxHeaderBytes) {
        this(maxHeaderBytes, new RequestTables());
    }

    /**
     * Creates a parser that shares {@code tables} with the other parsers of its loop.
     *
     * @param maxHeaderBytes the most bytes one head (start line and fields) may take
     * @param tables the loop's tables
     */
    Http1RequestParser(int maxHeaderBytes, RequestTables tables) {
        super(maxHeaderBytes, tables);
        this.tables = tables;
    }

    /** Forgets the last request's head (headers and target) while the connection waits for the next one. */
    void forgetRequest() {
        forgetHead();
        target = "";
        absoluteAuthority = null;
    }

    /** Returns the method of the request just parsed. */
    String method() {
        return method;
    }

    /** Returns the request target as sent. */
    String target() {
        return target;
    }

    /** Returns the protocol version. */
    HttpVersion version() {
        return version;
    }

    /** Returns {@link #BODY_NONE}, {@link #BODY_LENGTH} or {@link #BODY_CHUNKED}. */
    int bodyKind() {
        return bodyKind;
    }

    /** Returns the Content-Length when {@link #bodyKind()} is {@link #BODY_LENGTH}. */
    long contentLength() {
        return contentLength;
    }

    /** Returns whether the request has {@code Connection: close}. */
    boolean connectionClose() {
        return connectionClose;
    }

    /** Returns whether the request has {@code Connection: keep-alive}. */
    boolean connectionKeepAlive() {
        return connectionKeepAlive;
    }

    /** Returns whether the request has {@code Expect: 100-continue}. */
    boolean expectContinue() {
        return expectContinue;
    }

    @Override
    protected int parseStartLine(byte[] a, int start, int end) {
        int sp1 = start;
        while (sp1 < end) {
            int c = a[sp1] & 0xFF;
            if (c == ' ') {
                break;
            }
            if (!isToken(c)) {
                return error(
                        400,
                        "invalid start line: the method contains 0x" + Integer.toHexString(c)
                                + ", which is not allowed in a token");
            }
            sp1++;
        }
        if (sp1 == start || sp1 == end) {
            return error(400, "invalid start line: expected METHOD SP TARGET SP HTTP-VERSION");
        }
        int sp2 = sp1 + 1;
        while (sp2 < end) {
            int c = a[sp2] & 0xFF;
            if (c == ' ') {
                break;
            }
            if (c < 0x21 || c >= 0x7F) {
                return error(
                        400,
                        "invalid start line: byte 0x" + Integer.toHexString(c)
                                + " in the request target; percent-encode it");
            }
            if (c == '#') {
                return error(
                        400,
                        "invalid start line: the request target contains a '#' fragment, which clients"
                                + " must not send (RFC 9112 section 3.2)");
            }
            sp2++;
        }
        if (sp2 == sp1 + 1 || sp2 == end) {
            return error(400, "invalid start line: expected METHOD SP TARGET SP HTTP-VERSION");
        }
        int v = sp2 + 1;
        if (end - v != 8
                || a[v] != 'H'
                || a[v + 1] != 'T'
                || a[v + 2] != 'T'
                || a[v + 3] != 'P'
                || a[v + 4] != '/'
                || !isDigit(a[v + 5])
                || a[v + 6] != '.'
                || !isDigit(a[v + 7])) {
            return error(
                    400, "invalid start line: expected METHOD SP TARGET SP HTTP-VERSION, with HTTP/1.0 or HTTP/1.1");
        }
        int major = a[v + 5] - '0';
        int minor = a[v + 7] - '0';
        if (major != 1) {
            return error(505, "HTTP/" + major + "." + minor + " is not supported on this port; use HTTP/1.1");
        }
        version = minor == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        method = method(a, start, sp1);
        absoluteAuthority = null;
        int t = sp1 + 1;
        if (a[t] != '/') {
            return unusualTarget(a, t, sp2);
        }
        RequestTables cache = tables;
        byte[] last = cache.lastTargetBytes;
        String lastT = cache.lastTarget;
        if (last != null && lastT != null && Arrays.equals(a, sp1 + 1, sp2, last, 0, last.length)) {
            target = lastT;
        } else {
            target = string(a, sp1 + 1, sp2);
            cache.lastTarget = target;
            cache.lastTargetBytes = Arrays.copyOfRange(a, sp1 + 1, sp2);
        }
        return DONE;
    }

    /**
     * Judges a target that is not in origin-form ({@code /path?query}). CONNECT is answered with 501: Squall is
     * an origin server, not a proxy, and a handler cannot take over the connection as a tunnel; RFC 9110
     * section 9.1 asks for 501 for a method the server does not implement (a 405 would need an {@code Allow}
     * list for a resource that does not exist).
     */
    private int unusualTarget(byte[] a, int start, int end) {
        if (method.equals("CONNECT")) {
            return error(501, "CONNECT is not implemented: this is an origin server, not a proxy");
        }
        int n = end - start;
        if (n == 1 && a[start] == '*') {
            if (!method.equals("OPTIONS")) {
                return error(400, "the request target \"*\" is only allowed with OPTIONS");
            }
            target = "*";
            return DONE;
        }
        int scheme = startsWithIgnoreCase(a, start, end, "http://")
                ? 7
                : startsWithIgnoreCase(a, start, end, "https://") ? 8 : 0;
        if (scheme == 0) {
            return error(
                    400,
                    "invalid request target \"" + string(a, start, Math.min(end, start + 100))
                            + "\": it must start with '/', or be an absolute http(s) URI, or \"*\" for OPTIONS");
        }
        // Absolute-form (RFC 9112 section 3.2.2): the URI's authority replaces Host; the path is routed.
        int authorityStart = start + scheme;
        int p = authorityStart;
        while (p < end && a[p] != '/' && a[p] != '?') {
            p++;
        }
        if (p == authorityStart) {
            return error(400, "the absolute request target has no host");
        }
        absoluteAuthority = string(a, authorityStart, p);
        String rest = string(a, p, end);
        target = rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
        return DONE;
    }

    private static boolean startsWithIgnoreCase(byte[] a, int start, int end, String prefix) {
        int n = prefix.length();
        if (end - start < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((a[start + i] | 0x20) != prefix.charAt(i) && a[start + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String method(byte[] a, int start, int end) {
        for (int i = 0; i < COMMON_METHODS.length; i++) {
            byte[] m = COMMON_METHOD_BYTES[i];
            if (Arrays.equals(a, start, end, m, 0, m.length)) {
                return COMMON_METHODS[i];
            }
        }
        return string(a, start, end);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    @Override
    protected int headComplete() {
        HttpHeaders h = headers();
        int hosts = knownCount(KnownHeaders.HOST);
        if (hosts > 1) {
            return error(400, "the request has " + hosts + " Host headers; send exactly one");
        }
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) {
            return error(400, "an HTTP/1.1 request must have a Host header");
        }
        if (hosts == 1) {
            String host = h.get("Host");
            if (host != tables.lastValidHost) { // repeated values are the same string: checked once
                String problem = host == null ? null : Authority.problem(host);
                if (problem != null) {
                    return error(400, "invalid Host header \"" + host + "\": " + problem);
                }
                tables.lastValidHost = host;
            }
        }
        String authority = absoluteAuthority;
        if (authority != null) {
            String problem = Authority.problem(authority);
            if (problem != null) {
                return error(400, "invalid authority \"" + authority + "\" in the request target: " + problem);
            }
            h.set("Host", authority); // RFC 9112 section 3.2.2: the target's authority wins over Host
        }
        connectionClose = false;
        connectionKeepAlive = false;
        if (knownCount(KnownHeaders.CONNECTION) > 0) {
            String connection = KnownHeaders.name(KnownHeaders.CONNECTION);
            for (int i = 0, n = h.size(); i < n; i++) {
                if (h.name(i) == connection) {
                    int flags = connectionFlags(h.value(i));
                    connectionClose |= (flags & CLOSE) != 0;
                    connectionKeepAlive |= (flags & KEEP_ALIVE) != 0;
                }
            }
        }
        expectContinue = knownCount(KnownHeaders.EXPECT) > 0 && h.containsToken("Expect", "100-continue");

        int te = knownCount(KnownHeaders.TRANSFER_ENCODING);
        int cl = knownCount(KnownHeaders.CONTENT_LENGTH);
        bodyKind = BODY_NONE;
        contentLength = 0;
        if (te > 0) {
            if (cl > 0) {
                return error(400, "the request has both Transfer-Encoding and Content-Length; send only one");
            }
            if (version == HttpVersion.HTTP_1_0) {
                return error(400, "Transfer-Encoding is not allowed in an HTTP/1.0 request");
            }
            if (te > 1 || !isChunked(h.get("Transfer-Encoding"))) {
                return error(400, "unsupported Transfer-Encoding; only \"chunked\" is accepted");
            }
            bodyKind = BODY_CHUNKED;
        } else if (cl > 0) {
            long length = -1;
            for (int i = 0, n = h.size(); i < n; i++) {
                if (h.name(i) == KnownHeaders.name(KnownHeaders.CONTENT_LENGTH)) {
                    long v = parseContentLength(h.value(i));
                    if (v < 0 || length >= 0 && v != length) {
                        return error(400, "invalid or conflicting Content-Length: \"" + h.value(i) + "\"");
                    }
                    length = v;
                }
            }
            contentLength = length;
            bodyKind = length > 0 ? BODY_LENGTH : BODY_NONE;
        }
        return DONE;
    }

    private static final int CLOSE = 1;
    private static final int KEEP_ALIVE = 2;

    /** Returns the close/keep-alive tokens of a Connection value; the parser reuses repeated values' strings. */
    private int connectionFlags(String value) {
        RequestTables t = tables;
        if (value == t.lastConnectionValue) {
            return t.lastConnectionFlags;
        }
        int flags = (HttpHeaders.hasToken(value, "close") ? CLOSE : 0)
                | (HttpHeaders.hasToken(value, "keep-alive") ? KEEP_ALIVE : 0);
        t.lastConnectionValue = value;
        t.lastConnectionFlags = flags;
        return flags;
    }

    private static boolean isChunked(@Nullable String value) {
        if (value == null) {
            return false;
        }
        int s = 0;
        int e = value.length();
        while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
            s++;
        }
        while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) {
            e--;
        }
        return e - s == 7 && value.regionMatches(true, s, "chunked", 0, 7);
    }
}
