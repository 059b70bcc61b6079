package dev.squall.http;

import static dev.squall.fixtures.TestBytes.gzipWithFlushes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Issue 11.8 on the server side: a gzip request body made of sync- or full-flushed deflate blocks, or of
 * several members, inflates whole (the client's decoder once failed on such streams; the server's
 * {@code GZIPInputStream} never did, and these tests keep it so).
 */
class GzipRequestBodyFlushPointsTest {
    private static String inflate(byte[] gzip) {
        return new String(GzipRequestBody.inflate(gzip, 1 << 20), StandardCharsets.UTF_8);
    }

    @Test
    void inflatesSyncFlushedBlocks() {
        assertEquals("one two  three", inflate(gzipWithFlushes(Deflater.SYNC_FLUSH, "one ", "two ", "", " three")));
    }

    @Test
    void inflatesFullFlushedBlocks() {
        assertEquals(
                "a".repeat(300) + "b".repeat(300),
                inflate(gzipWithFlushes(Deflater.FULL_FLUSH, "a".repeat(300), "b".repeat(300))));
    }

    @Test
    void inflatesTwoFlushedMembers() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzipWithFlushes(Deflater.SYNC_FLUSH, "first ", "member "));
        both.writeBytes(gzipWithFlushes(Deflater.FULL_FLUSH, "second ", "member"));
        assertEquals("first member second member", inflate(both.toByteArray()));
    }
}
