package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.StaticFileHandler;
import dev.squall.web.StaticFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StaticFileHandler} over real sockets: Tornado's behaviour, conditional and range requests, safety. */
@SquallTest
class StaticFileHandlerTest {
    static final String CSS = "body { color: #333; }\n";

    @TempDir
    Path tmp;

    Path root;
    Path outside;
    boolean debug;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(tmp.resolve("static"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), CSS);
        Files.writeString(root.resolve("robots.txt"), "User-agent: *\n");
        Files.write(root.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(tmp.resolve("secret.txt"), "secret");
    }

    Application built;

    Application app() {
        StaticFiles withIndex = StaticFiles.builder(root)
                .urlPrefix("/site/")
                .defaultFilename("index.html")
                .build();
        StaticFiles follow = StaticFiles.builder(root)
                .urlPrefix("/follow/")
                .followSymlinks(true)
                .build();
        built = Application.builder()
                .staticFiles(StaticFiles.builder(root).debug(debug).build())
                .route("/site/(?<path>.*)", () -> new StaticFileHandler(withIndex))
                .route("/follow/(?<path>.*)", () -> new StaticFileHandler(follow))
                .route("/any/(?<path>.*)", () -> new StaticFileHandler(withIndex))
                .route("/stream", FileBetweenWrites::new)
                .logFunction(h -> {})
                .build();
        return built;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static RawResponse raw(RawConnection c, String target, String... headers) {
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        return c.send(req.append("\r\n").toString()).readResponse();
    }

    /** Asserts that each of {@code targets} is refused with a 403, one after another on {@code c}. */
    static void assertAll403(RawConnection c, String... targets) {
        for (String target : targets) {
            assertEquals(403, raw(c, target).code(), () -> "GET " + target);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Serving

    @Test
    void servesAFileWithItsTypeAStrongEtagAndLastModified(TestClient client) throws Exception {
        HttpResponse r = client.fetch("/static/css/site.css");
        assertEquals(200, r.code());
        assertEquals(CSS, r.bodyText());
        assertEquals("text/css; charset=UTF-8", r.headers().get("Content-Type"));
        assertEquals(
                "\"" + sha256(CSS.getBytes(StandardCharsets.UTF_8)) + "\"",
                r.headers().get("Etag"));
        assertNotNull(r.headers().get("Last-Modified"));
        assertEquals("bytes", r.headers().get("Accept-Ranges"));
        assertEquals("no-cache", r.headers().get("Cache-Control"));
    }

    @Test
    void headAnswersTheHeadersAndTheLengthWithoutABody(RawConnection c) {
        RawResponse r =
                c.send("HEAD /static/css/site.css HTTP/1.1\r\nHost: x\r\n\r\n").readResponse("HEAD");
        r.assertCode(200);
        assertEquals(Integer.toString(CSS.length()), r.header("Content-Length"));
        assertEquals(0, r.body().length);
        raw(c, "/static/robots.txt").assertCode(200); // the connection is still in step
    }

    @Test
    void faviconAndRobotsAreServedFromTheRoot(TestClient client) {
        assertEquals("User-agent: *\n", client.fetch("/robots.txt").bodyText());
        assertArrayEquals(
                new byte[] {0, 0, 1, 0}, client.fetch("/favicon.ico").body().toByteArray());
    }

    @Test
    void aMissingFileIs404(TestClient client) {
        assertEquals(404, client.fetch("/static/css/nope.css").code());
    }

    @Test
    void aDirectoryIs403WithoutADefaultFilename(TestClient client) {
        assertEquals(403, client.fetch("/static/docs").code());
        assertEquals(403, client.fetch("/static/docs/").code());
    }

    @Test
    void aDirectoryWithADefaultFilenameGetsItsSlashThenItsIndex(TestClient client) {
        HttpResponse r = client.fetch("/site/docs?x=1");
        assertEquals(301, r.code());
        assertEquals("/site/docs/?x=1", r.headers().get("Location"));
        assertEquals("<h1>docs</h1>", client.fetch("/site/docs/").bodyText());
    }

    @Test
    void aLargeFileArrivesWhole(TestClient client) throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        HttpResponse r = client.fetch("/static/big.bin");
        assertEquals(200, r.code());
        assertEquals("application/octet-stream", r.headers().get("Content-Type"));
        assertArrayEquals(big, r.body().toByteArray());
    }

    /** Bytes written before and after a file on a chunked body keep their order around it. */
    static final class FileBetweenWrites extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() throws Exception {
            Path p = ((StaticFiles) application().staticFiles()).root().resolve("css/site.css");
            FileChannel ch = FileChannel.open(p);
            write("before|");
            return flush().thenCompose(v -> writeFile(ch, 5, 5))
                    .thenRun(() -> write("|after"))
                    .whenComplete((v, e) -> {
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // test
                        }
                    });
        }
    }

