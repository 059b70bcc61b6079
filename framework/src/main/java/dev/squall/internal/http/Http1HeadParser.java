package dev.squall.internal.http;

import dev.squall.http.HttpHeaders;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * are refused with 400 — unless the subclass parses as a user agent ({@link #lenientFieldLines()}). Header
 * bytes are decoded as ISO-8859-1, as Tornado does.
 *
 * <p>Internal: not API, may change. Shared by the server's request parser and the client's
 * {@link Http1ResponseParser}. Not thread-safe: one parser per connection.
 */
public abstract class Http1HeadParser {
    /** {@link #parse} result: the head is not complete; call again with more bytes. */
    public static final int NEED_MORE = 0;
    /** {@link #parse} result: a head was parsed; the buffer's position is just past it. */
    public static final int DONE = 1;
    /** {@link #parse} result: the bytes are not a valid head; see {@link #errorStatus()} and {@link #errorMessage()}. */
    public static final int ERROR = -1;

    /** Longest Content-Length accepted, in digits: 18 digits always fit a long. */
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private static final boolean[] TOKEN = new boolean[256];
    private static final HeadersAccess HEADERS = HeadersAccess.get();

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
    /** The scratch arrays and value caches, this parser's own or shared with the other parsers of its thread. */
    private final Tables tables;
    /** The fields of the current head; null until its first field (or {@link #headers()}), and once forgotten. */
    private @Nullable HttpHeaders headers;
    /** The capacity the next head's headers start with: a client sends much the same fields every time. */
    private int nextHeadersCapacity = 16;
    /**
     * The known-field counts of a head split across {@link #parse} calls, kept between them; null otherwise (the
     * counts of the head being parsed live in the tables during a call).
     */
    private int @Nullable [] savedCounts;

    /**
     * What parsers running on one thread (a loop's) may share, so that a connection between requests keeps none
     * of it: scratch arrays used only during one {@link #parse} call, and the caches of repeated field values
     * (values are immutable strings, so one connection's {@code Host} serves the next). Not thread-safe: share
     * an instance only among parsers that run on one thread.
     */
    public static class Tables {
        /** Where a line of a direct buffer is copied to be parsed. */
        byte[] line = new byte[256];

        byte[] nameScratch = new byte[64];
        /** How many fields of each known name the head being parsed has (valid during one parse call). */
        final int[] knownCounts = new int[KnownHeaders.COUNT];
        /** The previous value of each known field (and its bytes), reused when the same bytes come again. */
        final @Nullable String[] lastValues = new String[KnownHeaders.COUNT];

        final byte[] @Nullable [] lastValueBytes = new byte[KnownHeaders.COUNT][];

        /** Creates empty tables. */
        public Tables() {}
    }

    /**
     * Creates a parser with tables of its own.
     *
     * @param maxHeaderBytes the most bytes one head may take, at least 64
     * @throws IllegalArgumentException if below 64
     */
    protected Http1HeadParser(int maxHeaderBytes) {
        this(maxHeaderBytes, new Tables());
    }

    /**
     * Creates a parser that uses {@code tables}, which other parsers on the same thread may share.
     *
     * @param maxHeaderBytes the most bytes one head may take, at least 64
     * @param tables scratch arrays and caches; share them only among parsers of one thread
     * @throws IllegalArgumentException if {@code maxHeaderBytes} is below 64
     */
    protected Http1HeadParser(int maxHeaderBytes, Tables tables) {
        if (maxHeaderBytes < 64) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 64, got " + maxHeaderBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.tables = tables;
    }

    /**
     * Parses as much of one head as {@code buf} holds, consuming complete lines.
     *
     * @param buf bytes from position to limit; its position advances past what was consumed
     * @return {@link #DONE}, {@link #NEED_MORE} or {@link #ERROR}
     */
    public final int parse(ByteBuffer buf) {
        if (headDone) {
            headDone = false;
            headers = null; // the finished head's stay with its request; the next head gets new ones
        }
        // The counts live in the shared tables during this call: restore a split head's, or start from zero.
        int[] counts = tables.knownCounts;
        int[] saved = savedCounts;
        if (saved != null) {
            System.arraycopy(saved, 0, counts, 0, counts.length);
        } else {
            Arrays.fill(counts, 0);
        }
        int r = parseLines(buf);
        if (r == NEED_MORE && startLineDone) {
            if (saved == null) {
                saved = new int[counts.length];
                savedCounts = saved;
            }
            System.arraycopy(counts, 0, saved, 0, counts.length);
        } else {
            savedCounts = null;
        }
        return r;
    }

    private int parseLines(ByteBuffer buf) {
        Tables t = tables;
        for (; ; ) {
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
            if (end == start) {
                if (!startLineDone && skipsLeadingEmptyLines()) {
                    continue;
                }
                if (startLineDone) {
                    int r = headComplete();
                    if (r == DONE) {
                        startNextHead();
                    }
                    return r;
                }
            }
            // The line's bytes are worked on in a heap array: one bulk copy from a direct buffer is cheaper
            // than the per-byte checks of ByteBuffer.get(int) in the loops below.
            int length = end - start;
            byte[] a;
            int s;
            if (buf.hasArray()) {
                a = buf.array();
                s = buf.arrayOffset() + start;
            } else {
                if (t.line.length < length) {
                    t.line = new byte[Math.max(length, t.line.length * 2)];
                }
                a = t.line;
                s = 0;
                buf.get(start, a, 0, length);
            }
            int r;
            if (!startLineDone) {
                r = parseStartLine(a, s, s + length);
                startLineDone = true;
            } else {
                r = parseField(a, s, s + length);
            }
            if (r != DONE) {
                return r;
            }
        }
    }

    /** Returns the most bytes one head may take. */
    protected final int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Records the error for a head over {@link #maxHeaderBytes()} and returns {@link #ERROR}. */
    protected int tooLarge() {
        return startLineDone
                ? error(431, "request header fields are larger than " + maxHeaderBytes + " bytes")
                : error(414, "the start line is longer than " + maxHeaderBytes + " bytes");
    }

    private void startNextHead() {
        // The finished head's headers stay readable until the next parse() call.
        startLineDone = false;
        headBytes = 0;
        headDone = true;
        HttpHeaders h = headers;
        nextHeadersCapacity = h == null ? 16 : h.size() + 2;
    }

    /**
     * Forgets the last parsed head (its headers), so that a connection waiting for its next head keeps no
     * reference to them; {@link #headers()} then returns new, empty headers. Call only between heads.
     */
    public void forgetHead() {
        if (headDone) {
            headers = null;
        }
    }

    /**
     * Returns whether part of a head (or leading empty lines) has been consumed or seen: the connection
     * starts its header timeout then.
     */
    public final boolean isHeadStarted() {
        return headBytes > 0 || scanned > 0;
    }

    /** Returns the headers of the head being parsed, or of the one just completed until the next call. */
    public final HttpHeaders headers() {
        HttpHeaders h = headers;
        if (h == null) {
            h = new HttpHeaders(nextHeadersCapacity);
            headers = h;
        }
        return h;
    }

    /**
     * Returns how many fields named {@code KnownHeaders} id {@code id} the current head has; valid while a head is
     * parsed (in {@link #headComplete()}).
     */
    protected final int knownCount(int id) {
        return tables.knownCounts[id];
    }

    /** Returns the status to answer after {@link #ERROR}: 400, 414, 431 or 505. */
    public final int errorStatus() {
        return errorStatus;
    }

    /** Returns what was wrong, after {@link #ERROR}. */
    public final String errorMessage() {
        return errorMessage;
    }

    /** Records an error and returns {@link #ERROR}. */
    protected final int error(int status, String message) {
        errorStatus = status;
        errorMessage = message;
        return ERROR;
    }

    /** Whether empty lines before the start line are skipped (RFC 9112 section 2.2 lets a server do so). */
    protected boolean skipsLeadingEmptyLines() {
        return true;
    }

    /**
     * Parses the start line {@code a[start, end)} (line terminator excluded). The array is valid only during
     * the call.
     *
     * @return {@link #DONE} or {@link #ERROR}
     */
    protected abstract int parseStartLine(byte[] a, int start, int end);

    /**
     * Called at the empty line that ends the head, to validate and record framing.
     *
     * @return {@link #DONE} or {@link #ERROR}
     */
    protected abstract int headComplete();

    /**
     * Whether field lines are read as RFC 9112 tells a user agent (section 5.2) rather than a server: obsolete
     * line folding is joined with a space, whitespace before the colon is dropped, and control characters
     * other than CR and NUL are kept in values. False (strict) unless overridden.
     */
    protected boolean lenientFieldLines() {
        return false;
    }

    private int parseField(byte[] a, int start, int end) {
        int first = a[start] & 0xFF;
        if (first == ' ' || first == '\t') {
            return lenientFieldLines()
                    ? fold(a, start, end)
                    : error(400, "obsolete line folding (a header line starting with whitespace) is not accepted");
        }
        int colon = start;
        int nameEnd = -1;
        while (colon < end) {
            int c = a[colon] & 0xFF;
            if (c == ':') {
                break;
            }
            if (!TOKEN[c]) {
                if ((c == ' ' || c == '\t') && lenientFieldLines()) {
                    // RFC 9112 section 5.1: a response's whitespace before the colon is removed.
                    nameEnd = colon;
                    while (colon < end && (a[colon] == ' ' || a[colon] == '\t')) {
                        colon++;
                    }
                    if (colon < end && a[colon] != ':') {
                        return error(400, "whitespace inside a header name");
                    }
                    break;
                }
                return error(400, "invalid character 0x" + Integer.toHexString(c) + " in a header name");
            }
            colon++;
        }
        if (colon == end) {
            return error(400, "header line without a colon");
        }
        if (nameEnd < 0) {
            nameEnd = colon;
        }
        if (nameEnd == start) {
            return error(400, "empty header name");
        }
        int vs = skipWhitespace(a, colon + 1, end);
        int ve = trimWhitespace(a, vs, end);
        int r = checkValue(a, vs, ve);
        if (r != DONE) {
            return r;
        }
        int id = KnownHeaders.lookup(a, start, nameEnd - start);
        Tables t = tables;
        if (id >= 0) {
            t.knownCounts[id]++;
            byte[] last = t.lastValueBytes[id];
            String value = t.lastValues[id];
            if (value == null || last == null || !Arrays.equals(a, vs, ve, last, 0, last.length)) {
                value = new String(a, vs, ve - vs, StandardCharsets.ISO_8859_1);
                t.lastValues[id] = value;
                t.lastValueBytes[id] = Arrays.copyOfRange(a, vs, ve);
            }
            HEADERS.addUnchecked(headers(), KnownHeaders.name(id), value);
        } else {
            HEADERS.addUnchecked(
                    headers(),
                    normalizedName(a, start, nameEnd),
                    new String(a, vs, ve - vs, StandardCharsets.ISO_8859_1));
        }
        return DONE;
    }

    /** Returns the index of the first byte in {@code a[from, to)} that is not a space or HTAB, or {@code to}. */
    private static int skipWhitespace(byte[] a, int from, int to) {
        int i = from;
        while (i < to && (a[i] == ' ' || a[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Returns the end of {@code a[from, to)} without its trailing spaces and HTABs. */
    private static int trimWhitespace(byte[] a, int from, int to) {
        int i = to;
        while (i > from && (a[i - 1] == ' ' || a[i - 1] == '\t')) {
            i--;
        }
        return i;
    }

    private int checkValue(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = a[i] & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                if (!lenientFieldLines()) {
                    return error(400, "control character 0x" + Integer.toHexString(c) + " in the value of a header");
                }
                if (c == 0 || c == '\r') {
                    // RFC 9110 section 5.5: a recipient must reject (or replace) CR, LF and NUL.
                    return error(400, "a header value contains " + (c == 0 ? "NUL" : "a bare CR"));
                }
            }
        }
        return DONE;
    }

    /** Joins an obsolete folded line to the previous field's value with a space (RFC 9112 section 5.2). */
    private int fold(byte[] a, int start, int end) {
        HttpHeaders h = headers();
        if (h.isEmpty()) {
            return error(400, "the first header line starts with whitespace");
        }
        int vs = skipWhitespace(a, start, end);
        int ve = trimWhitespace(a, vs, end);
        int r = checkValue(a, vs, ve);
        if (r != DONE) {
            return r;
        }
        HEADERS.replaceLastValue(h, h.value(h.size() - 1) + " " + string(a, vs, ve));
        return DONE;
    }

    private String normalizedName(byte[] a, int start, int end) {
        int n = end - start;
        Tables t = tables;
        if (t.nameScratch.length < n) {
            t.nameScratch = new byte[Math.max(n, t.nameScratch.length * 2)];
        }
        byte[] s = t.nameScratch;
        boolean upperNext = true;
        for (int i = 0; i < n; i++) {
            byte c = a[start + i];
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

    /** Returns {@code a[start, end)} decoded as ISO-8859-1. */
    public static String string(byte[] a, int start, int end) {
        return end == start ? "" : new String(a, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns the index of the first LF in {@code buf[from, limit)}, or -1. Eight bytes at a time (the line
     * search was the parser's hottest loop): a byte equal to LF becomes zero after XOR, and the carry-free
     * zero-byte test below marks exactly those bytes.
     */
    public static int indexOfLf(ByteBuffer buf, int from, int limit) {
        if (buf.hasArray()) {
            int off = buf.arrayOffset();
            int at = indexOfLf(buf.array(), off + from, off + limit);
            return at < 0 ? -1 : at - off;
        }
        int i = from;
        boolean bigEndian = buf.order() == ByteOrder.BIG_ENDIAN;
        for (; i + 8 <= limit; i += 8) {
            long x = buf.getLong(i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = ~((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | x | 0x7F7F7F7F7F7F7F7FL);
            if (t != 0) {
                return i + (bigEndian ? Long.numberOfLeadingZeros(t) : Long.numberOfTrailingZeros(t)) / 8;
            }
        }
        for (; i < limit; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** As {@link #indexOfLf(ByteBuffer, int, int)}, on an array. */
    public static int indexOfLf(byte[] a, int from, int limit) {
        int i = from;
        for (; i + 8 <= limit; i += 8) {
            long x = (long) LONGS_LE.get(a, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = ~((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | x | 0x7F7F7F7F7F7F7F7FL);
            if (t != 0) {
                return i + Long.numberOfTrailingZeros(t) / 8;
            }
        }
        for (; i < limit; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Returns whether {@code c} (0..255) is an RFC 9110 token character. */
    public static boolean isToken(int c) {
        return TOKEN[c];
    }

    /**
     * Parses a Content-Length field value (RFC 9112 section 6.3): one or more digits, or a comma-separated
     * list of identical such values. Signs, underscores, spaces inside numbers and hex are refused.
     *
     * @return the length, or -1 when the value is invalid or the list disagrees
     */
    public static long parseContentLength(String value) {
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
