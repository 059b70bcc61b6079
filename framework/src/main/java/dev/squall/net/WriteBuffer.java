package dev.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bytes an {@link IOStream} has been given but not yet handed to the kernel: a queue of segments,
 * written with one gathering write.
 *
 * <p>Small writes are copied into direct chunks that the buffer owns and appends to, so a pipelined batch of
 * small responses becomes one or two segments; a drained chunk is kept for reuse. Large copied writes go into
 * one heap segment of their own (a large direct allocation costs more than the JDK's copy), and immutable
 * large segments (an Okio {@code ByteString}) are queued without copying. Loop thread only.
 */
final class WriteBuffer {
    /** Size of an owned direct chunk. */
    static final int CHUNK_SIZE = 16 * 1024;
    /** Copied writes larger than this get a heap segment of their own instead of chunks. */
    static final int LARGE_COPY = 64 * 1024;
    /** Segments handed to one gathering write. */
    private static final int MAX_GATHER = 16;

    private final ArrayDeque<ByteBuffer> segments = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    /** The owned chunk new small writes append to, when it is the last segment; else null. */
    private ByteBuffer tail;
    /** A drained owned chunk kept for reuse, or null. */
    private ByteBuffer spare;
    private long size;

    /** Returns the number of bytes queued. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Copies {@code src[off, off + len)} into the buffer. */
    void append(byte[] src, int off, int len) {
        if (len <= 0) {
            return;
        }
        size += len;
        if (len > LARGE_COPY) {
            ByteBuffer copy = ByteBuffer.allocate(len);
            copy.put(0, src, off, len);
            segments.add(copy);
            tail = null;
            return;
        }
        while (len > 0) {
            ByteBuffer t = appendableTail();
            int n = Math.min(len, t.capacity() - t.limit());
            int at = t.limit();
            t.limit(at + n);
            t.put(at, src, off, n);
            off += n;
            len -= n;
        }
    }

    /** Copies the remaining bytes of {@code src} into the buffer, advancing its position to its limit. */
    void append(ByteBuffer src) {
        int len = src.remaining();
        if (len == 0) {
            return;
        }
        size += len;
        if (len > LARGE_COPY) {
            ByteBuffer copy = ByteBuffer.allocate(len);
            copy.put(src);
            copy.flip();
            segments.add(copy);
            tail = null;
            return;
        }
        while (src.hasRemaining()) {
            ByteBuffer t = appendableTail();
            int n = Math.min(src.remaining(), t.capacity() - t.limit());
            int at = t.limit();
            t.limit(at + n);
            t.put(at, src, src.position(), n);
            src.position(src.position() + n);
        }
    }

    /** Queues an immutable buffer without copying it. The caller must never change its bytes. */
    void appendShared(ByteBuffer immutable) {
        int len = immutable.remaining();
        if (len == 0) {
            return;
        }
        size += len;
        segments.add(immutable);
        tail = null;
    }

    private ByteBuffer appendableTail() {
        ByteBuffer t = tail;
        if (t != null && t.limit() < t.capacity()) {
            return t;
        }
        t = spare;
        spare = null;
        if (t == null) {
            t = ByteBuffer.allocateDirect(CHUNK_SIZE);
        }
        t.clear().limit(0);
        segments.add(t);
        tail = t;
        return t;
    }

    /**
     * Writes as much as the transport takes.
     *
     * @return the number of bytes written
     */
    long writeTo(Transport transport) throws IOException {
        long total = 0;
        while (!segments.isEmpty()) {
            int count = 0;
            long offered = 0;
            for (ByteBuffer b : segments) {
                gather[count++] = b;
                offered += b.remaining();
                if (count == MAX_GATHER) {
                    break;
                }
            }
            long n = transport.write(gather, 0, count);
            for (int i = 0; i < count; i++) {
                gather[i] = null;
            }
            if (n > 0) {
                total += n;
                size -= n;
                dropDrained();
            }
            if (n < offered) {
                break; // the kernel (or the TLS layer) took less than offered: it is full for now
            }
        }
        return total;
    }

    private void dropDrained() {
        ByteBuffer head;
        while ((head = segments.peek()) != null && !head.hasRemaining()) {
            segments.poll();
            if (head == tail) {
                tail = null;
            }
            if (head.isDirect() && head.capacity() == CHUNK_SIZE) {
                spare = head; // an owned chunk: reuse it for the next small write
            }
        }
    }

    /** Drops every queued byte and the owned chunks. */
    void clear() {
        segments.clear();
        tail = null;
        spare = null;
        size = 0;
    }
}
