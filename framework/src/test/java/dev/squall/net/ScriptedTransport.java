package dev.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** A transport for unit tests that hands out scripted byte arrays, one per read; -1 once they are used up. */
final class ScriptedTransport extends Transport.Unencrypted {
    final ArrayDeque<byte[]> reads = new ArrayDeque<>();
    IOException failure;

    void add(String s) {
        reads.add(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (failure != null) {
            throw failure;
        }
        byte[] next = reads.poll();
        if (next == null) {
            return -1;
        }
        dst.put(next);
        return next.length;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("reads only");
    }
}
