package dev.squall.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The part of HTTP/1 message-head parsing that requests and responses share (RFC 9112 sections 2 and 5):
 * splitting the head into lines, the size limit, and the header fields. Subclasses parse the start line and
 * judge the framing once the head is complete.
 *
 * <p>Incremental and allocation-light: {@link #parse} consumes whole lines from the buffer (advancing its
 * position) and leaves a partial line unconsumed; called again with the same bytes plus new ones, it resumes
 * where it stopped without rescanning. It works on the bytes — no regex, no decoding of the whole head — and
 * reports errors through a status code and a message, never an exception. Names of common fields come from
 * {@link KnownHeaders} without allocating; values of common fields that repeat on a connection (the same
 * {@code Host}, {@code User-Agent}, ...) reuse the previous string.
 *
 * <p>Lines may end in CRLF or a bare LF (RFC 9112 section 2.2). A field line that starts with whitespace
 * (obsolete line folding), whitespace between a field name and its colon, and control characters in values
 * are refused with 400. Header bytes are decoded as ISO-8859-1, as Tornado does.
 *
 * <p>Not thread-safe: one parser per connection.
 */
abstract class Http1HeadParser {
    /** {@link #parse} result: the head is not complete; call again with more bytes. */
    static final int NEED_MORE = 0;
    /** {@link #parse} result: a head was parsed; the buffer's position is just past it. */
    static final int DONE = 1;
    /** {@link #parse} result: the bytes are not a valid head; see {@link #errorStatus()} and {@link #errorMessage()}. */
    static final int ERROR = -1;

