package dev.squall.http;

import java.nio.ByteBuffer;

/**
 * Decodes a chunked request body (RFC 9112 section 7.1), incrementally, byte-exact: it consumes the body's
 * bytes and not one byte of the next request.
 *
 * <p>Strict where lax parsing lets requests be smuggled: the chunk size is hex digits only (at most
 * {@value #MAX_SIZE_DIGITS}), whitespace after it is allowed only before an extension, a CR must be
 * followed by LF, and chunk data must be followed by a line end. Chunk extensions are skipped (bounded to
 * {@value #MAX_EXTENSION_BYTES} bytes per line), as RFC 9112 lets a recipient do; trailer fields are checked
 * for control characters and discarded. Like the head parser, a bare LF ends a line.
 *
 * <p>Not thread-safe; one decoder per body (or {@link #reset()} it).
 */
final class ChunkedDecoder {
    static final int NEED_MORE = 0;
    static final int DONE = 1;
    static final int ERROR = -1;

    static final int MAX_SIZE_DIGITS = 16;
    static final int MAX_EXTENSION_BYTES = 4096;

    private static final int SIZE = 0;
    private static final int SIZE_WS = 1;
    private static final int EXTENSION = 2;
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
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
    private int errorStatus;
    private String errorMessage = "";

    /**
     * Creates a decoder.
     *
     * @param maxBodyBytes the most decoded bytes accepted (413 beyond)
     * @param maxTrailerBytes the most trailer bytes accepted (431 beyond)
     */
    ChunkedDecoder(long maxBodyBytes, int maxTrailerBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Prepares for a new body. */
    void reset() {
        state = SIZE;
        digits = 0;
        chunkSize = 0;
        remaining = 0;
        total = 0;
        lineBytes = 0;
        trailerBytes = 0;
    }

    /** Returns the chunk bytes announced so far (the sum of the chunk sizes read). */
    long total() {
        return total;
    }

    /** Returns 400, 413 or 431 after {@link #ERROR}. */
    int errorStatus() {
        return errorStatus;
    }

    /** Returns what was wrong after {@link #ERROR}. */
    String errorMessage() {
        return errorMessage;
    }

    /**
     * Decodes from {@code in} into {@code out}, stopping at the end of the body.
     *
     * @param in encoded bytes; its position advances past what was consumed
     * @param out receives the chunk data
     * @return {@link #DONE} when the body (with its trailers) is complete, {@link #NEED_MORE}, or {@link #ERROR}
     */
    int decode(ByteBuffer in, ByteSink out) {
        while (in.hasRemaining()) {
            if (state == DATA) {
                int n = (int) Math.min(remaining, in.remaining());
                out.write(in, n);
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
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
                        return error(400, "invalid chunk size: expected hex digits, got 0x" + Integer.toHexString(b));
                    } else if (b == ';') {
                        state = EXTENSION;
                    } else if (b == ' ' || b == '\t') {
                        state = SIZE_WS;
                    } else if (b == '\r') {
                        state = SIZE_LF;
                    } else if (b == '\n') {
                        if (endSizeLine() == ERROR) {
                            return ERROR;
                        }
                    } else {
                        return error(400, "invalid chunk size: unexpected 0x" + Integer.toHexString(b) + " after the digits");
                    }
                }
                case SIZE_WS -> {
                    if (b == ';') {
                        state = EXTENSION;
                    } else if (b != ' ' && b != '\t') {
                        return error(400, "invalid chunk size line: whitespace after the size must precede an extension");
                    }
                }
                case EXTENSION -> {
                    if (b == '\r') {
                        state = SIZE_LF;
                    } else if (b == '\n') {
                        if (endSizeLine() == ERROR) {
                            return ERROR;
                        }
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
                        startSizeLine();
                    } else {
                        return error(400, "chunk data is longer than its size (no CRLF after the data)");
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
                        state = FINISHED;
                        return DONE;
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
                        state = TRAILER_START;
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
                default -> throw new IllegalStateException("decode() called after the body ended; reset() first");
            }
        }
        return state == FINISHED ? DONE : NEED_MORE;
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
            return error(413, "the chunked request body is larger than " + maxBodyBytes + " bytes");
        }
        total += chunkSize;
        remaining = chunkSize;
        state = DATA;
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
