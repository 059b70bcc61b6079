package dev.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The bytes an {@link IOStream} received and nobody consumed yet, kept so that an idle stream holds no
 * buffer at all.
 *
 * <p>The socket is read into the loop's shared read buffer ({@link LoopBuffers#lendReadBuffer}), and the
 * bytes are consumed from there during the same event: a {@link StreamReader} parses them in place and a
 * futures read takes its result out of it. Only what is left when the event ends ({@link #settle()}) is
 * copied into a buffer the stream owns: a pooled {@link LoopBuffers#CHUNK_SIZE} chunk, or a heap buffer for
 * more (a large {@code readBytes}, a request body a codec waits for). The owned buffer goes back the moment
 * it is empty.
 *
 * <p>All buffers are in read mode: the unread bytes are {@code [position, limit)}. Loop only.
 */
final class ReadBuffer {
    private final LoopBuffers loopBuffers;
    private final int maxReadBufferBytes;
    /** The loop's read buffer while this stream holds it during one event; else null. Then owned is null. */
    private @Nullable ByteBuffer lent;
    /** Bytes kept between events; null whenever there are none. A pooled chunk or a heap buffer. */
    private @Nullable ByteBuffer owned;
    /** While a {@link StreamReader} looks at the buffer, it must stay where it is. */
    private boolean pinned;

    /**
     * @param loopBuffers the loop's buffers
     * @param maxReadBufferBytes the stream's limit, past which the stream closes; bounds how far a buffer grows
     */
    ReadBuffer(LoopBuffers loopBuffers, int maxReadBufferBytes) {
        this.loopBuffers = loopBuffers;
        this.maxReadBufferBytes = maxReadBufferBytes;
    }

    /** Returns the number of unread bytes. */
    int available() {
        ByteBuffer b = current();
        return b == null ? 0 : b.remaining();
    }

    private @Nullable ByteBuffer current() {
        return lent != null ? lent : owned;
    }

    /**
     * Reads from the transport, at most {@code space} bytes. The new bytes follow the unread ones. Call
     * {@link #settle()} when the event that read them is over.
     *
     * @return the number of bytes read, possibly 0, or -1 at the end of the stream
     * @throws IOException from the transport; the buffer is unchanged
     */
    int readFrom(Transport transport, int space) throws IOException {
        assert lent == null : "readFrom before settle";
        ByteBuffer shared = loopBuffers.lendReadBuffer(space);
        if (shared == null) {
            return readIntoOwned(transport, space);
        }
        int n;
        try {
            n = transport.read(shared);
        } catch (IOException | RuntimeException e) {
            loopBuffers.returnReadBuffer(shared);
            throw e;
        }
        shared.flip();
        if (n <= 0) {
            loopBuffers.returnReadBuffer(shared);
            return n;
        }
        if (owned == null) {
            lent = shared; // consumed in place; settle() keeps the rest
        } else {
            append(shared); // older bytes come first: the new ones join them
            loopBuffers.returnReadBuffer(shared);
        }
        return n;
    }

    /** Reads straight into the owned buffer: only when the loop's buffer is busy (a read nested in another). */
    private int readIntoOwned(Transport transport, int space) throws IOException {
        ByteBuffer b = ensureRoomAtEnd(space);
        int readStart = b.position();
        int at = b.limit();
        b.limit(at + space).position(at);
        try {
            return transport.read(b);
        } finally {
            b.limit(b.position()).position(readStart);
            releaseIfDrained();
        }
    }

    /**
     * Ends the event that {@link #readFrom} began: unread bytes still in the loop's buffer are copied into an
     * owned one, and the loop's buffer is given back. Safe to call when nothing is lent.
     */
    void settle() {
        ByteBuffer b = lent;
        if (b == null) {
            return;
        }
        lent = null;
        if (b.hasRemaining()) {
            append(b);
        }
        loopBuffers.returnReadBuffer(b);
    }

    /**
     * Returns the buffer with the unread bytes for a {@link StreamReader} to consume by moving its position,
     * and keeps it in place until {@link #endDelivery()}.
     *
     * @return the buffer, or null if nothing is unread
     */
    @Nullable
    ByteBuffer beginDelivery() {
        ByteBuffer b = current();
        if (b == null || !b.hasRemaining()) {
            return null;
        }
        pinned = true;
        return b;
    }

    /** Ends {@link #beginDelivery()}: what the reader consumed is gone, and an emptied owned buffer goes back. */
    void endDelivery() {
        pinned = false;
        releaseIfDrained();
    }

    /**
     * Removes and returns the first {@code n} unread bytes.
     *
     * @param n at most {@link #available()}
     */
    ByteString take(int n) {
        if (n == 0) {
            return ByteString.EMPTY;
        }
        ByteBuffer b = current();
        assert b != null && b.remaining() >= n;
        int p = b.position();
        ByteString result = ByteString.of(b.slice(p, n)); // copies
        b.position(p + n);
        releaseIfDrained();
        return result;
    }

    /**
     * Removes the first {@code n} unread bytes, copying them into {@code dst}.
     *
     * @param n at most {@link #available()} and {@code dst.remaining()}
     */
    void takeInto(ByteBuffer dst, int n) {
        if (n == 0) {
            return;
        }
        ByteBuffer b = current();
        assert b != null && b.remaining() >= n;
        int p = b.position();
        dst.put(b.slice(p, n));
        b.position(p + n);
        releaseIfDrained();
    }

    /**
     * Returns the unread bytes seen as ISO-8859-1 characters (one char per byte), without copying, for a regular
     * expression over bytes; valid until the buffer next changes.
     */
    CharSequence latin1View() {
        ByteBuffer b = current();
        return b == null ? "" : new Latin1View(b, b.position(), b.remaining());
    }

    /** Bytes as chars, 0..255. */
    private record Latin1View(ByteBuffer b, int start, int length) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (b.get(start + index) & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            if (from < 0 || to > length || from > to) {
                throw new IndexOutOfBoundsException(from + ".." + to);
            }
            return new Latin1View(b, start + from, to - from);
        }

        @Override
        public String toString() {
            char[] cs = new char[length];
            for (int i = 0; i < length; i++) {
                cs[i] = charAt(i);
            }
            return new String(cs);
        }
    }

    /**
     * Returns where {@code delimiter} first starts among the unread bytes, looking from offset {@code from}, or
     * -1 if it is not there.
     */
    int indexOf(int from, byte[] delimiter) {
        ByteBuffer b = current();
        if (b == null) {
            return -1;
        }
        int start = b.position() + from;
        int last = b.limit() - delimiter.length;
        byte first = delimiter[0];
        outer:
        for (int i = start; i <= last; i++) {
            if (b.get(i) != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (b.get(i + j) != delimiter[j]) {
                    continue outer;
                }
            }
            return i - b.position();
        }
        return -1;
    }

    /** Returns the capacity of the buffer this stream owns, 0 when it owns none. For tests. */
    int bytesHeld() {
        ByteBuffer b = owned;
        return b == null ? 0 : b.capacity();
    }

    /** Copies the remaining bytes of {@code src} after the unread ones in the owned buffer. */
    private void append(ByteBuffer src) {
        int len = src.remaining();
        ByteBuffer b = ensureRoomAtEnd(len);
        int at = b.limit();
        b.limit(at + len);
        b.put(at, src, src.position(), len);
        src.position(src.limit());
    }

    /**
     * Returns the owned buffer, in read mode, with at least {@code len} bytes free after its limit: as it is
     * if there is room, else compacted, else moved into a bigger one.
     */
    private ByteBuffer ensureRoomAtEnd(int len) {
        ByteBuffer b = owned;
        if (b == null) {
            b = allocate(len);
            b.limit(0);
            owned = b;
            return b;
        }
        if (b.capacity() - b.limit() >= len) {
            return b;
        }
        int unread = b.remaining();
        if (b.capacity() - unread >= len) {
            b.compact().flip();
            return b;
        }
        long doubled = Math.min(2L * b.capacity(), maxReadBufferBytes);
        long wanted = Math.max((long) unread + len, doubled);
        ByteBuffer bigger = allocate((int) Math.min(wanted, Integer.MAX_VALUE - 16));
        bigger.put(b).flip();
        recycle(b);
        owned = bigger;
        return bigger;
    }

    /** A pooled chunk when one is big enough, else heap: large leftovers are rare and should not pin memory. */
    private ByteBuffer allocate(int capacity) {
        return capacity <= LoopBuffers.CHUNK_SIZE ? loopBuffers.takeChunk() : ByteBuffer.allocate(capacity);
    }

    /**
     * Gives back an empty owned buffer; moves a few bytes left in a big heap buffer into a chunk, so that a
     * stream that once read a large body does not keep its buffer. Not while a reader looks at it.
     */
    private void releaseIfDrained() {
        ByteBuffer b = owned;
        if (b == null || pinned) {
            return;
        }
        int unread = b.remaining();
        if (unread == 0) {
            owned = null;
            recycle(b);
        } else if (unread <= LoopBuffers.CHUNK_SIZE && !LoopBuffers.isChunk(b)) {
            ByteBuffer chunk = loopBuffers.takeChunk();
            chunk.put(b).flip();
            owned = chunk;
        }
    }

    private void recycle(ByteBuffer b) {
        if (LoopBuffers.isChunk(b)) {
            loopBuffers.recycleChunk(b);
        }
    }
}