    @Test
    void writeFileKeepsItsPlaceBetweenOtherWritesOnAChunkedBody(RawConnection c) {
        RawResponse r = raw(c, "/stream").assertCode(200);
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("before|" + CSS.substring(5, 10) + "|after", r.bodyText());
        raw(c, "/static/robots.txt").assertCode(200);
    }

    // ---------------------------------------------------------------------------------------------------
    // Conditional requests

    @Test
    void ifNoneMatchWithTheEtagIs304(TestClient client) {
        String etag = client.fetch("/static/css/site.css").headers().get("Etag");
        HttpResponse r = client.fetch("/static/css/site.css", b -> b.header("If-None-Match", etag));
        assertEquals(304, r.code());
        assertEquals(etag, r.headers().get("Etag"));
        assertEquals(0, r.body().size());
    }

    @Test
    void ifModifiedSinceNotBeforeTheFileIs304(TestClient client) {
        String lastModified = client.fetch("/static/css/site.css").headers().get("Last-Modified");
        assertEquals(
                304,
                client.fetch("/static/css/site.css", b -> b.header("If-Modified-Since", lastModified))
                        .code());
        assertEquals(
                200,
                client.fetch(
                                "/static/css/site.css",
                                b -> b.header("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"))
                        .code());
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince(TestClient client) {
        String lastModified = client.fetch("/static/css/site.css").headers().get("Last-Modified");
        HttpResponse r = client.fetch(
                "/static/css/site.css",
                b -> b.header("If-None-Match", "\"other\"").header("If-Modified-Since", lastModified));
        assertEquals(200, r.code());
    }

    // ---------------------------------------------------------------------------------------------------
    // Ranges

    @Test
    void oneRangeIs206WithContentRange(RawConnection c) {
        RawResponse r = raw(c, "/static/css/site.css", "Range: bytes=2-5").assertCode(206);
        assertEquals("bytes 2-5/" + CSS.length(), r.header("Content-Range"));
        assertEquals(CSS.substring(2, 6), r.bodyText());
        r = raw(c, "/static/css/site.css", "Range: bytes=-3").assertCode(206);
        assertEquals(CSS.substring(CSS.length() - 3), r.bodyText());
        r = raw(c, "/static/css/site.css", "Range: bytes=10-").assertCode(206);
        assertEquals(CSS.substring(10), r.bodyText());
    }

    @Test
    void aRangePastTheEndIs416WithTheSize(RawConnection c) {
        RawResponse r = raw(c, "/static/css/site.css", "Range: bytes=100-200").assertCode(416);
        assertEquals("bytes */" + CSS.length(), r.header("Content-Range"));
        raw(c, "/static/robots.txt").assertCode(200);
    }

    @Test
    void aRangeCoveringTheWholeFileIs200(RawConnection c) {
        RawResponse r = raw(c, "/static/css/site.css", "Range: bytes=0-").assertCode(200);
        assertNull(r.header("Content-Range"));
        assertEquals(CSS, r.bodyText());
    }

    @Test
    void severalRangesOrAStaleIfRangeGetTheWholeFile(RawConnection c) {
        assertEquals(
                CSS,
                raw(c, "/static/css/site.css", "Range: bytes=0-1,4-5")
                        .assertCode(200)
                        .bodyText());
        assertEquals(
                CSS,
                raw(c, "/static/css/site.css", "Range: bytes=0-1", "If-Range: \"old\"")
                        .assertCode(200)
                        .bodyText());
    }

    // ---------------------------------------------------------------------------------------------------
    // Versioned URLs and caching

    @Test
    void staticUrlCarriesTheContentHashAndAVersionedRequestIsCachedForAYear(TestClient client) throws Exception {
        Application app = built;
        String url = app.staticUrl("css/site.css");
        assertEquals(
                "/static/css/site.css?v="
                        + sha256(CSS.getBytes(StandardCharsets.UTF_8)).substring(0, 16),
                url);
        HttpResponse r = client.fetch(url);
        assertEquals(200, r.code());
        assertEquals("max-age=31536000, immutable", r.headers().get("Cache-Control"));
        assertNotNull(r.headers().get("Expires"));
        assertEquals("/static/nope.css", app.staticUrl("nope.css"));
    }

    @Test
    void staticUrlWithoutAStaticPathSaysWhatToSet() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> Application.builder().build().staticUrl("x.css"));
        assertTrue(e.getMessage().contains("staticPath"), e.getMessage());
    }

    @Nested
    class InDebugMode {
        @BeforeEach
        void debug() {
            debug = true;
        }

        @Test
        void anEditedFileGetsANewHashAndIsServedAtOnce(TestClient client) throws Exception {
            Application app = built;
            String before = app.staticUrl("css/site.css");
            assertEquals(CSS, client.fetch("/static/css/site.css").bodyText());
            Files.writeString(root.resolve("css/site.css"), "p { }\n");
            Files.setLastModifiedTime(
                    root.resolve("css/site.css"), FileTime.from(Instant.now().plusSeconds(5)));
            String after = app.staticUrl("css/site.css");
            assertTrue(!before.equals(after), before + " " + after);
            assertEquals("p { }\n", client.fetch("/static/css/site.css").bodyText());
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Precompressed siblings

    @Test
    void aPrecompressedSiblingIsServedToClientsThatAcceptIt(RawConnection c) throws IOException {
        Files.writeString(root.resolve("css/site.css.gz"), "GZ");
        Files.writeString(root.resolve("css/site.css.br"), "BR");
        RawResponse r =
                raw(c, "/static/css/site.css", "Accept-Encoding: gzip, br").assertCode(200);
        assertEquals("br", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals("BR", r.bodyText());
        r = raw(c, "/static/css/site.css", "Accept-Encoding: gzip").assertCode(200);
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("GZ", r.bodyText());
        r = raw(c, "/static/css/site.css", "Accept-Encoding: gzip;q=0, identity")
                .assertCode(200);
        assertNull(r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(CSS, r.bodyText());
    }

    // ---------------------------------------------------------------------------------------------------
    // Safety: nothing outside the root, ever

    @Test
    void dotDotSegmentsAre403(RawConnection c) {
        assertAll403(c, "/static/../secret.txt", "/static/css/../../secret.txt");
    }

    @Test
    void percentEncodedDotDotIs403(RawConnection c) {
        assertAll403(c, "/static/%2e%2e/secret.txt", "/static/%2E%2E%2Fsecret.txt", "/static/css/..%2f..%2fsecret.txt");
    }

    @Test
    void backslashesAre403(RawConnection c) {
        assertAll403(c, "/static/..%5csecret.txt", "/static/css%5c..%5c..%5csecret.txt");
    }

    @Test
    void aNulByteIs400(RawConnection c) {
        raw(c, "/static/css/site.css%00.png").assertCode(400);
    }

    @Test
    void anAbsolutePathIs403(RawConnection c) {
        raw(c, "/static//etc/passwd").assertCode(403);
        raw(c, "/static/" + tmp.resolve("secret.txt").toString().substring(1)).assertCode(404);
        raw(c, "/static/C:/Windows/win.ini").assertCode(403);
    }

    @Test
    void aSymlinkLeavingTheRootIs403UnlessAllowed(RawConnection c) throws IOException {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        raw(c, "/static/link.txt").assertCode(403);
        assertEquals("secret", raw(c, "/follow/link.txt").assertCode(200).bodyText());
    }

    @Test
    void aDoubleSlashDirectoryPathIsNeverRedirected(RawConnection c) {
        RawResponse r = raw(c, "/any//docs");
        r.assertCode(403);
        assertNull(r.header("Location"));
    }
}
