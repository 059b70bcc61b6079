package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.bytes;
import static dev.squall.net.NetFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.net.NetFixture.Connection;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** An idle connection holds no buffer: everything it used goes back to its loop's {@link LoopBuffers}. */
class IdleStreamMemoryTest extends NetFixtureTest {
    private <T> T onLoop(Supplier<T> query) {
        return await(net.call(() -> CompletableFuture.completedFuture(query.get())));
    }

    private long held(Connection c) {
        return onLoop(() -> c.stream().bufferBytesHeld());
    }

    private LoopBuffers loopBuffers() {
        return LoopBuffers.of(net.loop);
    }

    @Test
    void aStreamWhoseWritesDrainedHoldsNoChunk() throws Exception {
        Connection c = net.connect();
        await(net.call(() -> c.stream().write(bytes("hello"))));
        assertEquals("hello", c.receiveText(5));
        assertEquals(0, held(c));
        assertEquals(1, onLoop(() -> loopBuffers().pooledChunks()), "the drained chunk went back to the loop");
    }

    @Test
    void aDrainedChunkIsReusedByTheNextStreamOnTheSameLoop() throws Exception {
        Connection a = net.connect();
        Connection b = net.connect();
        await(net.call(() -> a.stream().write(bytes("to a"))));
        await(net.call(() -> b.stream().write(bytes("to b"))));
        await(net.call(() -> {
            a.stream().enqueue(bytes("and a again"), 0, 11);
            return a.stream().flush();
        }));
        assertEquals("to aand a again", a.receiveText(15));
        assertEquals("to b", b.receiveText(4));
        assertEquals(1, onLoop(() -> loopBuffers().chunksAllocated()), "three writes on two streams, one chunk");
    }

    @Test
    void aWriteTheKernelCannotTakeYetHoldsItsChunksUntilItDrainsAndThePoolStaysBounded() throws Exception {
        Connection c = net.connect(64 * 1024);
        byte[] piece = new byte[4096];
        int pieces = 4096; // 16 MiB: more than the kernel holds for a peer that is not reading
        CompletableFuture<Void> written = net.call(() -> {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < pieces; i++) {
                last = c.stream().write(piece); // small writes: copied into the loop's chunks
            }
            return last;
        });
        assertTrue(held(c) > 0, "bytes the kernel has not taken stay in the stream's chunks");
        c.receive(piece.length * pieces);
        await(written);
        assertEquals(0, held(c));
        assertEquals(
                LoopBuffers.MAX_POOLED_CHUNKS,
                onLoop(() -> loopBuffers().pooledChunks()),
                "hundreds of chunks drained; the loop keeps only its bound");
    }

    @Test
    void aFuturesReadThatTookEveryByteLeavesTheStreamHoldingNothing() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> line = net.call(() -> c.stream().readUntil(utf8("\r\n"), 100));
        c.send("GET / HTTP/1.1\r\n");
        assertEquals("GET / HTTP/1.1\r\n", await(line).utf8());
        assertEquals(0, held(c));
    }

    @Test
    void unreadBytesAreKeptInOneChunkUntilTheNextReadTakesThem() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> line = net.call(() -> c.stream().readUntil(utf8("\r\n"), 100));
        c.send("first\r\nsecond");
        assertEquals("first\r\n", await(line).utf8());
        assertEquals(LoopBuffers.CHUNK_SIZE, held(c), "'second' waits in a chunk of the loop's pool");
        assertEquals("second", await(net.call(() -> c.stream().readBytes(6))).utf8());
        assertEquals(0, held(c));
    }

    @Test
    void aLargeReadDoesNotLeaveItsBigBufferBehind() throws Exception {
        Connection c = net.connect();
        byte[] body = new byte[1024 * 1024 + 4];
        Arrays.fill(body, (byte) 'b');
        System.arraycopy(bytes("next"), 0, body, body.length - 4, 4);
        CompletableFuture<ByteString> read = net.call(() -> c.stream().readBytes(1024 * 1024));
        c.send(body);
        assertEquals(1024 * 1024, await(read).size());
        long held = held(c);
        assertTrue(held <= LoopBuffers.CHUNK_SIZE, "a few left-over bytes must not keep a 1 MiB buffer: " + held);
        assertEquals("next", await(net.call(() -> c.stream().readBytes(4))).utf8());
        assertEquals(0, held(c));
    }

    /** Consumes whole lines, leaves a partial one, and says when it has seen {@code expected} lines. */
    private static final class LineCounter implements StreamReader {
        final CompletableFuture<Void> seen = new CompletableFuture<>();
        final int expected;
        int lines;

        LineCounter(int expected) {
            this.expected = expected;
        }

        @Override
        public void onData(ByteBuffer buffer) {
            for (int i = buffer.position(); i < buffer.limit(); i++) {
                if (buffer.get(i) == '\n') {
                    buffer.position(i + 1);
                    lines++;
                }
            }
            if (lines >= expected) {
                seen.complete(null);
            }
        }

        @Override
        public void onClosed(Throwable cause) {}
    }

    @Test
    void aReaderThatConsumedEverythingLeavesTheStreamHoldingNothing() throws Exception {
        Connection c = net.connect();
        LineCounter reader = new LineCounter(2);
        net.run(() -> c.stream().setReader(reader));
        c.send("one\ntwo\n");
        await(reader.seen);
        assertEquals(0, held(c));
    }

    @Test
    void bytesAReaderLeavesAreKeptOnlyUntilItConsumesThem() throws Exception {
        Connection c = net.connect();
        LineCounter first = new LineCounter(1);
        net.run(() -> c.stream().setReader(first));
        c.send("one\ntw");
        await(first.seen);
        assertEquals(LoopBuffers.CHUNK_SIZE, held(c), "the partial line waits in a chunk");
        LineCounter second = new LineCounter(1);
        net.run(() -> c.stream().setReader(second));
        c.send("o\n");
        await(second.seen);
        assertEquals(0, held(c));
    }
}
