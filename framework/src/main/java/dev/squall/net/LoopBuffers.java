package dev.squall.net;

import dev.squall.loop.IOLoop;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The direct buffers that every stream of one {@link IOLoop} shares, so that an idle connection holds none:
 * <ul>
 *   <li>one socket read buffer, lent to one stream at a time for the length of a readiness event (bytes a
 *       stream cannot consume at once are copied out before it is handed back);</li>
 *   <li>a free-list of {@link #CHUNK_SIZE} direct chunks, which write buffers, left-over read bytes and TLS
 *       ciphertext take and give back when they drain. It holds at most {@link #MAX_POOLED_CHUNKS}: a burst that needs more
 *       allocates them and the surplus is left to the garbage collector, so the pool cannot grow without
 *       limit.</li>
 * </ul>
 *
 * <p>Loop-confined, no locks: used only by code running on the loop, which is either the loop's thread or a
 * coroutine's virtual thread holding the loop. That is why the buffers are found by loop ({@link #of}) and
 * not in a {@code ThreadLocal}: a coroutine thread must use its loop's buffers, not allocate its own.
 *
 * <p>Written by hand rather than taken from a pooled allocator: Netty's is the only well-kept one, Netty is
 * not a framework dependency, and one loop needs only a stack of equal chunks.
 */
final class LoopBuffers {
    /**
     * Size of a pooled chunk: 17 KiB, so that one holds a whole TLS record (16,709 bytes with the JDK's
     * {@code SSLEngine}) and TLS ciphertext buffers come from the same pool as write buffers and leftovers.
     */
    static final int CHUNK_SIZE = 17 * 1024;
    /** Most chunks a loop keeps for reuse: about 1 MiB of direct memory per loop. */
    static final int MAX_POOLED_CHUNKS = 64;

    /** Weak keys: the buffers of a closed loop go when the loop does. Read once per stream. */
    private static final Map<IOLoop, LoopBuffers> BY_LOOP = Collections.synchronizedMap(new WeakHashMap<>());

    private final ByteBuffer[] free = new ByteBuffer[MAX_POOLED_CHUNKS];
    private int freeCount;
    private long chunksAllocated;
    private @Nullable ByteBuffer readBuffer;
    private boolean readBufferLent;
    /**
     * The array a {@link WriteBuffer} hands its segments to the transport in, for one gathering write at a time
     * (shared: a stream would otherwise keep one while idle); emptied after each write.
     */
    final ByteBuffer[] gather = new ByteBuffer[WriteBuffer.MAX_GATHER];

    LoopBuffers() {}

    /**
     * Returns the buffers of {@code loop}, creating them on first use. Safe from any thread; the buffers
     * themselves are loop-confined.
     */
    static LoopBuffers of(IOLoop loop) {
        return BY_LOOP.computeIfAbsent(loop, l -> new LoopBuffers());
    }

    /** Returns a cleared direct chunk of {@link #CHUNK_SIZE} bytes, reused if the pool has one. */
    ByteBuffer takeChunk() {
        if (freeCount > 0) {
            ByteBuffer b = free[--freeCount];
            free[freeCount] = null;
            return b.clear();
        }
        chunksAllocated++;
        return ByteBuffer.allocateDirect(CHUNK_SIZE);
    }

    /**
     * Gives back a chunk from {@link #takeChunk()}; the caller must drop every reference to it. Kept if the pool
     * has room, else left to the garbage collector.
     */
    void recycleChunk(ByteBuffer chunk) {
        assert isChunk(chunk) : "not a pooled chunk: " + chunk;
        assert !isFree(chunk) : "chunk recycled twice";
        if (freeCount < MAX_POOLED_CHUNKS) {
            free[freeCount++] = chunk;
        }
    }

    /** Returns whether {@code b} has the shape of a pooled chunk (only chunks from {@link #takeChunk()} do). */
    static boolean isChunk(ByteBuffer b) {
        return b.isDirect() && !b.isReadOnly() && b.capacity() == CHUNK_SIZE;
    }

    private boolean isFree(ByteBuffer chunk) {
        for (int i = 0; i < freeCount; i++) {
            if (free[i] == chunk) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lends the loop's socket read buffer, cleared and limited to {@code space} bytes, until
     * {@link #returnReadBuffer}. The buffer grows (once, and stays) if a stream asks for more room than it has.
     *
     * @param space the room wanted
     * @return the buffer, or null if it is lent already (a stream reading from inside another's event); the
     *     caller then reads into a buffer of its own
     */
    @Nullable
    ByteBuffer lendReadBuffer(int space) {
        if (readBufferLent) {
            return null;
        }
        ByteBuffer b = readBuffer;
        if (b == null || b.capacity() < space) {
            b = ByteBuffer.allocateDirect(Math.max(space, IOStream.DEFAULT_READ_CHUNK_BYTES));
            readBuffer = b;
        }
        readBufferLent = true;
        return b.clear().limit(space);
    }

    /** Takes back the buffer from {@link #lendReadBuffer}; the borrower must keep no reference to it. */
    void returnReadBuffer(ByteBuffer b) {
        assert b == readBuffer && readBufferLent : "returning a read buffer that was not lent";
        b.clear();
        readBufferLent = false;
    }

    /** Returns how many chunks wait in the pool. For tests. */
    int pooledChunks() {
        return freeCount;
    }

    /** Returns how many chunks this pool ever allocated. For tests. */
    long chunksAllocated() {
        return chunksAllocated;
    }
}
