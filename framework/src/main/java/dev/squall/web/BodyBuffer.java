package dev.squall.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import okio.ByteString;

/**
 * The response body written so far and not yet flushed: a growable byte array. The first chunk that the
 * handler itself encoded (a string, JSON) is adopted without copying, so a one-write response copies its
 * bytes once, into the socket buffer.
 */
final class BodyBuffer {
    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** SHA-1 digests per loop thread: getInstance() costs a provider lookup, reset() costs nothing. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which every Java platform must provide", e);
        }
    });

    private byte[] bytes = EMPTY;
    private int size;
    /** Whether {@link #bytes} is an adopted array that must be copied before it is grown or written into. */
    private boolean adopted;

    int size() {
        return size;
    }

    /** Appends a copy of {@code data}. */
    void append(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        ensureWritable(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    void append(ByteString data) {
        int length = data.size();
        if (length == 0) {
            return;
        }
        ensureWritable(length);
        data.copyInto(0, bytes, size, length);
        size += length;
    }

    /** Appends {@code data}, taking ownership of the array: the caller must not touch it again. */
    void adopt(byte[] data) {
        if (size == 0) {
            bytes = data;
            size = data.length;
            adopted = true;
        } else {
            append(data, 0, data.length);
        }
    }

    private void ensureWritable(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("response body over 2 GiB; stream it with flush() instead");
        }
        if (needed > bytes.length || adopted) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(256, bytes.length * 2)));
            adopted = false;
        }
    }

    /** Removes and returns the content (without copying when the array is exactly full). */
    byte[] take() {
        byte[] out = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        bytes = EMPTY;
        size = 0;
        adopted = false;
        return out;
    }

    void clear() {
        bytes = EMPTY;
        size = 0;
        adopted = false;
    }

    /** Returns the SHA-1 of the content as 40 lowercase hex digits. */
    String sha1Hex() {
        MessageDigest md = SHA1.get();
        md.reset();
        md.update(bytes, 0, size);
        byte[] digest = md.digest();
        char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex);
    }
}
