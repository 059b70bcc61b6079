package dev.squall.httpclient;

import static dev.squall.fixtures.TestBytes.gzipWithFlushes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipDecoderTest {

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Decodes {@code input} fed in slices of {@code split} bytes (direct buffers, as the stream's are). */
    static byte[] decode(GzipDecoder d, byte[] input, int split) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < input.length; off += split) {
            int n = Math.min(split, input.length - off);
            ByteBuffer slice = ByteBuffer.allocateDirect(n).put(input, off, n).flip();
            assertTrue(
                    d.decode(slice, (b, o, l) -> {
                        out.write(b, o, l);
                        return true;
                    }),
                    d.errorMessage());
            assertFalse(slice.hasRemaining(), "every call consumes its whole slice");
        }
        return out.toByteArray();
    }

    @Test
    void decodesWhateverTheSliceSizes() throws IOException {
        byte[] text = "hello gzip world ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = gzip(text);
        for (int split : new int[] {1, 3, 10, 1000, compressed.length}) {
            GzipDecoder d = new GzipDecoder();
            assertArrayEquals(text, decode(d, compressed, split), "split " + split);
            assertTrue(d.isComplete());
            d.end();
        }
    }

    @Test
    void decodesIncompressibleData() throws IOException {
        byte[] noise = new byte[100_000];
        new Random(42).nextBytes(noise);
        GzipDecoder d = new GzipDecoder();
        assertArrayEquals(noise, decode(d, gzip(noise), 4096));
        d.end();
    }

    @Test
    void decodesConcatenatedMembers() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip("first ".getBytes(StandardCharsets.UTF_8)));
        both.writeBytes(gzip("second".getBytes(StandardCharsets.UTF_8)));
        GzipDecoder d = new GzipDecoder();
        assertEquals("first second", new String(decode(d, both.toByteArray(), 5), StandardCharsets.UTF_8));
        d.end();
    }

    @Test
    void decodesSyncFlushedBlocksWhateverTheSliceSizes() {
        assertDecodesInSlices(
                Deflater.SYNC_FLUSH,
                new int[] {1, 2, 5, 13},
                "first line\n",
                "second, after a flush\n",
                "",
                "x".repeat(3000),
                "last");
    }

    @Test
    void decodesFullFlushedBlocksWhateverTheSliceSizes() {
        assertDecodesInSlices(
                Deflater.FULL_FLUSH,
                new int[] {1, 3, 64},
                "alpha ".repeat(50),
                "beta ".repeat(50),
                "alpha ".repeat(50));
    }

    /** Gzips {@code pieces} with a flush after each, then decodes it in slices of each size and whole. */
    private static void assertDecodesInSlices(int flushMode, int[] splits, String... pieces) {
        byte[] compressed = gzipWithFlushes(flushMode, pieces);
        int[] all = java.util.Arrays.copyOf(splits, splits.length + 1);
        all[splits.length] = compressed.length;
        for (int split : all) {
            GzipDecoder d = new GzipDecoder();
            assertEquals(
                    String.join("", pieces),
                    new String(decode(d, compressed, split), StandardCharsets.UTF_8),
                    "split " + split);
            assertTrue(d.isComplete(), "split " + split);
            d.end();
        }
    }

    @Test
    void decodesTwoFlushedMembersInOneByteSlices() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzipWithFlushes(Deflater.SYNC_FLUSH, "one ", "two "));
        both.writeBytes(gzipWithFlushes(Deflater.FULL_FLUSH, "three ", "four"));
        GzipDecoder d = new GzipDecoder();
        assertEquals("one two three four", new String(decode(d, both.toByteArray(), 1), StandardCharsets.UTF_8));
        assertTrue(d.isComplete());
        d.end();
    }

    @Test
    void headerWithFileNameAndCommentIsSkipped() {
        // A header with FNAME and FCOMMENT set, then the deflate data and trailer of "hi".
        byte[] member = {
            0x1f,
            (byte) 0x8b,
            8,
            8 | 16,
            0,
            0,
            0,
            0,
            0,
            3,
            'a',
            '.',
            't',
            'x',
            't',
            0,
            'c',
            0,
            (byte) 0xcb,
            (byte) 0xc8,
            0x04,
            0x00,
            (byte) 0xac,
            0x2a,
            (byte) 0x93,
            (byte) 0xd8,
            2,
            0,
            0,
            0
        };
        GzipDecoder d = new GzipDecoder();
        assertEquals("hi", new String(decode(d, member, 1), StandardCharsets.UTF_8));
        assertTrue(d.isComplete());
        d.end();
    }

    @Test
    void truncatedDataIsNotComplete() throws IOException {
        byte[] compressed = gzip("some text that is long enough".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length - 4);
        GzipDecoder d = new GzipDecoder();
        decode(d, cut, 7);
        assertFalse(d.isComplete());
        d.end();
    }

    @Test
    void corruptChecksumIsRefused() throws IOException {
        byte[] compressed = gzip("payload".getBytes(StandardCharsets.UTF_8));
        compressed[compressed.length - 8] ^= 1;
        GzipDecoder d = new GzipDecoder();
        boolean ok = d.decode(ByteBuffer.wrap(compressed), (b, o, l) -> true);
        assertFalse(ok);
        assertEquals("the gzip CRC-32 does not match the data", d.errorMessage());
        d.end();
    }

    @Test
    void notGzipIsRefused() {
        GzipDecoder d = new GzipDecoder();
        assertFalse(d.decode(ByteBuffer.wrap("plain text body".getBytes(StandardCharsets.UTF_8)), (b, o, l) -> true));
        assertTrue(d.errorMessage().contains("not gzip data"), d.errorMessage());
        d.end();
    }

    @Test
    void sinkCanStopABombEarly() throws IOException {
        byte[] bomb = gzip(new byte[50_000_000]); // about 50 KB of gzip
        GzipDecoder d = new GzipDecoder();
        long[] seen = {0};
        boolean ok = d.decode(ByteBuffer.wrap(bomb), (b, o, l) -> {
            seen[0] += l;
            return seen[0] < 1_000_000;
        });
        assertFalse(ok);
        assertTrue(seen[0] < 1_000_000 + GzipDecoder.OUT_PIECE_BYTES, "stopped within one piece of the limit");
        d.end();
    }

    @Test
    void resetDecodesAnotherBody() throws IOException {
        GzipDecoder d = new GzipDecoder();
        decode(d, gzip("one".getBytes(StandardCharsets.UTF_8)), 100);
        d.reset();
        assertEquals(
                "two",
                new String(decode(d, gzip("two".getBytes(StandardCharsets.UTF_8)), 100), StandardCharsets.UTF_8));
        d.end();
    }
}
