package dev.squall.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The bytes an {@link IOStream} has been given but not yet handed to the kernel: a queue of segments,
 * written with one gathering write.
 *
 * <p>Small writes are copied into direct chunks taken from the loop's {@link LoopBuffers} and appended to, so
 * a pipelined batch of small responses becomes one or two segments; a chunk goes back to the loop as soon as
 * it drains, so an idle stream holds none. Large copied writes go into one heap segment of their own (a large
 * direct allocation costs more than the JDK's copy), and immutable large segments (an Okio
 * {@code ByteString}) are queued without copying. Loop only.
 */
final class WriteBuffer {
    /** Copied writes larger than this get a heap segment of their own instead of chunks. */
    static final int LARGE_COPY = 64 * 1024;
    /** Segments handed to one gathering write (the length of {@link LoopBuffers#gather}). */
    static final int MAX_GATHER = 16;

    private final LoopBuffers loopBuffers;
    /** Small at first: a batch of small responses is one or two segments, and an idle stream keeps the deque. */
    private final ArrayDeque<ByteBuffer> segments = new ArrayDeque<>(2);
    /** The chunk new small writes append to, when it is the last segment; else null. */
    private @Nullable ByteBuffer tail;

    private long size;
    /** Parts of files queued between the segments (each stands in {@code segments} as its marker); lazily made. */
    private @Nullable ArrayDeque<FileRegion> regions;

    WriteBuffer(LoopBuffers loopBuffers) {
        this.loopBuffers = loopBuffers;
    }

    /** Returns the number of bytes queued. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0 && (regions == null || regions.isEmpty());
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code position} after everything appended so far; they
     * are not read into memory here. {@link #size()} does not count them (they are on disk, not in the heap).
     */
    void appendFile(FileChannel file, long position, long count) {
        if (count <= 0) {
            return;
        }
        ArrayDeque<FileRegion> r = regions;
        if (r == null) {
            r = new ArrayDeque<>(2);
            regions = r;
        }
        FileRegion region = new FileRegion(file, position, count);
        r.add(region);
        segments.add(region.marker);
        tail = null;
    }

    private @Nullable ByteBuffer nextMarker() {
        ArrayDeque<FileRegion> r = regions;
        FileRegion first = r == null ? null : r.peek();
        return first == null ? null : first.marker;
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
        // Read-only, so that it can never be taken for one of the loop's chunks when it drains.
        segments.add(immutable.isReadOnly() ? immutable : immutable.asReadOnlyBuffer());
        tail = null;
    }

    private ByteBuffer appendableTail() {
        ByteBuffer t = tail;
        if (t != null && t.limit() < t.capacity()) {
            return t;
        }
        t = loopBuffers.takeChunk();
        t.limit(0);
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
            ByteBuffer marker = nextMarker();
            if (marker != null && segments.peek() == marker) {
                ArrayDeque<FileRegion> r = regions;
                assert r != null;
                FileRegion region = r.element();
                long n = region.sendTo(transport);
                total += n;
                if (region.remaining > 0) {
                    break; // the socket (or the TLS layer) is full for now
                }
                r.poll();
                segments.poll();
                continue;
            }
            int count = 0;
            long offered = 0;
            ByteBuffer[] gather = loopBuffers.gather;
            for (ByteBuffer b : segments) {
                if (b == marker) {
                    break; // bytes after a file region wait for it
                }
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
        ByteBuffer marker = nextMarker();
        while ((head = segments.peek()) != null && !head.hasRemaining() && head != marker) {
            segments.poll();
            if (head == tail) {
                tail = null;
            }
            if (LoopBuffers.isChunk(head)) {
                loopBuffers.recycleChunk(head);
            }
        }
    }

    /**
     * Drops every queued byte.
     *
     * @param onLoop whether the caller runs on the loop, so that the chunks may go back to its pool (a stream
     *     closed after its loop closed just lets them go)
     */
    void clear(boolean onLoop) {
        ByteBuffer b;
        while ((b = segments.poll()) != null) {
            if (onLoop && LoopBuffers.isChunk(b)) {
                loopBuffers.recycleChunk(b);
            }
        }
        tail = null;
        size = 0;
        regions = null;
    }

    /** Returns the bytes of the loop's chunks this buffer holds; 0 once drained. For tests. */
    long chunkBytesHeld() {
        long n = 0;
        for (ByteBuffer b : segments) {
            if (LoopBuffers.isChunk(b)) {
                n += b.capacity();
            }
        }
        return n;
    }
    /**
     * A part of a file waiting to be sent. On a plain socket the kernel sends it from the page cache
     * ({@link Transport#transferFrom}); through TLS it is read in pieces of at most {@link #STAGING} bytes into
     * one staging buffer, which lives only while the region is being sent.
     */
    private static final class FileRegion {
        static final int STAGING = 64 * 1024;
        /** Stands for this region in the segment queue: empty, and never one of the loop's chunks. */
        final ByteBuffer marker = ByteBuffer.allocate(0).asReadOnlyBuffer();

        final FileChannel file;
        /** The next byte to send (plain) or to read into the staging buffer (TLS). */
        long position;
        /** Bytes not yet taken by the transport. */
        long remaining;
        /** Read but not yet sent (TLS only). */
        private @Nullable ByteBuffer staging;

        private final ByteBuffer[] one = new ByteBuffer[1];

        FileRegion(FileChannel file, long position, long count) {
            this.file = file;
            this.position = position;
            this.remaining = count;
        }

        /** Sends what the transport takes now; returns how many bytes it took. */
        long sendTo(Transport transport) throws IOException {
            long total = 0;
            while (remaining > 0) {
                long n = transport.supportsFileTransfer()
                        ? transport.transferFrom(file, position, remaining)
                        : copyTo(transport);
                if (n <= 0) {
                    if (transport.supportsFileTransfer() && position >= file.size()) {
                        throw new EOFException("the file shrank while it was being sent: " + remaining
                                + " bytes were still to go at offset " + position);
                    }
                    break;
                }
                if (transport.supportsFileTransfer()) {
                    position += n;
                }
                remaining -= n;
                total += n;
            }
            if (remaining == 0) {
                staging = null;
            }
            return total;
        }

        private long copyTo(Transport transport) throws IOException {
            ByteBuffer st = staging;
            if (st == null || !st.hasRemaining()) {
                if (st == null) {
                    st = ByteBuffer.allocate((int) Math.min(STAGING, remaining));
                    staging = st;
                }
                st.clear();
                st.limit((int) Math.min(st.capacity(), remaining));
                while (st.hasRemaining()) {
                    int r = file.read(st, position);
                    if (r < 0) {
                        throw new EOFException("the file shrank while it was being sent: " + remaining
                                + " bytes were still to go at offset " + position);
                    }
                    position += r;
                }
                st.flip();
            }
            one[0] = st;
            long n = transport.write(one, 0, 1);
            one[0] = null;
            return n;
        }
    }
}