    /** Longest Content-Length accepted, in digits: 18 digits always fit a long. */
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN[c] = HttpHeaders.isTokenChar(c);
        }
    }

    private final int maxHeaderBytes;
    private boolean startLineDone;
    private boolean headDone;
    /** Bytes of the current head consumed so far (whole lines). */
    private int headBytes;
    /** Bytes after the buffer's position already searched for LF without finding it. */
    private int scanned;
    private int errorStatus;
    private String errorMessage = "";
    private byte[] scratch = new byte[128];
    private HttpHeaders headers = new HttpHeaders(16);
    /** How many fields of each known name the current head has. */
    private final int[] knownCounts = new int[KnownHeaders.COUNT];
    /** The previous value of each known field, reused when the same bytes come again. */
    private final @Nullable String[] lastValues = new String[KnownHeaders.COUNT];

    Http1HeadParser(int maxHeaderBytes) {
        if (maxHeaderBytes < 64) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 64, got " + maxHeaderBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Parses as much of one head as {@code buf} holds, consuming complete lines.
     *
     * @param buf bytes from position to limit; its position advances past what was consumed
     * @return {@link #DONE}, {@link #NEED_MORE} or {@link #ERROR}
     */
    final int parse(ByteBuffer buf) {
        if (headDone) {
            headDone = false;
            headers = new HttpHeaders(16);
            Arrays.fill(knownCounts, 0);
        }
        for (;;) {
            int start = buf.position();
            int limit = buf.limit();
            int lf = indexOfLf(buf, start + scanned, limit);
            if (lf < 0) {
                scanned = limit - start;
                if (headBytes + scanned > maxHeaderBytes) {
                    return tooLarge();
                }
                return NEED_MORE;
            }
            scanned = 0;
            headBytes += lf + 1 - start;
            if (headBytes > maxHeaderBytes) {
                return tooLarge();
            }
            int end = lf > start && buf.get(lf - 1) == '\r' ? lf - 1 : lf;
            buf.position(lf + 1);
            int r;
            if (!startLineDone) {
                if (end == start && skipsLeadingEmptyLines()) {
                    continue;
                }
                r = parseStartLine(buf, start, end);
                startLineDone = true;
            } else if (end == start) {
                r = headComplete();
                if (r == DONE) {
                    startNextHead();
                }
                return r;
            } else {
                r = parseField(buf, start, end);
            }
            if (r != DONE) {
                return r;
            }
        }
    }

    private int tooLarge() {
        return startLineDone
                ? error(431, "request header fields are larger than " + maxHeaderBytes + " bytes")
                : error(414, "the start line is longer than " + maxHeaderBytes + " bytes");
    }

    private void startNextHead() {
        // The finished head's headers stay readable until the next parse() call.
        startLineDone = false;
        headBytes = 0;
        headDone = true;
    }

    /**
     * Returns whether part of a head (or leading empty lines) has been consumed or seen: the connection
     * starts its header timeout then.
     */
    final boolean isHeadStarted() {
        return headBytes > 0 || scanned > 0;
    }

    /** Returns the headers of the head being parsed, or of the one just completed until the next call. */
    final HttpHeaders headers() {
        return headers;
    }

    /** Returns how many fields named {@code KnownHeaders} id {@code id} the current head has. */
    final int knownCount(int id) {
        return knownCounts[id];
    }

    /** Returns the status to answer after {@link #ERROR}: 400, 414, 431 or 505. */
    final int errorStatus() {
        return errorStatus;
    }

    /** Returns what was wrong, after {@link #ERROR}. */
    final String errorMessage() {
        return errorMessage;
    }

    /** Records an error and returns {@link #ERROR}. */
    final int error(int status, String message) {
        errorStatus = status;
        errorMessage = message;
        return ERROR;
    }

    /** Whether empty lines before the start line are skipped (RFC 9112 section 2.2 lets a server do so). */
    boolean skipsLeadingEmptyLines() {
        return true;
    }

    /**
     * Parses the start line {@code buf[start, end)} (line terminator excluded).
     *
     * @return {@link #DONE} or {@link #ERROR}
     */
    abstract int parseStartLine(ByteBuffer buf, int start, int end);

    /**
     * Called at the empty line that ends the head, to validate and record framing.
     *
     * @return {@link #DONE} or {@link #ERROR}
     */
    abstract int headComplete();

    private int parseField(ByteBuffer buf, int start, int end) {
        int first = buf.get(start) & 0xFF;
        if (first == ' ' || first == '\t') {
            return error(400, "obsolete line folding (a header line starting with whitespace) is not accepted");
        }
        int colon = start;
        while (colon < end) {
            int c = buf.get(colon) & 0xFF;
            if (c == ':') {
                break;
            }
            if (!TOKEN[c]) {
                return error(400, "invalid character 0x" + Integer.toHexString(c) + " in a header name");
            }
            colon++;
        }
        if (colon == end) {
            return error(400, "header line without a colon");
        }
        if (colon == start) {
            return error(400, "empty header name");
        }
        int vs = colon + 1;
        int ve = end;
        while (vs < ve && isOws(buf.get(vs))) {
            vs++;
        }
        while (ve > vs && isOws(buf.get(ve - 1))) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            int c = buf.get(i) & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return error(400, "control character 0x" + Integer.toHexString(c) + " in the value of a header");
            }
        }
        int nameLength = colon - start;
        int id = KnownHeaders.lookup(buf, start, nameLength);
        if (id >= 0) {
            knownCounts[id]++;
            String last = lastValues[id];
            String value;
            if (last != null && sameBytes(buf, vs, ve, last)) {
                value = last;
            } else {
                value = string(buf, vs, ve);
                lastValues[id] = value;
            }
            headers.addUnchecked(KnownHeaders.name(id), value);
        } else {
            headers.addUnchecked(normalizedName(buf, start, colon), string(buf, vs, ve));
        }
        return DONE;
    }

    private static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Returns {@code buf[start, end)} decoded as ISO-8859-1. */
    final String string(ByteBuffer buf, int start, int end) {
        int n = end - start;
        if (n == 0) {
            return "";
        }
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + start, n, StandardCharsets.ISO_8859_1);
        }
        byte[] s = scratch(n);
        buf.get(start, s, 0, n);
        return new String(s, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Returns whether {@code buf[start, end)} holds exactly the ISO-8859-1 bytes of {@code s}. */
    static boolean sameBytes(ByteBuffer buf, int start, int end, String s) {
        if (end - start != s.length()) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if ((buf.get(i) & 0xFF) != s.charAt(i - start)) {
                return false;
            }
        }
        return true;
    }

    private String normalizedName(ByteBuffer buf, int start, int end) {
        int n = end - start;
        byte[] s = scratch(n);
        boolean upperNext = true;
        for (int i = 0; i < n; i++) {
            byte c = buf.get(start + i);
            if (upperNext && c >= 'a' && c <= 'z') {
                c -= 32;
            } else if (!upperNext && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            s[i] = c;
            upperNext = c == '-';
        }
        return new String(s, 0, n, StandardCharsets.ISO_8859_1);
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    /** Returns the index of the first LF in {@code buf[from, limit)}, or -1. */
    static int indexOfLf(ByteBuffer buf, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Returns whether {@code c} (0..255) is an RFC 9110 token character. */
    static boolean isToken(int c) {
        return TOKEN[c];
    }

    /**
     * Parses a Content-Length field value (RFC 9112 section 6.3): one or more digits, or a comma-separated
     * list of identical such values. Signs, underscores, spaces inside numbers and hex are refused.
     *
     * @return the length, or -1 when the value is invalid or the list disagrees
     */
    static long parseContentLength(String value) {
        long result = -1;
        int n = value.length();
        int i = 0;
        while (i <= n) {
            int comma = value.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            int s = i;
            int e = end;
            while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) {
                e--;
            }
            if (s == e || e - s > MAX_CONTENT_LENGTH_DIGITS) {
                return -1;
            }
            long v = 0;
            for (int k = s; k < e; k++) {
                char c = value.charAt(k);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            if (result >= 0 && v != result) {
                return -1;
            }
            result = v;
            if (comma < 0) {
                break;
            }
            i = comma + 1;
        }
        return result;
    }
}
