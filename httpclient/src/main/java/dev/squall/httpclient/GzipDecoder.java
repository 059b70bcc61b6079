package dev.squall.httpclient;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip body (RFC 1952) incrementally, as it arrives in slices of any size: header, deflate
 * data, then the CRC-32 and length trailer, which are checked. Several members in a row are decoded one
 * after the other, as the format allows, and so is a member made of many deflate blocks, each ended by a sync
 * or full flush point (what a server that flushes a compressed response sends: Tornado, nginx).
 *
 * <p>Output goes to a {@link Sink} in pieces of at most {@link #OUT_PIECE_BYTES}, so that a body limit can
 * stop a decompression bomb early. Each call consumes its whole input slice (the {@link Inflater} never
 * keeps a reference to the caller's buffer). {@link #end()} frees the native inflater.
 *
 * <p>Written by hand because the JDK's {@code GZIPInputStream} and Okio's {@code GzipSource} pull from a
 * blocking stream, and the client has bytes pushed to it by the loop.
 */
final class GzipDecoder {
    /** Largest piece handed to the sink at once. */
    static final int OUT_PIECE_BYTES = 16 * 1024;

    /** Receives decompressed bytes. */
    interface Sink {
        /**
         * Takes {@code b[off, off + len)} (the array is reused after the call).
         *
         * @return false to stop decoding (the body is being aborted)
         */
        boolean write(byte[] b, int off, int len);
    }

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private enum State {
        HEADER,
        EXTRA_LENGTH,
        EXTRA,
        NAME,
        COMMENT,
        HEADER_CRC,
        DATA,
        TRAILER,
        MEMBER_END
    }

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[OUT_PIECE_BYTES];
    private final byte[] fixed = new byte[10];
    private State state = State.HEADER;
    private int fixedCount;
    private int flags;
    private int skip;
    private long memberSize;
    private boolean sawMember;
    private String errorMessage = "";

    /** Prepares for a new body. */
    void reset() {
        inflater.reset();
        crc.reset();
        state = State.HEADER;
        fixedCount = 0;
        memberSize = 0;
        sawMember = false;
    }

    /**
     * Decodes all of {@code in} (its position moves to its limit unless decoding fails or the sink stops it).
     *
     * @param in compressed bytes
     * @param sink where decompressed bytes go
     * @return true to go on; false if the data is invalid (see {@link #errorMessage()}) or the sink stopped
     */
    boolean decode(ByteBuffer in, Sink sink) {
        while (in.hasRemaining()) {
            switch (state) {
                case HEADER, MEMBER_END -> {
                    if (state == State.MEMBER_END) {
                        state = State.HEADER;
                        fixedCount = 0;
                    }
                    while (fixedCount < 10 && in.hasRemaining()) {
                        fixed[fixedCount++] = in.get();
                    }
                    if (fixedCount < 10) {
                        return true;
                    }
                    if ((fixed[0] & 0xFF) != 0x1f || (fixed[1] & 0xFF) != 0x8b) {
                        return fail(
                                sawMember
                                        ? "unexpected bytes after the gzip data"
                                        : "the body is marked Content-Encoding: gzip but is not gzip data");
                    }
                    if (fixed[2] != 8) {
                        return fail("gzip compression method " + fixed[2] + " is not deflate");
                    }
                    flags = fixed[3];
                    crc.reset();
                    inflater.reset();
                    memberSize = 0;
                    state = State.EXTRA_LENGTH;
                    fixedCount = 0;
                    if ((flags & FEXTRA) == 0) {
                        state = afterExtra();
                    }
                }
                case EXTRA_LENGTH -> {
                    while (fixedCount < 2 && in.hasRemaining()) {
                        fixed[fixedCount++] = in.get();
                    }
                    if (fixedCount < 2) {
                        return true;
                    }
                    skip = (fixed[0] & 0xFF) | (fixed[1] & 0xFF) << 8;
                    state = State.EXTRA;
                }
                case EXTRA -> {
                    int n = Math.min(skip, in.remaining());
                    in.position(in.position() + n);
                    skip -= n;
                    if (skip == 0) {
                        state = afterExtra();
                    }
                }
                case NAME, COMMENT -> {
                    boolean ended = false;
                    while (in.hasRemaining()) {
                        if (in.get() == 0) {
                            ended = true;
                            break;
                        }
                    }
                    if (ended) {
                        state = state == State.NAME ? afterName() : afterComment();
                    }
                }
                case HEADER_CRC -> {
                    int n = Math.min(skip, in.remaining());
                    in.position(in.position() + n);
                    skip -= n;
                    if (skip == 0) {
                        state = State.DATA;
                    }
                }
                case DATA -> {
                    inflater.setInput(in);
                    try {
                        while (!inflater.finished()) {
                            long readBefore = inflater.getBytesRead();
                            int n = inflater.inflate(out);
                            if (n > 0) {
                                crc.update(out, 0, n);
                                memberSize += n;
                                if (!sink.write(out, 0, n)) {
                                    in.position(in.limit());
                                    inflater.setInput(new byte[0]);
                                    return false;
                                }
                            } else if (inflater.needsInput()) {
                                break;
                            } else if (inflater.getBytesRead() > readBefore) {
                                // Input consumed without output: the empty stored block that ends a sync or
                                // full flush (00 00 ff ff), or a block header split from its data. Go on.
                                continue;
                            } else if (inflater.needsDictionary()) {
                                return fail("the gzip data needs a preset dictionary");
                            } else {
                                return fail("the gzip data could not be inflated");
                            }
                        }
                    } catch (DataFormatException e) {
                        return fail("the gzip data is corrupt: " + e.getMessage());
                    }
                    // Inflater advanced the buffer past what it consumed; drop its reference to the buffer.
                    inflater.setInput(new byte[0], 0, 0);
                    if (inflater.finished()) {
                        state = State.TRAILER;
                        fixedCount = 0;
                    }
                }
                case TRAILER -> {
                    while (fixedCount < 8 && in.hasRemaining()) {
                        fixed[fixedCount++] = in.get();
                    }
                    if (fixedCount < 8) {
                        return true;
                    }
                    long expectedCrc = le32(fixed, 0);
                    long expectedSize = le32(fixed, 4);
                    if (expectedCrc != crc.getValue()) {
                        return fail("the gzip CRC-32 does not match the data");
                    }
                    if (expectedSize != (memberSize & 0xFFFFFFFFL)) {
                        return fail("the gzip length trailer does not match the data");
                    }
                    sawMember = true;
                    state = State.MEMBER_END;
                    fixedCount = 0;
                }
            }
        }
        return true;
    }

    /**
     * Returns whether the input so far is a complete gzip body: at least one member, and not in the middle of
     * one.
     */
    boolean isComplete() {
        return sawMember && state == State.MEMBER_END;
    }

    /** Returns what was wrong after {@link #decode} returned false for bad data. */
    String errorMessage() {
        return errorMessage;
    }

    /** Frees the native inflater; the decoder cannot be used afterwards. */
    void end() {
        inflater.end();
    }

    private State afterExtra() {
        return (flags & FNAME) != 0 ? State.NAME : afterName();
    }

    private State afterName() {
        return (flags & FCOMMENT) != 0 ? State.COMMENT : afterComment();
    }

    private State afterComment() {
        if ((flags & FHCRC) != 0) {
            skip = 2;
            return State.HEADER_CRC;
        }
        return State.DATA;
    }

    private boolean fail(String message) {
        errorMessage = message;
        return false;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
