package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ReadBuffer} against a scripted transport: where the bytes live between and during events. */
class ReadBufferTest {
    private final LoopBuffers loopBuffers = new LoopBuffers();
    private final ReadBuffer buffer = new ReadBuffer(loopBuffers, IOStream.DEFAULT_MAX_READ_BUFFER_BYTES);
    private final ScriptedTransport transport = new ScriptedTransport();

    private String takeAll() {
        return buffer.take(buffer.available()).utf8();
    }

    /** One readiness event: a socket read, then the bytes left unread are settled into the stream's own chunk. */
    private void readEvent() throws IOException {
        buffer.readFrom(transport, 1024);
        buffer.settle();
    }

    @Test
    void bytesConsumedDuringTheEventNeverLeaveTheLoopsBuffer() throws IOException {
        transport.add("whole message");
        assertEquals(13, buffer.readFrom(transport, 1024));
        assertEquals("whole message", takeAll());
        buffer.settle();
        assertEquals(0, buffer.bytesHeld());
        assertEquals(0, loopBuffers.chunksAllocated());
    }

    @Test
    void bytesLeftAtTheEndOfTheEventMoveIntoAChunkAndFollowedByNewOnes() throws IOException {
        transport.add("par");
        transport.add("tial");
        readEvent();
        assertEquals(LoopBuffers.CHUNK_SIZE, buffer.bytesHeld());
        readEvent();
        assertEquals("partial", takeAll());
        assertEquals(0, buffer.bytesHeld());
        assertEquals(1, loopBuffers.pooledChunks(), "the emptied chunk went back to the loop");
    }

    @Test
    void theLoopsBufferIsFreeAgainAfterSettle() throws IOException {
        transport.add("abc");
        buffer.readFrom(transport, 1024);
        assertNull(loopBuffers.lendReadBuffer(1024), "lent to the stream during its event");
        buffer.settle();
        ByteBuffer again = loopBuffers.lendReadBuffer(1024);
        assertNotNull(again);
        loopBuffers.returnReadBuffer(again);
    }

    @Test
    void aReadNestedInAnotherStreamsEventUsesABufferOfItsOwn() throws IOException {
        ByteBuffer busy = loopBuffers.lendReadBuffer(1024); // another stream is in its event
        transport.add("nested");
        assertEquals(6, buffer.readFrom(transport, 1024));
        assertEquals("nested", takeAll());
        assertEquals(0, buffer.bytesHeld());
        loopBuffers.returnReadBuffer(busy);
    }

    @Test
    void aTransportErrorGivesTheLoopsBufferBack() {
        transport.failure = new IOException("reset");
        assertThrows(IOException.class, () -> buffer.readFrom(transport, 1024));
        ByteBuffer free = loopBuffers.lendReadBuffer(1024);
        assertNotNull(free);
        loopBuffers.returnReadBuffer(free);
    }

    @Test
    void theEndOfTheStreamLeavesNothingLent() throws IOException {
        assertEquals(-1, buffer.readFrom(transport, 1024));
        ByteBuffer free = loopBuffers.lendReadBuffer(1024);
        assertNotNull(free);
        loopBuffers.returnReadBuffer(free);
    }

    @Test
    void moreThanAChunkOfLeftoversGoesToTheHeapAndBackToAChunkOnceMostlyRead() throws IOException {
        byte[] big = new byte[3 * LoopBuffers.CHUNK_SIZE];
        Arrays.fill(big, (byte) 'x');
        transport.reads.add(big);
        buffer.readFrom(transport, big.length);
        buffer.settle();
        assertTrue(buffer.bytesHeld() >= big.length);
        buffer.take(big.length - 10);
        assertEquals(LoopBuffers.CHUNK_SIZE, buffer.bytesHeld(), "10 bytes left: kept in a chunk, not the big buffer");
        assertEquals("xxxxxxxxxx", takeAll());
        assertEquals(0, buffer.bytesHeld());
    }

    @Test
    void aBufferAReaderLooksAtStaysInPlaceUntilTheDeliveryEnds() throws IOException {
        transport.add("one");
        transport.add("two");
        readEvent();
        buffer.readFrom(transport, 1024);
        ByteBuffer seen = buffer.beginDelivery();
        assertNotNull(seen);
        assertEquals("onetwo", buffer.take(6).utf8()); // e.g. a futures read started from inside onData
        assertEquals(LoopBuffers.CHUNK_SIZE, buffer.bytesHeld(), "the reader still holds the buffer");
        buffer.endDelivery();
        assertEquals(0, buffer.bytesHeld());
        assertFalse(seen.hasRemaining());
        buffer.settle();
    }

    @Test
    void indexOfFindsTheDelimiterFromAnOffset() throws IOException {
        transport.add("a\r\nb\r\n");
        buffer.readFrom(transport, 1024);
        byte[] crlf = {'\r', '\n'};
        assertEquals(1, buffer.indexOf(0, crlf));
        assertEquals(4, buffer.indexOf(2, crlf));
        assertEquals(-1, buffer.indexOf(5, crlf));
        buffer.settle();
    }
}
