package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopBuffersTest {

    @Test
    void aRecycledChunkIsTheNextOneTaken() {
        LoopBuffers buffers = new LoopBuffers();
        ByteBuffer chunk = buffers.takeChunk();
        chunk.put((byte) 1);
        buffers.recycleChunk(chunk);
        ByteBuffer again = buffers.takeChunk();
        assertSame(chunk, again);
        assertEquals(0, again.position(), "a chunk comes back cleared");
        assertEquals(LoopBuffers.CHUNK_SIZE, again.limit());
        assertEquals(1, buffers.chunksAllocated());
    }

    @Test
    void thePoolKeepsAtMostItsBoundOfChunks() {
        LoopBuffers buffers = new LoopBuffers();
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < LoopBuffers.MAX_POOLED_CHUNKS * 3; i++) {
            taken.add(buffers.takeChunk());
        }
        taken.forEach(buffers::recycleChunk);
        assertEquals(LoopBuffers.MAX_POOLED_CHUNKS, buffers.pooledChunks());
    }

    @Test
    void chunksAreDirectAndOfTheChunkSize() {
        ByteBuffer chunk = new LoopBuffers().takeChunk();
        assertTrue(chunk.isDirect());
        assertEquals(LoopBuffers.CHUNK_SIZE, chunk.capacity());
        assertTrue(LoopBuffers.isChunk(chunk));
    }

    @Test
    void theReadBufferIsLentToOneBorrowerAtATime() {
        LoopBuffers buffers = new LoopBuffers();
        ByteBuffer lent = buffers.lendReadBuffer(1000);
        assertNotNull(lent);
        assertEquals(1000, lent.remaining());
        assertNull(buffers.lendReadBuffer(1000), "a nested borrower must use a buffer of its own");
        buffers.returnReadBuffer(lent);
        assertSame(lent, buffers.lendReadBuffer(IOStream.DEFAULT_READ_CHUNK_BYTES));
    }

    @Test
    void theReadBufferGrowsForABorrowerThatNeedsMoreRoom() {
        LoopBuffers buffers = new LoopBuffers();
        ByteBuffer first = buffers.lendReadBuffer(10);
        buffers.returnReadBuffer(first);
        ByteBuffer big = buffers.lendReadBuffer(IOStream.DEFAULT_READ_CHUNK_BYTES * 2);
        assertEquals(IOStream.DEFAULT_READ_CHUNK_BYTES * 2, big.remaining());
    }

    @Test
    void eachLoopHasItsOwnBuffersFoundAgainByLoop() {
        try (IOLoop a = IOLoop.builder().name("buffers-a").build();
                IOLoop b = IOLoop.builder().name("buffers-b").build()) {
            assertSame(LoopBuffers.of(a), LoopBuffers.of(a));
            assertTrue(LoopBuffers.of(a) != LoopBuffers.of(b));
        }
    }
}
