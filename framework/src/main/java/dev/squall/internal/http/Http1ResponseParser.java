package dev.squall.internal.http;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpStatus;
import dev.squall.http.HttpVersion;
import java.nio.ByteBuffer;

/**
 * Parses HTTP/1.x responses (RFC 9112) incrementally, for the HTTP client, pull style: the connection calls
 * {@link #next} with the bytes it has and gets one event at a time — a head, a run of body bytes, the end of
 * the message — so it can stop between any two events (backpressure) and resume later with the same bytes
 * plus new ones. Body bytes are never copied here: a {@link #BODY} event names a slice of the caller's buffer.
 *
 * <p>The head goes through the same {@link Http1HeadParser} as requests do (line splitting, size limit,
 * interned names), read as RFC 9112 tells a user agent to: bare LF line ends, empty lines before the status
 * line, whitespace before a header colon, obsolete line folding (joined with a space). Chunked bodies go
 * through the server's {@link ChunkedDecoder}, so the client is as strict about chunked framing as the server
 * (CRLF on every framing line; extensions and trailers read and dropped). The framing follows RFC 9112
 * section 6.3: no body for 1xx, 204, 304 and responses to HEAD; chunked when {@code Transfer-Encoding} ends in
 * {@code chunked}; until the close for any other transfer coding or when no length is given; otherwise
 * {@code Content-Length}, which must be valid (equal repeated values are accepted).
 *
 * <p>Every error — in the head, the framing or the body, or an early close — is reported through
 * {@link #errorMessage()}.
 *
 * <p>Internal: not API, may change. Not thread-safe: one parser per connection, on its loop.
 */
public final class Http1ResponseParser extends Http1HeadParser {
    /** {@link #next} result: a response head was parsed (see {@link #code()}); it may be an interim 1xx. */
    public static final int HEAD = 1;
    /**
     * {@link #next} result: {@link #bodyLength()} bytes of body start at the buffer's position; the caller
     * must consume them (advance the position) before calling again.
     */
    public static final int BODY = 2;
    /** {@link #next} result: the message is complete. */
    public static final int END = 3;

    private enum State {
        HEAD,
        FIXED,
        CHUNKED,
        UNTIL_CLOSE,
        DONE,
        FAILED
    }

    private final ChunkedDecoder chunked;
    private State state = State.HEAD;
    private boolean headRequest;
    private HttpVersion version = HttpVersion.HTTP_1_1;
    private int code;
    private String reason = "";
    private long remaining;
    private int bodyLength;
    private boolean keepAlive;

    /**
     * Creates a parser.
     *
     * @param maxHeaderBytes the most bytes a response head (and a trailer section) may take
     */
    public Http1ResponseParser(int maxHeaderBytes) {
        super(maxHeaderBytes);
        // The body limit is the client's, counted after decompression: none here.
        chunked = new ChunkedDecoder(Long.MAX_VALUE, maxHeaderBytes);
    }

    /**
     * Prepares for the response to a new request.
     *
     * @param headRequest whether the request was HEAD, whose response has no body whatever its headers say
     */
    public void reset(boolean headRequest) {
        this.headRequest = headRequest;
        state = State.HEAD;
    }

