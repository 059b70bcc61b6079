package dev.squall.http;

import dev.squall.internal.http.Http1HeadParser;
import dev.squall.loop.Clock;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Encodes HTTP/1.1 response heads straight into bytes and decides their framing (RFC 9112 section 6):
 * {@code Content-Length} when the length is known, chunked for an HTTP/1.1 client otherwise, and a
 * connection close for an HTTP/1.0 client; never a body for HEAD, 1xx, 204 and 304. It adds {@code Date}
 * (cached per second) and {@code Server} when the application did not, and {@code Connection: close} or
 * {@code keep-alive} as keep-alive rules require. Status lines of registered codes are pre-encoded.
 *
 * <p>A {@code Transfer-Encoding} the application sets is ignored: framing is the server's business. One
 * encoder per loop (it holds the loop's date cache); after {@link #encodeHead} the framing decision is in
 * {@link #framing()}, {@link #contentLength()} and {@link #keepAlive()}. Not thread-safe.
 */
final class Http1ResponseEncoder {
    /** Framing: the response has no body (HEAD, 1xx, 204, 304). */
    static final int FRAMING_NONE = 0;
    /** Framing: exactly {@link #contentLength()} body bytes. */
    static final int FRAMING_LENGTH = 1;
    /** Framing: chunked transfer coding. */
    static final int FRAMING_CHUNKED = 2;
    /** Framing: the body ends when the connection closes (HTTP/1.0 without a length). */
    static final int FRAMING_CLOSE = 3;

    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CHUNKED_LINE = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE_LINE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE_LINE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CONTENT_LENGTH_PREFIX = ascii("Content-Length: ");
    static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    /** {@code Content-Length: n\r\n} for the small bodies most responses have. */
    private static final byte[][] CONTENT_LENGTH_LINES = new byte[1024][];

    static {
        for (int n = 0; n < CONTENT_LENGTH_LINES.length; n++) {
            CONTENT_LENGTH_LINES[n] = ascii("Content-Length: " + n + "\r\n");
        }
        for (int code = 100; code < 600; code++) {
            if (HttpStatus.isKnown(code)) {
                STATUS_LINES[code] = ascii("HTTP/1.1 " + code + " " + HttpStatus.reasonPhrase(code) + "\r\n");
            }
        }
    }

    private final HttpDateCache dates;
    private final byte[] serverLine;
    private int framing;
    private long contentLength;
    private boolean keepAlive;

    /**
     * Creates an encoder.
     *
     * @param clock the loop's clock, for the Date header
     * @param serverHeader the value of the Server header added when the application sets none
     */
    Http1ResponseEncoder(Clock clock, String serverHeader) {
        this.dates = new HttpDateCache(clock);
        this.serverLine = ascii("Server: " + serverHeader + "\r\n");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Returns the encoded status line {@code HTTP/1.1 <code> <reason>\r\n}. */
    static byte[] statusLine(int status, @Nullable String reason) {
        byte[] cached = STATUS_LINES[status];
        if (cached != null && (reason == null || reason.equals(HttpStatus.reasonPhrase(status)))) {
            return cached;
        }
        String r = reason != null ? reason : HttpStatus.reasonPhrase(status);
        return ("HTTP/1.1 " + status + " " + r + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks a reason phrase: printable ISO-8859-1 text and HTAB only (RFC 9112 section 4).
     *
     * @throws IllegalArgumentException if it contains CR, LF or another control character
     */
    static void checkReason(String reason) {
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("the reason phrase contains the character 0x"
                        + Integer.toHexString(c) + " at index " + i
                        + "; use printable ISO-8859-1 text, or null for the standard phrase");
            }
        }
    }

    /** Returns the framing decided by the last {@link #encodeHead}: one of the FRAMING constants. */
    int framing() {
        return framing;
    }

    /** Returns the body length for {@link #FRAMING_LENGTH} (and the advertised length of a HEAD response, or -1). */
    long contentLength() {
        return contentLength;
    }

    /** Returns whether the connection may serve another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Encodes a response head into {@code out}. On an exception nothing is left in {@code out}.
     *
     * @param out where the bytes go
     * @param status the status code, 100..599
     * @param reason the reason phrase, or null for the standard one (already checked)
     * @param headers the application's headers
     * @param fixedLength the body length when the caller knows it (then {@code Content-Length} in
     *     {@code headers} is ignored), or -1
     * @param headRequest whether the request was HEAD
     * @param http11 whether the request was HTTP/1.1 (else 1.0)
     * @param requestKeepAlive whether the request allows keep-alive (1.1 without close, 1.0 with keep-alive)
     *     and the server is willing
     * @throws IllegalArgumentException if {@code Content-Length} in {@code headers} is not a number, or a
     *     header value has a character outside ISO-8859-1
     */
    void encodeHead(
            ByteSink out,
            int status,
            @Nullable String reason,
            HttpHeaders headers,
            long fixedLength,
            boolean headRequest,
            boolean http11,
            boolean requestKeepAlive) {
        int mark = out.size();
        try {
            out.write(statusLine(status, reason));
            boolean statusBodyless = HttpStatus.hasNoBody(status);
            boolean hasDate = false;
            boolean hasServer = false;
            boolean hasConnection = false;
            boolean connectionClose = false;
            long userLength = -1;
            for (int i = 0, n = headers.size(); i < n; i++) {
                String name = headers.name(i);
                String value = headers.value(i);
                switch (name.length()) {
                    case 4 -> hasDate |= name.equals("Date");
                    case 6 -> hasServer |= name.equals("Server");
                    case 10 -> {
                        if (name.equals("Connection")) {
                            hasConnection = true;
                            connectionClose |= HttpHeaders.hasToken(value, "close");
                        }
                    }
                    case 14 -> {
                        if (name.equals("Content-Length")) {
                            if (fixedLength >= 0 || status < 200 || status == 204) {
                                continue; // ours wins; and 1xx/204 must not carry one (RFC 9110 section 8.6)
                            }
                            long v = Http1HeadParser.parseContentLength(value);
                            if (v < 0) {
                                throw new IllegalArgumentException(
                                        "the Content-Length header \"" + value + "\" is not a non-negative number");
                            }
                            userLength = v;
                        }
                    }
                    case 17 -> {
                        if (name.equals("Transfer-Encoding")) {
                            continue;
                        }
                    }
                    default -> {}
                }
                out.writeLatin1(name);
                out.write(COLON_SPACE);
                int bad = out.writeLatin1(value);
                if (bad >= 0) {
                    throw new IllegalArgumentException("the value of header " + name + " has the character U+"
                            + String.format("%04X", (int) value.charAt(bad)) + " at index " + bad
                            + ", outside ISO-8859-1; percent-encode it (or use RFC 8187 encoding)");
                }
                out.crlf();
            }
            if (!hasDate) {
                out.write(dates.headerLine());
            }
            if (!hasServer) {
                out.write(serverLine);
            }
            keepAlive = requestKeepAlive && !connectionClose;
            contentLength = fixedLength >= 0 ? fixedLength : userLength;
            if (statusBodyless) {
                framing = FRAMING_NONE;
            } else if (headRequest) {
                framing = FRAMING_NONE;
                if (fixedLength >= 0) {
                    writeContentLength(out, fixedLength);
                }
            } else if (contentLength >= 0) {
                framing = FRAMING_LENGTH;
                if (fixedLength >= 0) {
                    writeContentLength(out, fixedLength);
                }
            } else if (http11) {
                framing = FRAMING_CHUNKED;
                out.write(CHUNKED_LINE);
            } else {
                framing = FRAMING_CLOSE;
                keepAlive = false;
            }
            if (!hasConnection) {
                if (http11 && !keepAlive) {
                    out.write(CLOSE_LINE);
                } else if (!http11 && keepAlive) {
                    out.write(KEEP_ALIVE_LINE);
                }
            }
            out.crlf();
        } catch (RuntimeException e) {
            out.truncate(mark);
            throw e;
        }
    }

    /**
     * Encodes a whole short error response, as the connection sends when it refuses a request: {@code text/plain},
     * {@code Connection: close} ({@code Retry-After: 1} with a 503) and the body
     * {@code "<status> <reason>: <message>\n"}.
     */
    void encodeError(ByteSink out, int status, String message) {
        HttpHeaders h = plainText();
        h.addUnchecked("Connection", "close");
        if (status == 503) {
            h.addUnchecked("Retry-After", "1");
        }
        byte[] text = ascii(status + " " + HttpStatus.reasonPhrase(status) + ": " + message + "\n");
        encodeHead(out, status, null, h, text.length, false, true, false);
        out.write(text);
    }

    /** Returns new headers holding {@code Content-Type: text/plain; charset=utf-8}. */
    static HttpHeaders plainText() {
        HttpHeaders h = new HttpHeaders(4);
        h.addUnchecked("Content-Type", "text/plain; charset=utf-8");
        return h;
    }

    private static void writeContentLength(ByteSink out, long length) {
        if (length < CONTENT_LENGTH_LINES.length) {
            out.write(CONTENT_LENGTH_LINES[(int) length]);
            return;
        }
        out.write(CONTENT_LENGTH_PREFIX);
        out.writeDecimal(length);
        out.crlf();
    }
}
