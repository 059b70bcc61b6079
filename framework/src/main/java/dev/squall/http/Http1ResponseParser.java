package dev.squall.http;

/**
 * Parses HTTP/1.x response heads (RFC 9112 section 4) incrementally, for an HTTP client. It shares line
 * splitting, limits and header parsing with the request parser ({@link Http1HeadParser}) and judges framing
 * as RFC 9112 section 6.3 says a client must: no body for 1xx, 204, 304 and responses to HEAD; chunked when
 * {@code Transfer-Encoding} ends in {@code chunked}; read-until-close for any other transfer coding or when
 * neither length nor coding is given; otherwise {@code Content-Length}, which must be valid.
 *
 * <p>Not thread-safe: one parser per connection.
 */
final class Http1ResponseParser extends Http1HeadParser {
    /** No body. */
    static final int BODY_NONE = 0;
    /** {@link #contentLength()} bytes. */
    static final int BODY_LENGTH = 1;
    /** Chunked. */
    static final int BODY_CHUNKED = 2;
    /** The body ends when the server closes the connection. */
    static final int BODY_UNTIL_CLOSE = 3;

    private HttpVersion version = HttpVersion.HTTP_1_1;
    private int status;
    private String reason = "";
    private long contentLength;
    private boolean chunked;
    private boolean otherCoding;
    private boolean connectionClose;
    private boolean connectionKeepAlive;

    /**
     * Creates a parser.
     *
     * @param maxHeaderBytes the most bytes one head may take
     */
    Http1ResponseParser(int maxHeaderBytes) {
        super(maxHeaderBytes);
    }

    /** Returns the protocol version of the response. */
    HttpVersion version() {
        return version;
    }

    /** Returns the status code. */
    int status() {
        return status;
    }

    /** Returns the reason phrase as sent (possibly empty). */
    String reason() {
        return reason;
    }

    /** Returns the Content-Length, or -1 when absent. */
    long contentLength() {
        return contentLength;
    }

    /**
     * Returns how the body is framed.
     *
     * @param requestWasHead whether the request was HEAD (its response never has a body)
     * @return one of the BODY constants
     */
    int bodyKind(boolean requestWasHead) {
        if (requestWasHead || status < 200 || status == 204 || status == 304) {
            return BODY_NONE;
        }
        if (chunked) {
            return BODY_CHUNKED;
        }
        if (otherCoding) {
            return BODY_UNTIL_CLOSE;
        }
        if (contentLength >= 0) {
            return contentLength == 0 ? BODY_NONE : BODY_LENGTH;
        }
        return BODY_UNTIL_CLOSE;
    }

    /** Returns whether the connection can carry another request after this response's body. */
    boolean keepAlive() {
        if (otherCoding || connectionClose) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || connectionKeepAlive;
    }

    @Override int parseStartLine(byte[] a, int start, int end) {
        // HTTP/x.y SP 3DIGIT [SP reason]
        if (end - start < 12 || a[start] != 'H' || a[start + 1] != 'T' || a[start + 2] != 'T'
                || a[start + 3] != 'P' || a[start + 4] != '/' || !isDigit(a[start + 5])
                || a[start + 6] != '.' || !isDigit(a[start + 7]) || a[start + 8] != ' ') {
            return error(502, "invalid status line: expected HTTP/1.x followed by a status code");
        }
        int major = a[start + 5] - '0';
        int minor = a[start + 7] - '0';
        if (major != 1) {
            return error(502, "the server answered with HTTP/" + major + "." + minor + "; only HTTP/1.x is supported");
        }
        version = minor == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        int c = start + 9;
        if (!isDigit(a[c]) || !isDigit(a[c + 1]) || !isDigit(a[c + 2])
                || a[c] == '0' || c + 3 < end && a[c + 3] != ' ') {
            return error(502, "invalid status line: the status code must be three digits from 100 to 999");
        }
        status = (a[c] - '0') * 100 + (a[c + 1] - '0') * 10 + (a[c + 2] - '0');
        int r = Math.min(c + 4, end);
        for (int i = r; i < end; i++) {
            int b = a[i] & 0xFF;
            if (b < 0x20 && b != '\t' || b == 0x7F) {
                return error(502, "control character 0x" + Integer.toHexString(b) + " in the reason phrase");
            }
        }
        reason = string(a, r, end);
        return DONE;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    @Override int headComplete() {
        HttpHeaders h = headers();
        connectionClose = false;
        connectionKeepAlive = false;
        if (knownCount(KnownHeaders.CONNECTION) > 0) {
            connectionClose = h.containsToken("Connection", "close");
            connectionKeepAlive = h.containsToken("Connection", "keep-alive");
        }
        chunked = false;
        otherCoding = false;
        contentLength = -1;
        if (knownCount(KnownHeaders.TRANSFER_ENCODING) > 0) {
            // The last coding decides (RFC 9112 section 6.3): chunked, or the body runs until the close.
            String last = null;
            for (String v : h.getAll("Transfer-Encoding")) {
                last = v;
            }
            String coding = last.substring(last.lastIndexOf(',') + 1).strip();
            chunked = coding.equalsIgnoreCase("chunked");
            otherCoding = !chunked;
            return DONE; // Transfer-Encoding overrides Content-Length
        }
        if (knownCount(KnownHeaders.CONTENT_LENGTH) > 0) {
            long length = -1;
            for (String v : h.getAll("Content-Length")) {
                long parsed = parseContentLength(v);
                if (parsed < 0 || length >= 0 && parsed != length) {
                    return error(502, "invalid or conflicting Content-Length in the response: \"" + v + "\"");
                }
                length = parsed;
            }
            contentLength = length;
        }
        return DONE;
    }
}
