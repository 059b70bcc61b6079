package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest extends WebTestSupport {
    static final String BIG = "Squall is Tornado for the JVM. ".repeat(100); // 3100 bytes

    /** Writes the text from the X-Body-Size request header's count of BIG's characters, with X-Type. */
    static final class Writes extends RequestHandler {
        @Override
        public void get() {
            String type = request().headers().get("X-Type");
            if (type != null) {
                setHeader("Content-Type", type);
            }
            String vary = request().headers().get("X-Vary");
            if (vary != null) {
                setHeader("Vary", vary);
            }
            write(BIG.substring(0, Integer.parseInt(request().headers().get("X-Size", "3100"))));
        }
    }

    private WebClient app() {
        return client(Application.builder()
                .route("/", Writes::new)
                .compressResponse(true)
                .logFunction(h -> {})
                .build());
    }

    static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    @Test
    void htmlIsCompressedForClientsThatAcceptGzip() throws IOException {
        TestResponse r = app().get("/", "Accept-Encoding", "gzip, deflate");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
        assertEquals(BIG, new String(gunzip(r.body()), StandardCharsets.UTF_8));
    }

    @Test
    void compressionUsesLevel6() throws IOException {
        byte[] body = app().get("/", "Accept-Encoding", "gzip").body();
        byte[] deflated = Arrays.copyOfRange(body, 10, body.length - 8); // gzip header and trailer around deflate
        Deflater level6 = new Deflater(6, true);
        level6.setInput(BIG.getBytes(StandardCharsets.UTF_8));
        level6.finish();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!level6.finished()) {
            expected.write(buf, 0, level6.deflate(buf));
        }
        level6.end();
        assertArrayEquals(expected.toByteArray(), deflated);
    }

    @Test
    void compressibleTypesAreTextJavascriptJsonXmlAndSvg() {
        for (String type : new String[] {
            "text/plain",
            "text/css; charset=UTF-8",
            "application/json",
            "application/javascript",
            "application/x-javascript",
            "application/xml",
            "application/xhtml+xml",
            "image/svg+xml"
        }) {
            assertEquals(
                    "gzip",
                    app().get("/", "Accept-Encoding", "gzip", "X-Type", type).header("Content-Encoding"),
                    type);
        }
    }

    @Test
    void otherTypesAreNotCompressedButStillVary() {
        TestResponse r = app().get("/", "Accept-Encoding", "gzip", "X-Type", "image/png");
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(BIG, r.text());
    }

    @Test
    void aSmallSingleChunkBodyIsNotCompressed() {
        TestResponse r = app().get("/", "Accept-Encoding", "gzip", "X-Size", "1023");
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(1023, r.body().length);
    }

    @Test
    void aBodyOfExactly1024BytesIsCompressed() {
        assertEquals(
                "gzip",
                app().get("/", "Accept-Encoding", "gzip", "X-Size", "1024").header("Content-Encoding"));
    }

    @Test
    void clientsThatDoNotAcceptGzipGetTheBodyAsIs() {
        TestResponse r = app().get("/");
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(BIG, r.text());
    }

    @Test
    void gzipWithQZeroIsARefusal() {
        assertNull(app().get("/", "Accept-Encoding", "gzip;q=0, br").header("Content-Encoding"));
        assertEquals("gzip", app().get("/", "Accept-Encoding", "br, gzip;q=0.5").header("Content-Encoding"));
    }

    @Test
    void anExistingVaryIsExtended() {
        assertEquals(
                "Cookie, Accept-Encoding",
                app().get("/", "Accept-Encoding", "gzip", "X-Vary", "Cookie").header("Vary"));
    }

    @Test
    void withoutCompressResponseNothingChanges() {
        TestResponse r = serve(Writes::new).get("/", "Accept-Encoding", "gzip");
        assertNull(r.header("Content-Encoding"));
        assertNull(r.header("Vary"));
    }

    static final class StreamsSmallChunks extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("first ");
            return flush().thenCompose(x -> {
                write("second");
                return flush();
            });
        }
    }

    @Test
    void streamedChunksAreCompressedEvenWhenSmallAndDecodeAsOneStream() throws IOException {
        WebClient c = client(Application.builder()
                .route("/", StreamsSmallChunks::new)
                .compressResponse(true)
                .logFunction(h -> {})
                .build());
        TestResponse r = c.get("/", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertNull(r.header("Content-Length"));
        assertEquals("first second", new String(gunzip(r.body()), StandardCharsets.UTF_8));
    }

    @Test
    void eachFlushedChunkCanBeDecodedAsItArrives() throws IOException {
        WebClient c = client(Application.builder()
                .route("/", StreamsSmallChunks::new)
                .compressResponse(true)
                .logFunction(h -> {})
                .build());
        InMemoryClient mem = inMemory(c);
        RecordingResponse pending = mem.start("GET", "/", WebClient.headers("Accept-Encoding", "gzip"), new byte[0]);
        InMemoryClient.await(pending);
        byte[] first = pending.flushedChunks.get(0);
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(Arrays.copyOfRange(first, 10, first.length));
        byte[] out = new byte[64];
        try {
            int n = inflater.inflate(out);
            assertEquals("first ", new String(out, 0, n, StandardCharsets.UTF_8));
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }
}
