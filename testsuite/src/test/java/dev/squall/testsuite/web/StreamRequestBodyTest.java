package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.HttpError;
import dev.squall.web.MultipartForm;
import dev.squall.web.MultipartLimits;
import dev.squall.web.MultipartStream;
import dev.squall.web.RequestBodySource;
import dev.squall.web.StoredFile;
import dev.squall.web.StreamRequestBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamRequestBody} handlers through the application: the push form ({@code dataReceived}, then the
 * method), the pull form ({@code requestBody().read()} in a coroutine), {@code prepare()} refusing or limiting the
 * body before it is read, and multipart forms streamed to temporary files that are gone after the request.
 */
@SquallTest
@SquallTimeout(30) // the coroutine hand-off is slow on a loaded machine
class StreamRequestBodyTest {
    @TempDir
    static Path uploads;

    static final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    static final CompletableFuture<Void> firstChunk = new CompletableFuture<>();

    static Application app() {
        return Application.builder()
                .route("/push", PushHandler::new)
                .route("/pull", PullHandler::new)
                .route("/form", FormHandler::new)
                .route("/stall", StallHandler::new)
                .build();
    }

    /** Tornado's form: a chunk at a time into a digest, then the method answers. */
    @StreamRequestBody
    static final class PushHandler extends AsyncRequestHandler {
        private final MessageDigest sha = sha256();
        private long size;
        private int chunks;

        @Override
        public CompletionStage<?> prepare() {
            if ("no".equals(getArgument("auth", "yes"))) {
                throw new HttpError(401);
            }
            setMaxBodyBytes(Long.parseLong(getArgument("max", "1000000")));
            return done();
        }

        @Override
        public CompletionStage<?> dataReceived(ByteBuffer chunk) {
            size += chunk.remaining();
            chunks++;
            sha.update(chunk);
            return done();
        }

        @Override
        public CompletionStage<?> put() {
            write(size + " " + HexFormat.of().formatHex(sha.digest()) + " " + (chunks > 0));
            return done();
        }

        @Override
        public CompletionStage<?> get() {
            write("get " + size);
            return done();
        }
    }

    /** The coroutine form: the method reads the body in a loop. */
    @StreamRequestBody
    static final class PullHandler extends CoroutineRequestHandler {
        @Override
        public void put() {
            MessageDigest sha = sha256();
            RequestBodySource body = requestBody();
            for (ByteBuffer chunk; (chunk = await(body.read())) != null; ) {
                sha.update(chunk);
            }
            write(body.bytesRead() + " " + HexFormat.of().formatHex(sha.digest()));
        }
    }

    /** A multipart form streamed to temporary files in {@link #uploads}. */
    @StreamRequestBody
    static final class FormHandler extends CoroutineRequestHandler {
        private MultipartStream form;

        @Override
        public void prepare() {
            form = MultipartStream.start(
                    this, MultipartLimits.defaults().withMaxParts(3).withMaxFieldBytes(10), uploads);
        }

        @Override
        public void post() throws IOException {
            MultipartForm f = await(form.receive());
            List<String> out = new ArrayList<>();
            out.add("title=" + f.field("title"));
            for (StoredFile file : f.allFiles()) {
                out.add(file.field() + ":" + file.filename() + ":" + file.size() + ":"
                        + new String(Files.readAllBytes(file.path()), StandardCharsets.UTF_8));
            }
            write(String.join("\n", out));
        }
    }

    /** Takes a chunk and waits for the rest, which never comes: the client's disconnect must reach it. */
    @StreamRequestBody
    static final class StallHandler extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> dataReceived(ByteBuffer chunk) {
            firstChunk.complete(null);
            return done();
        }

        @Override
        public void onConnectionClose() {
            disconnected.complete(null);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    static byte[] data(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >> 9));
        }
        return b;
    }

    /** PUTs {@code body} to {@code path} and returns the text of the response, which must be a 200. */
    static String put(TestClient client, String path, byte[] body) {
        HttpResponse r = client.fetch(path, b -> b.method("PUT").body(body));
        assertEquals(200, r.code(), r::bodyText);
        return r.bodyText();
    }

    @Test
    void dataReceivedGetsTheBodyBeforeTheMethodRuns(TestClient client) {
        byte[] body = data(300_000);
        assertEquals(body.length + " " + hex(body) + " true", put(client, "/push", body));
    }

    @Test
    void aCoroutineReadsTheBodyFromItsSource(TestClient client) {
        byte[] body = data(500_000);
        assertEquals(body.length + " " + hex(body), put(client, "/pull", body));
    }

    @Test
    void aChunkedBodyStreamsToo(RawConnection c) {
        c.send("PUT /pull HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        RawResponse r = c.readResponse();
        assertEquals(200, r.code());
        assertEquals("5 " + hex("abcde".getBytes(StandardCharsets.US_ASCII)), r.bodyText());
    }

    @Test
    void prepareRefusesBeforeTheBodyIsReadAndNoContinueIsSent(RawConnection c) {
        c.send("PUT /push?auth=no HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
        RawResponse r = c.readResponse();
        assertEquals(401, r.code(), r::toString);
        assertEquals("close", r.header("Connection"));
    }

    @Test
    void prepareSetsTheBodyLimit(RawConnection c) {
        c.send("PUT /push?max=10 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        assertEquals(413, c.readResponse().code());
    }

    @Test
    void aRequestWithoutABodyRunsTheMethod(TestClient client) {
        assertEquals("get 0", client.fetch("/push").bodyText());
    }

    @Test
    void aMultipartFormStreamsToTemporaryFilesThatAreGoneAfterTheRequest(TestClient client) throws IOException {
        String boundary = "XyZ";
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nfirst\r\nfile\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n\r\n--XyZnot\r\n"
                + "--XyZ--\r\n";
        HttpResponse r = postForm(client, boundary, body);
        assertEquals(200, r.code(), r::bodyText);
        assertEquals("title=holiday\nfile:a.txt:11:first\r\nfile\nfile:b.txt:8:--XyZnot", r.bodyText());
        assertEquals(0, countFiles(), "temporary files left after the request");
    }

    @Test
    void tooManyPartsIs413NamingTheLimit(TestClient client) {
        String part = "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
        assertEquals(
                413,
                postForm(client, "B", part + part + part + part + "--B--\r\n").code());
    }

    @Test
    void aFieldOverItsLimitIs413(TestClient client) {
        String body = "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n12345678901\r\n--B--\r\n";
        assertEquals(413, postForm(client, "B", body).code());
    }

    @Test
    void theHandlerHearsOfAClientThatLeavesMidBody(RawConnection c, TestLoop loop) {
        c.send("PUT /stall HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\npart of it");
        loop.join(firstChunk);
        c.close();
        loop.join(disconnected);
    }

    private static HttpResponse postForm(TestClient client, String boundary, String body) {
        return client.fetch(
                "/form",
                b -> b.method("POST")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .body(body));
    }

    private static long countFiles() throws IOException {
        try (Stream<Path> s = Files.list(uploads)) {
            return s.count();
        }
    }
}
