package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipRequestBodyTest {
    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void inflatesGzip() throws IOException {
        assertEquals(
                "hello gzip", new String(GzipRequestBody.inflate(gzip("hello gzip"), 100), StandardCharsets.UTF_8));
    }

    @Test
    void inflatesConcatenatedMembers() throws IOException {
        byte[] a = gzip("hello ");
        byte[] b = gzip("world");
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals("hello world", new String(GzipRequestBody.inflate(both, 100), StandardCharsets.UTF_8));
    }

    @Test
    void reportsInvalidGzip() {
        assertSame(GzipRequestBody.INVALID, GzipRequestBody.inflate("not gzip".getBytes(StandardCharsets.UTF_8), 100));
    }

    @Test
    void reportsTruncatedGzip() throws IOException {
        byte[] gz = gzip("x".repeat(1000));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 5);
        assertSame(GzipRequestBody.INVALID, GzipRequestBody.inflate(cut, 10_000));
    }

    @Test
    void stopsAtTheLimit() throws IOException {
        assertSame(GzipRequestBody.TOO_LARGE, GzipRequestBody.inflate(gzip("x".repeat(1000)), 999));
        assertEquals(1000, GzipRequestBody.inflate(gzip("x".repeat(1000)), 1000).length);
    }
}