    /**
     * Parses the next event from {@code buf}, consuming what it parsed (except body slices, which the caller
     * consumes).
     *
     * @param buf the received bytes, {@code [position, limit)}
     * @return {@link #NEED_MORE}, {@link #HEAD}, {@link #BODY}, {@link #END} or {@link #ERROR}
     */
    public int next(ByteBuffer buf) {
        switch (state) {
            case HEAD -> {
                int r = parse(buf);
                if (r == ERROR) {
                    state = State.FAILED;
                    return ERROR;
                }
                return r == DONE ? HEAD : NEED_MORE;
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
            case CHUNKED -> {
                int r = chunked.next(buf);
                if (r == ChunkedDecoder.DATA) {
                    bodyLength = chunked.dataLength();
                    return BODY;
                }
                if (r == ChunkedDecoder.DONE) {
                    state = State.DONE;
                    return END;
                }
                return r == ChunkedDecoder.ERROR ? fail(chunked.errorMessage()) : NEED_MORE;
            }
            case UNTIL_CLOSE -> {
                if (!buf.hasRemaining()) {
                    return NEED_MORE;
                }
                bodyLength = buf.remaining();
                return BODY;
            }
            case DONE -> {
                return END;
            }
            default -> {
                return ERROR;
            }
        }
    }

    /**
     * Tells the parser the connection ended (after every received byte went through {@link #next}).
     *
     * @return {@link #END} if that ends a close-delimited body, else {@link #ERROR} (the message is
     *     incomplete; see {@link #errorMessage()})
     */
    public int onEof() {
        return switch (state) {
            case UNTIL_CLOSE, DONE -> {
                state = State.DONE;
                yield END;
            }
            case HEAD ->
                fail(
                        isHeadStarted()
                                ? "the connection closed in the middle of the response head"
                                : "the connection closed before a response");
            case FIXED ->
                fail("the connection closed with " + remaining + " bytes of the body still to come"
                        + " (Content-Length " + headers().get("Content-Length") + ")");
            case CHUNKED -> fail("the connection closed in the middle of a chunked body");
            case FAILED -> ERROR;
        };
    }

    /** Returns the status code of the head just parsed. */
    public int code() {
        return code;
    }

    /** Returns the reason phrase of the head just parsed (possibly empty). */
    public String reason() {
        return reason;
    }

    /** Returns the version of the head just parsed. */
    public HttpVersion version() {
        return version;
    }

    /** Returns the length of the body slice of the last {@link #BODY} event. */
    public int bodyLength() {
        return bodyLength;
    }

    /** Returns whether the body is delimited by the connection closing. */
    public boolean isCloseDelimited() {
        return state == State.UNTIL_CLOSE;
    }

    /**
     * Returns whether the connection may carry another request after this response: HTTP/1.1 without
     * {@code Connection: close}, or HTTP/1.0 with {@code Connection: keep-alive}, and a length-delimited body.
     */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    private int fail(String message) {
        state = State.FAILED;
        return error(502, message);
    }

    @Override
    protected int tooLarge() {
        return error(502, "the response head is larger than " + maxHeaderBytes() + " bytes");
    }

    @Override
    protected boolean lenientFieldLines() {
        return true;
    }

    @Override
    protected int parseStartLine(byte[] a, int start, int end) {
        // HTTP-version SP 3DIGIT [SP reason-phrase]
        int len = end - start;
        if (len >= 9
                && a[start] == 'H'
                && a[start + 1] == 'T'
                && a[start + 2] == 'T'
                && a[start + 3] == 'P'
                && a[start + 4] == '/'
                && isDigit(a[start + 5])
                && a[start + 6] == '.'
                && isDigit(a[start + 7])
                && a[start + 5] != '1') {
            return error(
                    502,
                    "the server answered with HTTP/" + (char) a[start + 5] + "." + (char) a[start + 7]
                            + "; only HTTP/1.x is supported");
        }
        if (len < 12
                || a[start] != 'H'
                || a[start + 1] != 'T'
                || a[start + 2] != 'T'
                || a[start + 3] != 'P'
                || a[start + 4] != '/'
                || a[start + 5] != '1'
                || a[start + 6] != '.'
                || !isDigit(a[start + 7])
                || a[start + 8] != ' ') {
            return error(502, "not an HTTP/1.x status line: \"" + printable(a, start, end) + "\"");
        }
        version = a[start + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        int c = start + 9;
        if (!isDigit(a[c]) || !isDigit(a[c + 1]) || !isDigit(a[c + 2]) || len > 12 && a[c + 3] != ' ') {
            return error(502, "the status line has no three-digit status code: \"" + printable(a, start, end) + "\"");
        }
        code = (a[c] - '0') * 100 + (a[c + 1] - '0') * 10 + (a[c + 2] - '0');
        if (code < 100) {
            return error(502, "status code " + code + " is not valid (RFC 9110 codes are 100 to 599)");
        }
        int r = Math.min(c + 4, end);
        for (int i = r; i < end; i++) {
            if (a[i] == 0 || a[i] == '\r') {
                return error(502, "the reason phrase contains CR or NUL");
            }
        }
        reason = end - r == 2 && a[r] == 'O' && a[r + 1] == 'K' ? "OK" : string(a, r, end);
        return DONE;
    }

    /** Decides the framing once the head is complete (RFC 9112 section 6.3). */
    @Override
    protected int headComplete() {
        HttpHeaders h = headers();
        boolean close = false;
        boolean keepAliveAsked = false;
        if (knownCount(KnownHeaders.CONNECTION) > 0) {
            close = h.containsToken("Connection", "close");
            keepAliveAsked = h.containsToken("Connection", "keep-alive");
        }
        keepAlive = !close && (version == HttpVersion.HTTP_1_1 || keepAliveAsked);
        if (code < 200) {
            return DONE; // an interim response: the final one follows, and state stays HEAD
        }
        if (headRequest || HttpStatus.hasNoBody(code)) {
            state = State.DONE;
            return DONE;
        }
        if (knownCount(KnownHeaders.TRANSFER_ENCODING) > 0) {
            if (lastCodingIsChunked(h)) {
                chunked.reset();
                state = State.CHUNKED;
            } else {
                state = State.UNTIL_CLOSE; // RFC 9112 section 6.3 rule 4, for responses
                keepAlive = false;
            }
            return DONE; // Transfer-Encoding overrides Content-Length
        }
        long length = -1;
        if (knownCount(KnownHeaders.CONTENT_LENGTH) > 0) {
            for (int i = 0, n = h.size(); i < n; i++) {
                // Known names are interned, whatever case they came in: compare by identity.
                if (h.name(i) == KnownHeaders.name(KnownHeaders.CONTENT_LENGTH)) {
                    long l = parseContentLength(h.value(i));
                    if (l < 0) {
                        return error(502, "Content-Length \"" + h.value(i) + "\" is not a valid length");
                    }
                    if (length >= 0 && l != length) {
                        return error(502, "conflicting Content-Length values " + length + " and " + l);
                    }
                    length = l;
                }
            }
        }
        if (length >= 0) {
            state = State.FIXED;
            remaining = length;
        } else {
            state = State.UNTIL_CLOSE;
            keepAlive = false;
        }
        return DONE;
    }

    private static boolean lastCodingIsChunked(HttpHeaders headers) {
        String last = "";
        for (String v : headers.getAll("Transfer-Encoding")) {
            last = v;
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

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String printable(byte[] a, int start, int end) {
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < Math.min(end, start + 80); i++) {
            int c = a[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (end - start > 80) {
            sb.append("...");
        }
        return sb.toString();
    }
}
