package dev.squall.http;

import dev.squall.internal.http.ChunkedDecoder;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array: where request bodies are gathered and response heads are encoded. Cheaper than
 * {@link java.io.ByteArrayOutputStream} (no locks, direct access to the array). Not thread-safe.
 */
final class ByteSink implements ChunkedDecoder.Output {
    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(initialCapacity, 16)];
    }

    /** Returns the backing array; valid bytes are {@code [0, size())}. */
    byte[] array() {
        return bytes;
    }

    /** Returns the number of bytes written. */
    int size() {
        return size;
    }

    /** Forgets the content, keeping the array. */
    void reset() {
        size = 0;
    }

    /** Drops the bytes after the first {@code newSize}. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("truncate to " + newSize + " of " + size);
        }
        size = newSize;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        int needed = size + n;
        if (needed > bytes.length) {
            if (needed < 0) {
                throw new OutOfMemoryError("ByteSink would exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, Math.max(needed, Math.min(bytes.length * 2, Integer.MAX_VALUE - 16)));
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] src) {
        write(src, 0, src.length);
    }

    void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, size, len);
        size += len;
    }

    /** Moves {@code len} bytes from {@code src} (advancing its position). */
    @Override
    public void write(ByteBuffer src, int len) {
        ensure(len);
        src.get(bytes, size, len);
        size += len;
    }

    /** Writes {@code CRLF}. */
    void crlf() {
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
    }

    /**
     * Writes the chars of {@code s} as ISO-8859-1 bytes.
     *
     * @return the index of the first char above 0xFF (nothing after it written), or -1 when all fitted
     */
    int writeLatin1(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = bytes;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                size = p;
                return i;
            }
            b[p++] = (byte) c;
        }
        size = p;
        return -1;
    }

    /** Writes a non-negative decimal number. */
    void writeDecimal(long v) {
        if (v > Integer.MAX_VALUE) {
            writeLatin1(Long.toString(v));
            return;
        }
        int n = (int) v; // int division: lengths are nearly always small, and long division is slow
        int digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : stringSize(n);
        ensure(digits);
        byte[] b = bytes;
        int p = size + digits;
        do {
            b[--p] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        size += digits;
    }

    private static int stringSize(int n) {
        int digits = 1;
        for (int t = n; t >= 10; t /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative number in lower-case hex. */
    void writeHex(long v) {
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
        ensure(digits);
        int p = size + digits;
        long t = v;
        for (int i = 0; i < digits; i++) {
            int d = (int) (t & 0xF);
            bytes[--p] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
            t >>>= 4;
        }
        size += digits;
    }

    /** Returns a copy of the content, or the array itself when it is exactly full. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
