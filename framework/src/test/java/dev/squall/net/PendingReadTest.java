package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** {@link PendingRead} completing reads from a {@link ReadBuffer} fed by a scripted transport. */
class PendingReadTest {
    private final ReadBuffer buffer = new ReadBuffer(new LoopBuffers(), IOStream.DEFAULT_MAX_READ_BUFFER_BYTES);
    private final ScriptedTransport transport = new ScriptedTransport();
    private UnsatisfiableReadException unsatisfiable;
    private final PendingRead read = new PendingRead("test-stream", e -> unsatisfiable = e);

    private void receive(String s) throws IOException {
        transport.add(s);
        buffer.readFrom(transport, 1024);
        buffer.settle();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void untilWaitsForADelimiterThatArrivesInPieces() throws Exception {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.UNTIL, ascii("\r\n"), 100);
        receive("abc\r");
        assertFalse(read.tryComplete(buffer));
        receive("\nrest");
        assertTrue(read.tryComplete(buffer));
        assertEquals("abc\r\n", f.get().utf8());
        assertEquals(4, buffer.available(), "the bytes after the delimiter stay unread");
        assertFalse(read.isPending());
    }

    @Test
    void untilWithoutTheDelimiterWithinMaxBytesFailsAndAsksToClose() throws Exception {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.UNTIL, ascii("\n"), 4);
        receive("12345");
        assertTrue(read.tryComplete(buffer));
        Throwable e = failure(f);
        assertSame(unsatisfiable, e);
        assertTrue(e.getMessage().contains("maxBytes=4") && e.getMessage().contains("test-stream"), e.getMessage());
    }

    @Test
    void bytesWaitsForTheWholeCount() throws Exception {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.BYTES, null, 5);
        receive("abc");
        assertFalse(read.tryComplete(buffer));
        receive("defg");
        assertTrue(read.tryComplete(buffer));
        assertEquals("abcde", f.get().utf8());
    }

    @Test
    void partialTakesWhatIsThereUpToItsMaximum() throws Exception {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.PARTIAL, null, 3);
        assertFalse(read.tryComplete(buffer), "nothing buffered: a partial read waits for one byte");
        receive("abcdef");
        assertTrue(read.tryComplete(buffer));
        assertEquals("abc", f.get().utf8());
    }

    @Test
    void aContinuationMayStartTheNextReadAtOnce() throws Exception {
        receive("one\ntwo\n");
        CompletableFuture<ByteString> second = new CompletableFuture<>();
        read.start(PendingRead.Kind.UNTIL, ascii("\n"), 100).thenAccept(line -> {
            read.start(PendingRead.Kind.UNTIL, ascii("\n"), 100).thenAccept(second::complete);
            read.tryComplete(buffer);
        });
        assertTrue(read.tryComplete(buffer));
        assertEquals("two\n", second.get().utf8());
    }

    @Test
    void untilCloseGetsEverythingAtACleanClose() throws Exception {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.UNTIL_CLOSE, null, 0);
        receive("all ");
        receive("of it");
        assertFalse(read.tryComplete(buffer));
        read.finishAtClose(buffer, true, () -> new StreamClosedException("closed"));
        assertEquals("all of it", f.get().utf8());
    }

    @Test
    void aReadStillWaitingFailsAtCloseWithTheClosedError() {
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.BYTES, null, 10);
        StreamClosedException closed = new StreamClosedException("closed by the peer");
        read.finishAtClose(buffer, true, () -> closed);
        assertSame(closed, failure(f));
        assertNull(read.kind());
    }

    @Test
    void aReadWhoseBytesAreBufferedCompletesEvenAtClose() throws Exception {
        receive("done");
        CompletableFuture<ByteString> f = read.start(PendingRead.Kind.BYTES, null, 4);
        read.finishAtClose(buffer, false, () -> new StreamClosedException("reset"));
        assertEquals("done", f.get().utf8());
    }
}
