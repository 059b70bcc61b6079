package dev.squall.http;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A heap copy of a read batch's unread bytes, for parsing request heads: per-byte work on an array is several
 * times cheaper than on a direct buffer, and a bulk copy per batch costs little. The copy usually lives in the
 * loop's context (one array per loop, lent to one connection at a time) and is valid during one
 * {@code onData} call, since the stream may reuse its buffer afterwards. Loop thread only.
 */
final class HeadMirror {
    /** How much of a read batch is copied to the heap for head parsing at first. */
    static final int CHUNK_BYTES = 16 * 1024;

    private final LoopContext ctx;
    private @Nullable ByteBuffer mirror;
    private int base;
    private boolean owned;

    HeadMirror(LoopContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Returns a heap copy of {@code buf}'s unread bytes (the first {@link #CHUNK_BYTES}, or all with
     * {@code whole}), positioned where {@code buf} is; reuses the current copy while it covers the position.
     */
    ByteBuffer of(ByteBuffer buf, boolean whole) {
        ByteBuffer m = mirror;
        int pos = buf.position();
        if (m == null || whole || pos >= base + m.limit()) {
            int n = whole ? buf.remaining() : Math.min(buf.remaining(), CHUNK_BYTES);
            if (!owned && ctx.mirrorInUse) {
                m = ByteBuffer.allocate(n); // another connection's batch is being read further up the stack
            } else {
                ctx.mirrorInUse = true;
                owned = true;
                m = ctx.mirrorBuffer;
                if (m.capacity() < n) {
                    m = ByteBuffer.allocate(Math.max(n, m.capacity() * 2));
                    ctx.mirrorBuffer = m;
                }
                m.clear().limit(n);
            }
            buf.get(pos, m.array(), 0, n);
            mirror = m;
            base = pos;
        }
        m.position(pos - base);
        return m;
    }

    /** Moves {@code buf}'s position to where parsing the copy {@code m} got to. */
    void sync(ByteBuffer buf, ByteBuffer m) {
        buf.position(base + m.position());
    }

    /** Forgets the copy at the end of a read batch, giving the loop's array back. */
    void release() {
        mirror = null;
        if (owned) {
            owned = false;
            ctx.mirrorInUse = false;
        }
    }
}
