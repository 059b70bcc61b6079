package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.awaitFailure;
import static dev.squall.net.NetFixture.bytes;
import static dev.squall.net.NetFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.net.NetFixture.Connection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class IOStreamTest extends NetFixtureTest {
    @Test
    void readUntilReturnsTheBytesUpToAndIncludingTheDelimiter() throws Exception {
        Connection c = net.connect();
        c.send("GET / HTTP/1.1\r\n\r\nrest");
        ByteString head = await(net.call(() -> c.stream().readUntil(utf8("\r\n\r\n"), 1024)));
        assertEquals("GET / HTTP/1.1\r\n\r\n", head.utf8());
        assertEquals("rest", await(net.call(() -> c.stream().readBytes(4))).utf8());
    }

    @Test
    void readUntilFindsADelimiterSplitAcrossSocketReads() throws Exception {
        try (NetFixture small = new NetFixture(IOStream.Options.DEFAULTS.withReadChunkBytes(4))) {
            Connection c = small.connect();
            CompletableFuture<ByteString> line = small.call(() -> c.stream().readUntil(utf8("\r\n"), 100));
            c.send("abc\r\ndef"); // read 4 bytes at a time: "abc\r" then "\ndef"
            assertEquals("abc\r\n", await(line).utf8());
            assertEquals("def", await(small.call(() -> c.stream().readBytes(3))).utf8());
        }
    }

    @Test
    void readUntilFindsADelimiterThatArrivesInSeparateSegments() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> line = net.call(() -> c.stream().readUntil(utf8("\r\n"), 100));
        c.send("abc\r");
        assertFalse(line.isDone(), "half a delimiter must not complete the read");
        c.send("\n");
        assertEquals("abc\r\n", await(line).utf8());
    }

    @Test
    void readUntilPastMaxBytesFailsWithUnsatisfiableReadAndCloses() throws Exception {
        Connection c = net.connect();
        c.send("0123456789abcdef");
        Throwable e = awaitFailure(net.call(() -> c.stream().readUntil(utf8("\r\n"), 8)));
        assertInstanceOf(UnsatisfiableReadException.class, e);
        assertTrue(e.getMessage().contains("maxBytes=8"), e.getMessage());
        await(c.stream().closeFuture());
        assertTrue(c.stream().isClosed());
    }

    @Test
    void readUntilWithTheDelimiterEndingPastMaxBytesFails() throws Exception {
        Connection c = net.connect();
        c.send("0123456\r\n");
        Throwable e = awaitFailure(net.call(() -> c.stream().readUntil(utf8("\r\n"), 8)));
        assertInstanceOf(UnsatisfiableReadException.class, e);
    }

    @Test
    void readBytesWaitsForExactlyThatMany() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> five = net.call(() -> c.stream().readBytes(5));
        c.send("ab");
        c.send("cdefg");
        assertEquals("abcde", await(five).utf8());
        assertEquals(
                "fg", await(net.call(() -> c.stream().readBytesPartial(100))).utf8());
    }

    @Test
    void readBytesOfZeroCompletesAtOnce() throws Exception {
        Connection c = net.connect();
        assertEquals(ByteString.EMPTY, await(net.call(() -> c.stream().readBytes(0))));
    }

    @Test
    void readBytesPartialReturnsWhatIsAvailableUpToMax() throws Exception {
        Connection c = net.connect();
        c.send("hello world");
        ByteString first = await(net.call(() -> c.stream().readBytesPartial(5)));
        assertEquals("hello", first.utf8());
        ByteString rest = await(net.call(() -> c.stream().readBytesPartial(1000)));
        assertEquals(" world", rest.utf8());
    }

    @Test
    void readUntilCloseReturnsEverythingWhenThePeerCloses() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> all = net.call(() -> c.stream().readUntilClose());
        c.send("one ");
        c.send("two");
        c.closePeer();
        assertEquals("one two", await(all).utf8());
        await(c.stream().closeFuture());
    }

    @Test
    void aSecondPendingReadIsRefused() throws Exception {
        Connection c = net.connect();
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, awaitFailure(net.call(() -> {
            c.stream().readBytes(10);
            return c.stream().readBytes(10);
        })));
        assertTrue(e.getMessage().contains("already pending"), e.getMessage());
    }

    @Test
    void readsCalledOffTheLoopCompleteOnTheLoop() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> read = c.stream().readBytes(3);
        CompletableFuture<Boolean> onLoop = read.thenApply(b -> net.loop.inEventLoop());
        c.send("xyz");
        // Wait on the dependent only: a thread blocked in get() on a future may run that future's dependents.
        assertTrue(await(onLoop));
        assertEquals("xyz", read.getNow(null).utf8());
    }

    @Test
    void writeSendsTheBytesAndItsFutureCompletes() throws Exception {
        Connection c = net.connect();
        await(net.call(() -> c.stream().write(bytes("hello "))));
        await(net.call(() -> c.stream().write(ByteBuffer.wrap(bytes("over ")))));
        await(net.call(() -> c.stream().write(utf8("there"))));
        assertEquals("hello over there", c.receiveText(16));
    }

    @Test
    void writeFutureWaitsUntilASlowPeerReads() throws Exception {
        Connection c = net.connect(64 * 1024);
        byte[] big = new byte[32 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        big[big.length - 1] = '!';
        CompletableFuture<Void> written = net.call(() -> c.stream().write(big));
        // The kernel cannot hold 32 MiB for a peer that is not reading: the write is still buffered.
        assertFalse(written.isDone(), "the write future completed although the peer read nothing");
        assertTrue(await(net.call(
                        () -> CompletableFuture.completedFuture(c.stream().writeBufferBytes())))
                > 0);
        byte[] received = c.receive(big.length);
        assertArrayEquals(big, received);
        await(written);
        assertTrue(await(
                net.call(() -> CompletableFuture.completedFuture(c.stream().isWriteBufferEmpty()))));
    }

    @Test
    void writePastMaxWriteBufferBytesFailsWithStreamBufferFull() throws Exception {
        try (NetFixture limited = new NetFixture(IOStream.Options.DEFAULTS.withMaxWriteBufferBytes(1024 * 1024))) {
            Connection c = limited.connect(64 * 1024);
            byte[] chunk = new byte[512 * 1024];
            // Keep writing without waiting until the buffer that the kernel cannot take exceeds the limit.
            Throwable e = awaitFailure(limited.call(() -> {
                CompletableFuture<Void> last;
                do {
                    last = c.stream().write(chunk);
                } while (!last.isCompletedExceptionally());
                return last;
            }));
            assertInstanceOf(StreamBufferFullException.class, e);
            assertTrue(e.getMessage().contains("maxWriteBufferBytes=1048576"), e.getMessage());
            assertFalse(c.stream().isClosed(), "a refused write leaves the stream open, as Tornado");
        }
    }

    @Test
    void flushCompletesWhenEnqueuedBytesReachedTheKernel() throws Exception {
        Connection c = net.connect();
        await(net.call(() -> {
            c.stream().enqueue(ByteBuffer.wrap(bytes("ab")));
            c.stream().enqueue(bytes("xcdx"), 1, 2);
            return c.stream().flush();
        }));
        assertEquals("abcd", c.receiveText(4));
    }

    @Test
    void enqueueOffTheLoopIsRefused() throws Exception {
        Connection c = net.connect();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> c.stream().enqueue(bytes("x"), 0, 1));
        assertTrue(e.getMessage().contains("must be called on loop"), e.getMessage());
    }

    @Test
    void closeFailsAPendingReadWithStreamClosed() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> read = net.call(() -> c.stream().readBytes(10));
        c.stream().close();
        Throwable e = awaitFailure(read);
        assertInstanceOf(StreamClosedException.class, e);
        assertTrue(e.getMessage().contains("closed locally"), e.getMessage());
        assertEquals(0, c.receiveAll().length, "the peer sees the connection end");
    }

    @Test
    void peerCloseFailsAPendingReadSayingThePeerClosed() throws Exception {
        Connection c = net.connect();
        CompletableFuture<ByteString> read = net.call(() -> c.stream().readBytes(10));
        c.send("abc");
        c.closePeer();
        Throwable e = awaitFailure(read);
        assertInstanceOf(StreamClosedException.class, e);
        assertTrue(e.getMessage().contains("peer closed"), e.getMessage());
    }

    @Test
    void writesOnAClosedStreamFail() throws Exception {
        Connection c = net.connect();
        c.stream().close();
        await(c.stream().closeFuture());
        assertInstanceOf(
                StreamClosedException.class,
                awaitFailure(net.call(() -> c.stream().write(bytes("x")))));
    }

    @Test
    void closeCallbackAndCloseFutureRunOnceOnTheLoop() throws Exception {
        Connection c = net.connect();
        List<Boolean> calls = new CopyOnWriteArrayList<>();
        net.run(() -> c.stream().setCloseCallback(() -> calls.add(net.loop.inEventLoop())));
        c.closePeer();
        net.run(() -> c.stream().readBytes(1)); // reading notices the end of the stream
        await(c.stream().closeFuture());
        c.stream().close();
        net.run(() -> {});
        assertEquals(List.of(true), calls);
        assertNull(await(
                net.call(() -> CompletableFuture.completedFuture(c.stream().closeError()))));
    }

    @Test
    void readBufferPastMaxReadBufferBytesClosesWithStreamBufferFull() throws Exception {
        try (NetFixture limited = new NetFixture(IOStream.Options.DEFAULTS.withMaxReadBufferBytes(1000))) {
            Connection c = limited.connect();
            CompletableFuture<ByteString> all = limited.call(() -> c.stream().readUntilClose());
            c.send(new byte[5000]);
            assertInstanceOf(StreamBufferFullException.class, awaitFailure(all));
            await(c.stream().closeFuture());
        }
    }

    @Test
    void addressesAreKnown() throws Exception {
        Connection c = net.connect();
        assertEquals(c.peer().getLocalPort(), c.stream().remoteAddress().getPort());
        assertEquals(net.server.port(), c.stream().localAddress().getPort());
        assertEquals(net.loop, c.stream().loop());
    }

    // ---------------------------------------------------------------------------------------------
    // StreamReader

    /** Records what a reader sees; consumes whole lines and answers each with "ok:<line>\n". */
    private static final class LineEcho implements StreamReader {
        final IOStream stream;
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        boolean consume = true;

        LineEcho(IOStream stream) {
            this.stream = stream;
        }

        @Override
        public void onData(ByteBuffer buffer) {
            events.add("data:" + StandardCharsets.UTF_8.decode(buffer.duplicate()));
            if (!consume) {
                return;
            }
            int start = buffer.position();
            for (int i = start; i < buffer.limit(); i++) {
                if (buffer.get(i) == '\n') {
                    byte[] line = new byte[i - start];
                    buffer.get(start, line);
                    stream.enqueue(bytes("ok:" + new String(line, StandardCharsets.UTF_8) + "\n"), 0, line.length + 4);
                    start = i + 1;
                    buffer.position(start);
                }
            }
            stream.flushNoWait();
        }

        @Override
        public void onClosed(Throwable cause) {
            events.add("closed:" + cause);
            closed.complete(cause);
        }
    }

    @Test
    void readerAnswersPipelinedRequestsOfOneBatchInOrder() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        net.run(() -> c.stream().setReader(reader));
        c.send("a\nbb\nccc\n");
        assertEquals("ok:a\nok:bb\nok:ccc\n", c.receiveText(18));
    }

    @Test
    void readerGetsUnconsumedBytesAgainFollowedByNewOnes() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        net.run(() -> c.stream().setReader(reader));
        c.send("par");
        c.send("tial\n");
        assertEquals("ok:partial\n", c.receiveText(11));
        assertEquals("data:partial\n", reader.events.getLast(), "unconsumed bytes come again before new ones");
    }

    @Test
    void readerSeesBufferedBytesThenCleanCloseWhenThePeerCloses() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        reader.consume = false;
        net.run(() -> c.stream().setReader(reader));
        c.send("last words");
        c.closePeer();
        assertNull(await(reader.closed));
        assertEquals("closed:null", reader.events.getLast());
        assertTrue(reader.events.contains("data:last words"), reader.events.toString());
    }

    @Test
    void bytesReceivedBeforeSetReaderAreDeliveredFirst() throws Exception {
        Connection c = net.connect();
        c.send("early\n");
        assertEquals("ea", await(net.call(() -> c.stream().readBytes(2))).utf8());
        LineEcho reader = new LineEcho(c.stream());
        net.run(() -> c.stream().setReader(reader));
        assertEquals("ok:rly\n", c.receiveText(7));
    }

    @Test
    void pausedReaderGetsNothingUntilResumedThenGetsBufferedBytesAgain() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        CompletableFuture<Void> seen = new CompletableFuture<>();
        StreamReader pausing = new StreamReader() {
            @Override
            public void onData(ByteBuffer buffer) {
                reader.events.add("data:" + StandardCharsets.UTF_8.decode(buffer.duplicate()));
                c.stream().pauseReading(); // consume nothing, stop
                seen.complete(null);
            }

            @Override
            public void onClosed(Throwable cause) {
                reader.onClosed(cause);
            }
        };
        net.run(() -> c.stream().setReader(pausing));
        c.send("one\n");
        await(seen);
        assertTrue(await(
                net.call(() -> CompletableFuture.completedFuture(c.stream().isReadingPaused()))));
        net.run(() -> {
            c.stream().setReader(reader);
            c.stream().resumeReading();
        });
        assertEquals("ok:one\n", c.receiveText(7));
        assertEquals(List.of("data:one\n", "data:one\n"), reader.events);
    }

    @Test
    void bufferedBytesAreDeliveredOnResumeBeforeThePeersClose() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        c.send("x\ny\n");
        c.shutdownOutput();
        await(net.call(() -> c.stream().readBytes(1))); // "x" read; "\ny\n" buffered; EOF not seen yet
        net.run(() -> {
            c.stream().setReader(reader);
            c.stream().pauseReading();
        });
        assertFalse(reader.closed.isDone());
        net.run(() -> c.stream().resumeReading());
        assertNull(await(reader.closed));
        assertEquals("ok:\nok:y\n", c.receiveText(9));
        assertEquals("closed:null", reader.events.getLast());
    }

    @Test
    void futuresReadsAreRefusedWhileAReaderIsSet() throws Exception {
        Connection c = net.connect();
        net.run(() -> c.stream().setReader(new LineEcho(c.stream())));
        IllegalStateException e = assertInstanceOf(
                IllegalStateException.class,
                awaitFailure(net.call(() -> c.stream().readBytes(1))));
        assertTrue(e.getMessage().contains("StreamReader"), e.getMessage());
    }

    @Test
    void aReaderThatThrowsClosesTheStreamWithItsException() throws Exception {
        Connection c = net.connect();
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        net.run(() -> c.stream().setReader(new StreamReader() {
            @Override
            public void onData(ByteBuffer buffer) {
                throw new IllegalArgumentException("bad bytes");
            }

            @Override
            public void onClosed(Throwable cause) {
                closed.complete(cause);
            }
        }));
        c.send("boom");
        assertEquals("bad bytes", await(closed).getMessage());
    }

    @Test
    void localCloseGivesTheReaderACleanClose() throws Exception {
        Connection c = net.connect();
        LineEcho reader = new LineEcho(c.stream());
        net.run(() -> c.stream().setReader(reader));
        c.stream().close();
        assertNull(await(reader.closed));
    }

    @Test
    void aReaderCanHandTheRestOfABatchToANewReader() throws Exception {
        Connection c = net.connect();
        LineEcho upgraded = new LineEcho(c.stream());
        StreamReader first = new StreamReader() {
            @Override
            public void onData(ByteBuffer buffer) {
                buffer.position(buffer.position() + "UPGRADE\n".length());
                c.stream().setReader(upgraded); // as an HTTP codec does on a WebSocket upgrade
            }

            @Override
            public void onClosed(Throwable cause) {}
        };
        net.run(() -> c.stream().setReader(first));
        c.send("UPGRADE\nhello\n");
        assertEquals("ok:hello\n", c.receiveText(9));
    }

    @Test
    void enqueuePastMaxWriteBufferBytesClosesTheStream() throws Exception {
        try (NetFixture limited = new NetFixture(IOStream.Options.DEFAULTS.withMaxWriteBufferBytes(1000))) {
            Connection c = limited.connect();
            limited.run(() -> {
                c.stream().enqueue(new byte[600], 0, 600);
                c.stream().enqueue(new byte[600], 0, 600); // no flush in between: 1200 > 1000
            });
            await(c.stream().closeFuture());
            Throwable cause = await(limited.call(
                    () -> CompletableFuture.completedFuture(c.stream().closeError())));
            assertInstanceOf(StreamBufferFullException.class, cause);
        }
    }
}
