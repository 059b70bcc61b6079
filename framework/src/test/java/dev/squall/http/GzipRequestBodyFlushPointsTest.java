package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Issue 11.8 on the server side: a gzip request body made of sync- or full-flushed deflate blocks, or of
 * several members, inflates whole (the client's decoder once failed on such streams; the server's
 * {@code GZIPInputStream} never did, and these tests keep it so).
 */
class GzipRequestBodyFlushPointsTest {
    /** One gzip member, deflated piece by piece with {@code flushMode} after each piece. */
    static byte[] gzipWithFlushes(int flushMode, String... pieces) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buf = new byte[65536];
        for (String piece : pieces) {
            byte[] data = piece.getBytes(StandardCharsets.UTF_8);
            crc.update(data);
            size += data.length;
            deflater.setInput(data);
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, flushMode)) > 0) {
                out.write(buf, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        long c = crc.getValue();
        out.writeBytes(new byte[] {
            (byte) c,
            (byte) (c >> 8),
            (byte) (c >> 16),
            (byte) (c >> 24),
            (byte) size,
            (byte) (size >> 8),
            (byte) (size >> 16),
            (byte) (size >> 24)
        });
        return out.toByteArray();
    }

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
