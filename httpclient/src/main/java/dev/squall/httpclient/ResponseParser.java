package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An incremental HTTP/1.x response parser (RFC 9112), pull style: the connection calls {@link #next} with
 * the bytes it has and gets one event at a time — a head, a slice of body, the end of the message — so it
 * can stop between any two events (backpressure) and resume later with the same bytes plus new ones.
 *
 * <p>Only whole lines are consumed; a partial line stays in the buffer, where the stream presents it again.
 * Body bytes are never copied here: a {@link #BODY} event names a slice of the caller's buffer.
 *
 * <p>Written here rather than shared with the server's request parser because a response head differs in
 * its start line and framing rules (HEAD, 1xx, 204 and 304 have no body; no length means read until close),
 * and because the client keeps its parser package-private; the field-line rules are the same.
 *
 * <p>Lenient where RFC 9112 tells a client to be: bare LF line ends, empty lines before the status line,
 * whitespace before a header colon, obsolete line folding (joined with a space), chunk extensions and
 * trailers (read and dropped). Strict where leniency would be a hole: conflicting Content-Length values, a
 * bad length or chunk size, CR or NUL inside a header value, a head over the size limit.
 *
 * <p>Not thread-safe: one parser per connection, on its loop.
 */
final class ResponseParser {
    /** {@link #next} result: the buffer holds no complete event; feed more bytes. */
    static final int NEED_MORE = 0;
    /** {@link #next} result: a response head was parsed (see {@link #code()}); it may be an interim 1xx. */
    static final int HEAD = 1;
    /**
     * {@link #next} result: {@link #bodyLength()} bytes of body start at the buffer's position; the caller
     * must consume them (advance the position) before calling again.
     */
    static final int BODY = 2;
    /** {@link #next} result: the message is complete. */
    static final int END = 3;
    /** {@link #next} result: the bytes are not a valid response; see {@link #errorMessage()}. */
    static final int ERROR = -1;

    /** Internal result: the state changed, parse on. */
    private static final int PROCEED = 100;
    /** Longest chunk-size line accepted (size, extensions and CRLF). */
    private static final int MAX_CHUNK_LINE_BYTES = 4096;
    /** Hex digits of a chunk size: 15 always fit a long. */
    private static final int MAX_CHUNK_SIZE_DIGITS = 15;

    private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE, FAILED }

    private final int maxHeaderBytes;
    private State state = State.HEAD;
    private boolean headRequest;

    // Head being parsed.
    private boolean statusLineDone;
    private int headBytes;
    /** Bytes after the buffer's position already searched for LF without finding it. */
    private int scanned;
    private byte[] scratch = new byte[256];
    private HttpHeaders headers = new HttpHeaders(12);
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private int code;
    private String reason = "";
    private boolean freshHead = true;
    private String pendingName = "";
    private String pendingValue = "";
    private boolean hasPending;
    private final String[] lastValues = new String[KnownHeaderNames.COUNT];

    // Body.
    private long remaining;
    private int bodyLength;
    private boolean keepAlive;
    private String errorMessage = "";

    ResponseParser(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Prepares for the response to a new request.
     *
     * @param headRequest whether the request was HEAD, whose response has no body whatever its headers say
     */
    void reset(boolean headRequest) {
        this.headRequest = headRequest;
        this.state = State.HEAD;
        startHead();
    }

    /**
     * Starts a new head. The previous head's code, reason and headers stay readable until parsing of the new
     * one begins (the caller reads them after a {@link #HEAD} event, then calls {@link #next} again).
     */
    private void startHead() {
        statusLineDone = false;
        headBytes = 0;
        scanned = 0;
        hasPending = false;
        freshHead = true;
    }

    /**
     * Parses the next event from {@code buf}, consuming what it parsed (except body slices, which the caller
     * consumes).
     *
     * @param buf the received bytes, {@code [position, limit)}
     * @return {@link #NEED_MORE}, {@link #HEAD}, {@link #BODY}, {@link #END} or {@link #ERROR}
     */
    int next(ByteBuffer buf) {
        for (;;) {
            switch (state) {
                case HEAD -> {
                    int r = parseHead(buf);
                    if (r != 0) {
                        return r;
                    }
                    return NEED_MORE;
                }
                case FIXED -> {
                    if (remaining == 0) {
                        state = State.DONE;
                        return END;
                    }
                    if (!buf.hasRemaining()) {
                        return NEED_MORE;
                    }
                    int n = (int) Math.min(remaining, buf.remaining());
                    remaining -= n;
                    bodyLength = n;
                    return BODY;
                }
                case UNTIL_CLOSE -> {
                    if (!buf.hasRemaining()) {
                        return NEED_MORE;
                    }
                    bodyLength = buf.remaining();
                    return BODY;
                }
                case CHUNK_SIZE -> {
                    int r = parseChunkSize(buf);
                    if (r != PROCEED) {
                        return r;
                    }
                }
                case CHUNK_DATA -> {
                    if (remaining == 0) {
                        state = State.CHUNK_END;
                        continue;
                    }
                    if (!buf.hasRemaining()) {
                        return NEED_MORE;
                    }
                    int n = (int) Math.min(remaining, buf.remaining());
                    remaining -= n;
                    bodyLength = n;
                    return BODY;
                }
                case CHUNK_END -> {
                    int lf = findLf(buf, 2);
                    if (lf == -2) {
                        return fail("a chunk is longer than its declared size (no CRLF after its data)");
                    }
                    if (lf < 0) {
                        return NEED_MORE;
                    }
                    int len = lineLength(buf, lf);
                    if (len != 0) {
                        return fail("a chunk is longer than its declared size (no CRLF after its data)");
                    }
                    buf.position(lf + 1);
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    int lf = findLf(buf, maxHeaderBytes - headBytes);
                    if (lf == -2) {
                        return fail("the chunked body's trailer section is larger than " + maxHeaderBytes + " bytes");
                    }
                    if (lf < 0) {
                        return NEED_MORE;
                    }
                    int len = lineLength(buf, lf);
                    headBytes += lf + 1 - buf.position();
                    buf.position(lf + 1);
                    if (len == 0) {
                        state = State.DONE;
                        return END;
                    }
                    // Trailer fields are read and dropped, as Tornado does.
                }
                case DONE -> {
                    return END;
                }
                case FAILED -> {
                    return ERROR;
                }
            }
        }
    }

    /**
     * Tells the parser the connection ended (after every received byte went through {@link #next}).
     *
     * @return {@link #END} if that ends a close-delimited body, else {@link #ERROR} (the message is
     *     incomplete; see {@link #errorMessage()})
     */
    int onEof() {
        return switch (state) {
            case UNTIL_CLOSE, DONE -> {
                state = State.DONE;
                yield END;
            }
            case HEAD -> fail(statusLineDone || headBytes > 0 || scanned > 0
                    ? "the connection closed in the middle of the response head"
                    : "the connection closed before a response");
            case FIXED -> fail("the connection closed with " + remaining + " bytes of the body still to come"
                    + " (Content-Length " + headers.get("Content-Length") + ")");
            case FAILED -> ERROR;
            default -> fail("the connection closed in the middle of a chunked body");
        };
    }

    /** Returns the status code of the head just parsed. */
    int code() {
        return code;
    }

    /** Returns the reason phrase of the head just parsed. */
    String reason() {
        return reason;
    }

    /** Returns the version of the head just parsed. */
    HttpVersion version() {
        return version;
    }

    /** Returns the headers of the head just parsed (a new object per head). */
    HttpHeaders headers() {
        return headers;
    }

    /** Returns the length of the body slice of the last {@link #BODY} event. */
    int bodyLength() {
        return bodyLength;
    }

    /** Returns whether the body is delimited by the connection closing. */
    boolean isCloseDelimited() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * Returns whether the connection may carry another request after this response: HTTP/1.1 without
     * {@code Connection: close}, or HTTP/1.0 with {@code Connection: keep-alive}, and a length-delimited body.
     */
    boolean isKeepAlive() {
        return keepAlive;
    }

    /** Returns what was wrong after {@link #ERROR}. */
    String errorMessage() {
        return errorMessage;
    }

    private int fail(String message) {
        errorMessage = message;
        state = State.FAILED;
        return ERROR;
    }

    // ---------------------------------------------------------------------------------------------
    // Head

    /** Returns 0 for need-more, else an event. */
    private int parseHead(ByteBuffer buf) {
        if (freshHead) {
            freshHead = false;
            headers = new HttpHeaders(12);
            code = 0;
            reason = "";
        }
        for (;;) {
            int start = buf.position();
            int lf = indexOfLf(buf, start + scanned, buf.limit());
            if (lf < 0) {
                scanned = buf.limit() - start;
                if (headBytes + scanned > maxHeaderBytes) {
                    return fail("the response head is larger than " + maxHeaderBytes + " bytes");
                }
                return 0;
            }
            scanned = 0;
            int lineBytes = lf + 1 - start;
            headBytes += lineBytes;
            if (headBytes > maxHeaderBytes) {
                return fail("the response head is larger than " + maxHeaderBytes + " bytes");
            }
            int len = lineLength(buf, lf);
            byte[] line = lineBytes(buf, start, len);
            buf.position(lf + 1);
            if (!statusLineDone) {
                if (len == 0) {
                    continue; // RFC 9112 section 2.2: empty lines before the start line are ignored
                }
                if (!parseStatusLine(line, len)) {
                    return ERROR;
                }
                statusLineDone = true;
            } else if (len == 0) {
                flushPending();
                return headComplete();
            } else if (!parseField(line, len)) {
                return ERROR;
            }
        }
    }

    private byte[] lineBytes(ByteBuffer buf, int start, int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        buf.get(start, scratch, 0, len);
        return scratch;
    }

    private boolean parseStatusLine(byte[] b, int len) {
        // HTTP-version SP 3DIGIT [SP reason-phrase]
        if (len < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                || b[6] != '.' || !isDigit(b[7]) || b[8] != ' ') {
            fail("not an HTTP/1.x status line: \"" + printable(b, len) + "\"");
            return false;
        }
        version = b[7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        if (!isDigit(b[9]) || !isDigit(b[10]) || !isDigit(b[11]) || (len > 12 && b[12] != ' ')) {
            fail("the status line has no three-digit status code: \"" + printable(b, len) + "\"");
            return false;
        }
        code = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        if (code < 100) {
            fail("status code " + code + " is not valid (RFC 9110 codes are 100 to 599)");
            return false;
        }
        int rs = Math.min(13, len);
        for (int i = rs; i < len; i++) {
            if (b[i] == 0 || b[i] == '\r') {
                fail("the reason phrase contains CR or NUL");
                return false;
            }
        }
        if (len - rs == 2 && b[rs] == 'O' && b[rs + 1] == 'K') {
            reason = "OK";
        } else {
            reason = new String(b, rs, len - rs, StandardCharsets.ISO_8859_1);
        }
        return true;
    }

    private boolean parseField(byte[] b, int len) {
        int first = b[0];
        if (first == ' ' || first == '\t') {
            if (!hasPending) {
                fail("the first header line starts with whitespace");
                return false;
            }
            // RFC 9112 section 5.2: a user agent replaces obs-fold with SP.
            int vs = skipOws(b, 0, len);
            int ve = trimOws(b, vs, len);
            if (!checkValue(b, vs, ve)) {
                return false;
            }
            pendingValue = pendingValue + " " + new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
            return true;
        }
        int colon = 0;
        while (colon < len && b[colon] != ':') {
            colon++;
        }
        if (colon == len) {
            fail("header line without a colon: \"" + printable(b, len) + "\"");
            return false;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
            nameEnd--; // RFC 9112 section 5.1: whitespace before the colon is removed in responses
        }
        if (nameEnd == 0) {
            fail("header line with an empty name: \"" + printable(b, len) + "\"");
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (!HttpHeaders.isTokenChar(b[i] & 0xFF)) {
                fail("invalid character 0x" + Integer.toHexString(b[i] & 0xFF) + " in header name \""
                        + printable(b, nameEnd) + "\"");
                return false;
            }
        }
        int vs = skipOws(b, colon + 1, len);
        int ve = trimOws(b, vs, len);
        if (!checkValue(b, vs, ve)) {
            return false;
        }
        flushPending();
        int known = KnownHeaderNames.lookup(b, nameEnd);
        String name;
        String value;
        if (known >= 0) {
            name = KnownHeaderNames.NAMES[known];
            String last = lastValues[known];
            if (last != null && equalsLatin1(last, b, vs, ve)) {
                value = last;
            } else {
                value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
                lastValues[known] = value;
            }
        } else {
            name = new String(b, 0, nameEnd, StandardCharsets.ISO_8859_1);
            value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
        }
        pendingName = name;
        pendingValue = value;
        hasPending = true;
        return true;
    }

    private void flushPending() {
        if (hasPending) {
            headers.add(pendingName, pendingValue); // name and value checked above: cannot throw
            hasPending = false;
        }
    }

    private boolean checkValue(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0 || b[i] == '\r') {
                fail("a header value contains " + (b[i] == 0 ? "NUL" : "a bare CR"));
                return false;
            }
        }
        return true;
    }

    /** Decides the framing once the head is complete (RFC 9112 section 6.3). */
    private int headComplete() {
        boolean connectionClose = headers.containsToken("Connection", "close");
        keepAlive = version == HttpVersion.HTTP_1_1 ? !connectionClose
                : headers.containsToken("Connection", "keep-alive") && !connectionClose;
        if (code < 200) {
            // Interim response: the final one follows on the same connection.
            state = State.HEAD;
            startHead();
            return HEAD;
        }
        if (headRequest || code == 204 || code == 304) {
            state = State.DONE;
            return HEAD;
        }
        String te = headers.get("Transfer-Encoding");
        if (te != null) {
            if (endsWithChunked(headers)) {
                state = State.CHUNK_SIZE;
            } else {
                state = State.UNTIL_CLOSE; // RFC 9112 section 6.3 rule 4, for responses
                keepAlive = false;
            }
            return HEAD;
        }
        long length = -1;
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.name(i).equals("Content-Length")) {
                long l = parseContentLength(headers.value(i));
                if (l < 0) {
                    return fail("Content-Length \"" + headers.value(i) + "\" is not a valid length");
                }
                if (length >= 0 && l != length) {
                    return fail("conflicting Content-Length values " + length + " and " + l);
                }
                length = l;
            }
        }
        if (length >= 0) {
            state = State.FIXED;
            remaining = length;
        } else {
            state = State.UNTIL_CLOSE;
            keepAlive = false;
        }
        return HEAD;
    }

    private static boolean endsWithChunked(HttpHeaders headers) {
        String last = null;
        for (String v : headers.getAll("Transfer-Encoding")) {
            last = v;
        }
        if (last == null) {
            return false;
        }
        int end = last.length();
        while (end > 0 && (last.charAt(end - 1) == ' ' || last.charAt(end - 1) == '\t')) {
            end--;
        }
        int start = last.lastIndexOf(',', end - 1) + 1;
        while (start < end && (last.charAt(start) == ' ' || last.charAt(start) == '\t')) {
            start++;
        }
        return end - start == 7 && last.regionMatches(true, start, "chunked", 0, 7);
    }

    private static long parseContentLength(String v) {
        int n = v.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long l = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            l = l * 10 + (c - '0');
        }
        return l;
    }

    // ---------------------------------------------------------------------------------------------
    // Chunks

    /** Returns {@link #PROCEED} when the state changed, else an event. */
    private int parseChunkSize(ByteBuffer buf) {
        int lf = findLf(buf, MAX_CHUNK_LINE_BYTES);
        if (lf == -2) {
            return fail("a chunk-size line is longer than " + MAX_CHUNK_LINE_BYTES + " bytes");
        }
        if (lf < 0) {
            return NEED_MORE;
        }
        int start = buf.position();
        int len = lineLength(buf, lf);
        long size = 0;
        int digits = 0;
        int i = start;
        for (; i < start + len; i++) {
            int c = buf.get(i);
            int d = hexValue(c);
            if (d < 0) {
                break;
            }
            if (++digits > MAX_CHUNK_SIZE_DIGITS) {
                return fail("a chunk size has more than " + MAX_CHUNK_SIZE_DIGITS + " hex digits");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            return fail("a chunk-size line does not start with a hex size");
        }
        while (i < start + len && (buf.get(i) == ' ' || buf.get(i) == '\t')) {
            i++;
        }
        if (i < start + len && buf.get(i) != ';') {
            return fail("unexpected character after a chunk size");
        }
        buf.position(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
            headBytes = 0;
        } else {
            state = State.CHUNK_DATA;
            remaining = size;
        }
        return PROCEED;
    }

    private static int hexValue(int c) {
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

    // ---------------------------------------------------------------------------------------------
    // Bytes

    /**
     * Finds the LF ending the line at the buffer's position, searching at most {@code maxLine} bytes.
     *
     * @return the LF's index, -1 if more bytes are needed, -2 if the line is longer than {@code maxLine}
     */
    private int findLf(ByteBuffer buf, int maxLine) {
        int start = buf.position();
        int end = Math.min(buf.limit(), start + Math.max(maxLine, 0));
        int lf = indexOfLf(buf, start, end);
        if (lf < 0) {
            return buf.limit() - start >= maxLine ? -2 : -1;
        }
        return lf;
    }

    private static int indexOfLf(ByteBuffer buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Returns the length of the line from the position to {@code lf}, without its CR LF or LF. */
    private static int lineLength(ByteBuffer buf, int lf) {
        int start = buf.position();
        return lf > start && buf.get(lf - 1) == '\r' ? lf - 1 - start : lf - start;
    }

    private static int skipOws(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimOws(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean equalsLatin1(String s, byte[] b, int from, int to) {
        if (s.length() != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i - from) != (char) (b[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] b, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(len, 80); i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (len > 80) {
            sb.append("...");
        }
        return sb.toString();
    }
}
