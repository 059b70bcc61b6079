package dev.squall.internal.http;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked message body (RFC 9112 section 7.1), incrementally, byte-exact: it consumes the body's
 * bytes and not one byte of the next message. The server decodes request bodies with it, the client's
 * {@link Http1ResponseParser} response bodies.
 *
 * <p>Two ways to use it: {@link #decode} copies the chunk data into an {@link Output}; {@link #next} is a
 * pull API that names each run of chunk data in the caller's buffer ({@link #DATA}), so the caller can hand
 * it on without a copy and stop between any two runs.
 *
 * <p>Strict where lax parsing lets messages be smuggled: the chunk size is hex digits only (at most
 * {@value #MAX_SIZE_DIGITS}), whitespace after it is allowed only before an extension, and every line of the
 * framing — chunk-size lines, the line end after chunk data, trailer fields and the final empty line — must
 * end in CRLF. A bare LF is refused here (unlike in a message head, where RFC 9112 section 2.2 lets a
 * recipient accept it): a proxy that splits on CRLF would see other chunk boundaries than this decoder, which
 * is how requests are smuggled; Tornado requires CRLF too. Chunk extensions are skipped (bounded to
 * {@value #MAX_EXTENSION_BYTES} bytes per line), as RFC 9112 lets a recipient do; trailer fields are checked
 * for control characters and discarded.
 *
 * <p>Internal: not API, may change. Not thread-safe; one decoder per body (or {@link #reset()} it).
 */
public final class ChunkedDecoder {
    /** Result: the input ended before the body; call again with more bytes. */
    public static final int NEED_MORE = 0;
    /** Result: the body, trailers included, is complete; the input's position is just past it. */
    public static final int DONE = 1;
    /** {@link #next} result: {@link #dataLength()} bytes of chunk data start at the input's position. */
    public static final int DATA = 2;
    /** Result: the framing is invalid or over a limit; see {@link #errorStatus()} and {@link #errorMessage()}. */
    public static final int ERROR = -1;

    /** Most hex digits in a chunk size (leading zeros included). */
    public static final int MAX_SIZE_DIGITS = 16;
    /** Most bytes of chunk extensions on one chunk-size line. */
    public static final int MAX_EXTENSION_BYTES = 4096;

    /** Receives chunk data from {@link #decode}. */
    public interface Output {
        /**
         * Takes {@code length} bytes from {@code src}, advancing its position past them.
         *
         * @param src the input buffer, positioned at the data
         * @param length how many bytes to take
         */
        void write(ByteBuffer src, int length);
    }

    private static final int SIZE = 0;
    private static final int SIZE_WS = 1;
    private static final int EXTENSION = 2;
    private static final int SIZE_LF = 3;
    private static final int IN_DATA = 4;
    private static final int DATA_CR = 5;
    private static final int DATA_LF = 6;
    private static final int TRAILER_START = 7;
    private static final int TRAILER_LINE = 8;
    private static final int TRAILER_LINE_LF = 9;
    private static final int TRAILER_END_LF = 10;
    private static final int FINISHED = 11;

    private final long maxBodyBytes;
    private final int maxTrailerBytes;
    private int state;
    private int digits;
    private long chunkSize;
    private long remaining;
    private long total;
    private int lineBytes;
    private int trailerBytes;
    private int dataLength;
    private int errorStatus;
    private String errorMessage = "";

    /**
     * Creates a decoder.
     *
     * @param maxBodyBytes the most decoded bytes accepted (413 beyond); {@link Long#MAX_VALUE} for no limit
     * @param maxTrailerBytes the most trailer bytes accepted (431 beyond)
     */
    public ChunkedDecoder(long maxBodyBytes, int maxTrailerBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Prepares for a new body. */
    public void reset() {
        state = SIZE;
        digits = 0;
        chunkSize = 0;
        remaining = 0;
        total = 0;
        lineBytes = 0;
        trailerBytes = 0;
    }

    /** Returns the chunk bytes announced so far (the sum of the chunk sizes read). */
    public long total() {
        return total;
    }

    /** Returns the length of the chunk data named by the last {@link #DATA} result. */
    public int dataLength() {
        return dataLength;
    }

    /** Returns whether the decoder is inside a chunk's data (as opposed to its framing). */
    public boolean inData() {
        return state == IN_DATA;
    }

    /** Returns 400, 413 or 431 after {@link #ERROR}. */
    public int errorStatus() {
        return errorStatus;
    }

    /** Returns what was wrong after {@link #ERROR}. */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Decodes from {@code in} into {@code out}, stopping at the end of the body.
     *
     * @param in encoded bytes; its position advances past what was consumed
     * @param out receives the chunk data
     * @return {@link #DONE} when the body (with its trailers) is complete, {@link #NEED_MORE}, or {@link #ERROR}
     */
    public int decode(ByteBuffer in, Output out) {
        for (; ; ) {
            int r = next(in);
            if (r != DATA) {
                return r;
            }
            out.write(in, dataLength);
        }
    }

    /**
     * Consumes framing from {@code in} up to the next run of chunk data, the end of the body, or the end of the
     * input. After {@link #DATA} the caller must consume the {@link #dataLength()} bytes at the position
     * (advance it past them) before calling again.
     *
     * @param in encoded bytes; its position advances past the framing consumed
     * @return {@link #DATA}, {@link #DONE}, {@link #NEED_MORE} or {@link #ERROR}
     */
    public int next(ByteBuffer in) {
        if (state == FINISHED) {
            return DONE;
        }
        while (in.hasRemaining()) {
            if (state == IN_DATA) {
                int n = (int) Math.min(remaining, in.remaining());
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                dataLength = n;
                return DATA;
            }
            int b = in.get() & 0xFF;
            switch (state) {
                case SIZE -> {
                    int d = hexValue(b);
                    if (d >= 0) {
                        if (++digits > MAX_SIZE_DIGITS) {
                            return error(400, "chunk size has more than " + MAX_SIZE_DIGITS + " hex digits");
                        }
                        if (chunkSize > (Long.MAX_VALUE >>> 4)) {
                            return error(400, "chunk size is too large");
                        }
                        chunkSize = chunkSize << 4 | d;
                    } else if (digits == 0) {
                        return error(400, "invalid chunk size: expected a hex size, got 0x" + Integer.toHexString(b));
                    } else if (b == ';') {
                        state = EXTENSION;
                    } else if (b == ' ' || b == '\t') {
                        state = SIZE_WS;
                    } else if (b == '\r') {
                        state = SIZE_LF;
                    } else if (b == '\n') {
                        return bareLf("a chunk-size line");
                    } else {
                        return error(
                                400,
                                "invalid chunk size: unexpected 0x" + Integer.toHexString(b) + " after the digits");
                    }
                }
                case SIZE_WS -> {
                    if (b == ';') {
                        state = EXTENSION;
                    } else if (b != ' ' && b != '\t') {
                        return error(
                                400, "invalid chunk size line: whitespace after the size must precede an extension");
                    }
                }
                case EXTENSION -> {
                    if (b == '\r') {
                        state = SIZE_LF;
                    } else if (b == '\n') {
                        return bareLf("a chunk-size line");
                    } else if (b < 0x20 && b != '\t' || b == 0x7F) {
                        return error(400, "control character 0x" + Integer.toHexString(b) + " in a chunk extension");
                    } else if (++lineBytes > MAX_EXTENSION_BYTES) {
                        return error(400, "chunk extensions longer than " + MAX_EXTENSION_BYTES + " bytes");
                    }
                }
                case SIZE_LF -> {
                    if (b != '\n') {
                        return error(400, "CR not followed by LF in a chunk size line");
                    }
                    if (endSizeLine() == ERROR) {
                        return ERROR;
                    }
                }
                case DATA_CR -> {
                    if (b == '\r') {
                        state = DATA_LF;
                    } else if (b == '\n') {
                        return bareLf("the line after chunk data");
                    } else {
                        return error(400, "chunk data is longer than its declared size (no CRLF after the data)");
                    }
                }
                case DATA_LF -> {
                    if (b != '\n') {
                        return error(400, "CR not followed by LF after chunk data");
                    }
                    startSizeLine();
                }
                case TRAILER_START -> {
                    if (b == '\r') {
                        state = TRAILER_END_LF;
                    } else if (b == '\n') {
                        return bareLf("the empty line that ends a chunked body");
                    } else if (countTrailer(b) == ERROR) {
                        return ERROR;
                    } else {
                        state = TRAILER_LINE;
                    }
                }
                case TRAILER_LINE -> {
                    if (b == '\r') {
                        state = TRAILER_LINE_LF;
                    } else if (b == '\n') {
                        return bareLf("a trailer field line");
                    } else if (countTrailer(b) == ERROR) {
                        return ERROR;
                    }
                }
                case TRAILER_LINE_LF -> {
                    if (b != '\n') {
                        return error(400, "CR not followed by LF in a trailer field");
                    }
                    state = TRAILER_START;
                }
                case TRAILER_END_LF -> {
                    if (b != '\n') {
                        return error(400, "CR not followed by LF at the end of the chunked body");
                    }
                    state = FINISHED;
                    return DONE;
                }
                default -> throw new IllegalStateException("unknown chunked decoder state " + state);
            }
        }
        return state == FINISHED ? DONE : NEED_MORE;
    }

    private int bareLf(String where) {
        return error(400, where + " ends in a bare LF; chunked framing needs CRLF (RFC 9112 section 7.1)");
    }

    private void startSizeLine() {
        state = SIZE;
        digits = 0;
        chunkSize = 0;
        lineBytes = 0;
    }

    private int endSizeLine() {
        if (chunkSize == 0) {
            state = TRAILER_START;
            return NEED_MORE;
        }
        if (chunkSize > maxBodyBytes - total) {
            return error(413, "the chunked body is larger than " + maxBodyBytes + " bytes");
        }
        total += chunkSize;
        remaining = chunkSize;
        state = IN_DATA;
        return NEED_MORE;
    }

    private int countTrailer(int b) {
        if (b < 0x20 && b != '\t' || b == 0x7F) {
            return error(400, "control character 0x" + Integer.toHexString(b) + " in a trailer field");
        }
        if (++trailerBytes > maxTrailerBytes) {
            return error(431, "trailer fields are larger than " + maxTrailerBytes + " bytes");
        }
        return NEED_MORE;
    }

    private int error(int status, String message) {
        errorStatus = status;
        errorMessage = message;
        return ERROR;
    }

    private static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
