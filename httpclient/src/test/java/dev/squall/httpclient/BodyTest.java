package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerResponse;
import dev.squall.loop.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Response bodies (gzip, limits, streaming with backpressure) and request bodies (producers, 100-continue). */
class BodyTest {
    private ClientFixture fx = new ClientFixture();
    private AsyncHttpClient client = fx.client();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private HttpServer gzipServer(byte[] plain) throws IOException {
        byte[] compressed = gzip(plain);
        return fx.server((req, resp) -> resp.end(
                200,
                new HttpHeaders()
                        .add("Content-Encoding", "gzip")
                        .add("Content-Type", "text/plain")
                        .add("X-Accept-Encoding", req.headers().get("Accept-Encoding", "-")),
                compressed));
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.port() + "/";
    }

    @Test
    void gzipResponseIsDecompressedAndItsEncodingRecorded() throws Exception {
        byte[] text = "squall ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        HttpResponse r = await(client.fetch(url(gzipServer(text))));
        assertEquals("gzip", r.header("X-Accept-Encoding"));
        assertArrayEquals(text, r.bodyBytes());
        assertNull(r.header("Content-Encoding"));
        assertEquals("gzip", r.header("X-Consumed-Content-Encoding"));
    }

    @Test
    void decompressionOffLeavesTheBodyCompressed() throws Exception {
        byte[] text = "squall ".repeat(100).getBytes(StandardCharsets.UTF_8);
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(gzipServer(text)))
                .decompressResponse(false)
                .build()));
        assertEquals("-", r.header("X-Accept-Encoding"));
        assertEquals("gzip", r.header("Content-Encoding"));
        assertArrayEquals(gzip(text), r.bodyBytes());
    }

    @Test
    void maxBodyBytesIsCheckedAfterDecompression() throws Exception {
        HttpServer s = gzipServer(new byte[1_000_000]); // about 1 KB on the wire
        ResponseTooLargeException e = failure(
                ResponseTooLargeException.class,
                client.fetch(HttpRequest.builder(url(s)).maxBodyBytes(100_000).build()));
        assertEquals(100_000, e.limit());
        assertTrue(e.getMessage().contains("counted after decompression"), e.getMessage());
        assertEquals(
                1_000_000,
                await(client.fetch(HttpRequest.builder(url(s))
                                .maxBodyBytes(1_000_000)
                                .build()))
                        .body()
                        .size());
    }

    @Test
    void maxBodyBytesLimitsAPlainBody() {
        HttpServer s = fx.server((req, resp) -> resp.end(200, new HttpHeaders(), new byte[5000]));
        failure(
                ResponseTooLargeException.class,
                client.fetch(HttpRequest.builder(url(s)).maxBodyBytes(4999).build()));
    }

    @Test
    void chunkedGzipWithFlushPointsIsDecompressed() throws Exception {
        // Issue 11.8: what Tornado sends for a compressed response its handler flushes (nginx alike) — one gzip
        // member of sync-flushed blocks — cut into chunks of 1 and 5 bytes, so that the empty stored blocks of
        // the flush points straddle chunk boundaries.
        byte[] compressed =
                dev.squall.fixtures.TestBytes.gzipWithFlushes(java.util.zip.Deflater.SYNC_FLUSH, "x".repeat(3000), "y");
        for (int size : new int[] {1, 5}) {
            StringBuilder chunked = new StringBuilder(
                    "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n" + "Transfer-Encoding: chunked\r\n\r\n");
            for (int off = 0; off < compressed.length; off += size) {
                int n = Math.min(size, compressed.length - off);
                chunked.append(Integer.toHexString(n))
                        .append("\r\n")
                        .append(new String(compressed, off, n, StandardCharsets.ISO_8859_1))
                        .append("\r\n");
            }
            RawServer raw =
                    fx.raw(RawServer.answering(chunked.append("0\r\n\r\n").toString()));
            HttpResponse r = await(client.fetch(raw.url("/")));
            assertEquals("x".repeat(3000) + "y", r.bodyText(), "chunks of " + size);
            assertEquals("gzip", r.header("X-Consumed-Content-Encoding"));
        }
    }

    @Test
    void corruptGzipFailsWithAProtocolError() {
        HttpServer s = fx.server((req, resp) -> resp.end(
                200,
                new HttpHeaders().add("Content-Encoding", "gzip"),
                "not gzip at all".getBytes(StandardCharsets.UTF_8)));
        HttpProtocolException e = failure(HttpProtocolException.class, client.fetch(url(s)));
        assertTrue(e.getMessage().contains("not gzip data"), e.getMessage());
    }

    @Test
    void truncatedGzipFailsWithAProtocolError() throws Exception {
        byte[] compressed = gzip("some text, long enough to matter".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length - 6);
        HttpServer s = fx.server((req, resp) -> resp.end(200, new HttpHeaders().add("Content-Encoding", "gzip"), cut));
        HttpProtocolException e = failure(HttpProtocolException.class, client.fetch(url(s)));
        assertTrue(e.getMessage().contains("ended before the gzip data did"), e.getMessage());
    }

    /** A server that streams {@code pieces} pieces of {@code size} bytes, flushing each, chunked. */
    private HttpServer streamingServer(int pieces, int size) {
        return fx.server((req, resp) -> {
            resp.writeHead(200, null, new HttpHeaders().add("Content-Type", "application/octet-stream"));
            writePieces(resp, pieces, size, 0);
        });
    }

    private static void writePieces(HttpServerResponse resp, int pieces, int size, int i) {
        if (i == pieces) {
            resp.finish();
            return;
        }
        byte[] piece = new byte[size];
        java.util.Arrays.fill(piece, (byte) ('a' + i % 26));
        resp.write(piece);
        resp.flush().whenComplete((v, e) -> {
            if (e == null) {
                writePieces(resp, pieces, size, i + 1);
            }
        });
    }

    @Test
    void streamingCallbackReceivesTheBodyInsteadOfTheResponse() throws Exception {
        HttpServer s = streamingServer(20, 10_000);
        AtomicLong received = new AtomicLong();
        List<String> threads = new CopyOnWriteArrayList<>();
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s))
                .streamingCallback(chunk -> {
                    received.addAndGet(chunk.size());
                    threads.add(Thread.currentThread().getName());
                    return null;
                })
                .build()));
        assertEquals(200_000, received.get());
        assertEquals(0, r.body().size());
        assertTrue(threads.stream().allMatch("client-test"::equals), "callbacks run on the client's loop");
    }

    @Test
    void streamingCallbackStageHoldsBackTheNextChunk() throws Exception {
        HttpServer s = streamingServer(64, 16 * 1024);
        LinkedBlockingQueue<CompletableFuture<Void>> stages = new LinkedBlockingQueue<>();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        CompletableFuture<?>[] previous = {null};
        CompletableFuture<HttpResponse> f = client.fetch(HttpRequest.builder(url(s))
                .streamingCallback(chunk -> {
                    if (previous[0] != null && !previous[0].isDone()) {
                        overlapped.set(true); // a chunk arrived while the last one was still being consumed
                    }
                    received.addAndGet(chunk.size());
                    CompletableFuture<Void> stage = new CompletableFuture<>();
                    previous[0] = stage;
                    stages.add(stage);
                    return stage;
                })
                .build());
        CompletableFuture<Void> end = new CompletableFuture<>();
        f.whenComplete((r, e) -> stages.add(end)); // wakes the loop below when the response is complete
        for (; ; ) {
            CompletableFuture<Void> stage = stages.poll(10, TimeUnit.SECONDS);
            if (stage == null || stage == end) {
                break;
            }
            stage.complete(null); // completed from the test thread: the client hops back onto its loop
        }
        await(f);
        assertFalse(overlapped.get(), "no chunk may be delivered before the previous stage completed");
        assertEquals(64 * 16 * 1024, received.get());
    }

    @Test
    void failedStreamingStageAbortsTheRequest() {
        HttpServer s = streamingServer(10, 1000);
        IllegalStateException e = failure(
                IllegalStateException.class,
                client.fetch(HttpRequest.builder(url(s))
                        .streamingCallback(
                                chunk -> CompletableFuture.failedFuture(new IllegalStateException("disk full")))
                        .build()));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void streamingCallbackGetsDecompressedBytes() throws Exception {
        byte[] text = "decompressed ".repeat(5000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        await(client.fetch(HttpRequest.builder(url(gzipServer(text)))
                .streamingCallback(chunk -> {
                    got.writeBytes(chunk.toByteArray());
                    return null;
                })
                .build()));
        assertArrayEquals(text, got.toByteArray());
    }

    @Test
    void headerCallbackSeesTheHeadBeforeTheBody() throws Exception {
        HttpServer s = streamingServer(3, 10);
        List<String> events = new CopyOnWriteArrayList<>();
        await(client.fetch(HttpRequest.builder(url(s))
                .headerCallback(
                        (code, reason, headers) -> events.add("head " + code + " " + headers.get("Content-Type")))
                .streamingCallback(chunk -> {
                    events.add("chunk");
                    return null;
                })
                .build()));
        assertEquals("head 200 application/octet-stream", events.get(0));
        assertTrue(
                events.size() > 1 && events.subList(1, events.size()).stream().allMatch("chunk"::equals),
                events.toString());
    }

    // ------------------------------------------------------------------------------------------------
    // Request bodies

    /** Returns a request of {@code method} to a new {@link #echoBodyServer()}. */
    private HttpRequest.Builder echoRequest(String method) {
        return HttpRequest.builder(url(echoBodyServer())).method(method);
    }

    private HttpServer echoBodyServer() {
        return fx.server((req, resp) -> resp.end(
                200,
                new HttpHeaders()
                        .add("X-Transfer-Encoding", req.headers().get("Transfer-Encoding", "-"))
                        .add("X-Content-Length", req.headers().get("Content-Length", "-"))
                        .add("X-Expect", req.headers().get("Expect", "-")),
                req.body()));
    }

    @Test
    void bodyProducerWithoutLengthUploadsChunked() throws Exception {
        HttpResponse r = await(client.fetch(echoRequest("POST")
                .bodyProducer(w ->
                        w.write("hello ").thenCompose(v -> w.write("streamed ")).thenCompose(v -> w.write("world")))
                .build()));
        assertEquals("chunked", r.header("X-Transfer-Encoding"));
        assertEquals("hello streamed world", r.bodyText());
    }

    @Test
    void bodyProducerWithLengthUploadsWithContentLength() throws Exception {
        HttpResponse r = await(client.fetch(echoRequest("PUT")
                .bodyProducer(w -> w.write("12345").thenCompose(v -> w.write("67890")), 10)
                .build()));
        assertEquals("10", r.header("X-Content-Length"));
        assertEquals("1234567890", r.bodyText());
    }

    @Test
    void largeUploadWaitsOnEachWrite() throws Exception {
        HttpServer s = fx.server(
                (req, resp) -> resp.end(200, "text/plain", Integer.toString(req.body().length)),
                b -> b.maxBodyBytes(64L * 1024 * 1024));
        byte[] piece = new byte[64 * 1024];
        int pieces = 128; // 8 MiB
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s))
                .method("POST")
                .bodyProducer(w -> writeChain(w, piece, pieces))
                .build()));
        assertEquals(Integer.toString(piece.length * pieces), r.bodyText());
    }

    private static CompletableFuture<Void> writeChain(BodyWriter w, byte[] piece, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return w.write(piece).thenCompose(v -> writeChain(w, piece, left - 1));
    }

    @Test
    void producerWritingMoreThanDeclaredFailsTheRequest() {
        IllegalStateException e = failure(
                IllegalStateException.class,
                client.fetch(echoRequest("PUT")
                        .bodyProducer(w -> w.write("too long"), 3)
                        .build()));
        assertTrue(e.getMessage().contains("more than the 3 it declared"), e.getMessage());
    }

    @Test
    void failingProducerFailsTheRequestWithItsError() {
        IllegalStateException e = failure(
                IllegalStateException.class,
                client.fetch(echoRequest("PUT")
                        .bodyProducer(w -> w.write("part")
                                .thenCompose(
                                        v -> CompletableFuture.failedFuture(new IllegalStateException("source broke"))))
                        .build()));
        assertEquals("source broke", e.getMessage());
    }

    @Test
    void producerRunningOnAnotherThreadStillWorks() throws Exception {
        HttpResponse r = await(client.fetch(echoRequest("POST")
                .bodyProducer(w -> CompletableFuture.supplyAsync(() -> w.write("from "))
                        .thenCompose(f -> f)
                        .thenCompose(v -> w.write("elsewhere")))
                .build()));
        assertEquals("from elsewhere", r.bodyText());
    }

    @Test
    void expectContinueSendsTheBodyAfterOneHundredContinue() throws Exception {
        HttpResponse r = await(client.fetch(echoRequest("PUT")
                .body("after continue")
                .expect100Continue(true)
                .build()));
        assertEquals("100-continue", r.header("X-Expect"));
        assertEquals("after continue", r.bodyText());
    }

    @Test
    void earlyFinalResponseToExpectContinueMeansTheBodyIsNeverSent() throws Exception {
        // Virtual time: the wait for 100 Continue cannot run out however slow the machine is.
        fx.close();
        fx = new ClientFixture(new ManualClock());
        client = fx.client();
        CompletableFuture<Integer> bytesAfterHead = new CompletableFuture<>();
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n\r\ntoo big!");
            int n = 0;
            conn.socket.setSoTimeout(10_000);
            while (conn.in.read() >= 0) {
                n++;
            }
            bytesAfterHead.complete(n);
        });
        HttpResponse r = await(client.fetch(HttpRequest.builder(raw.url("/"))
                .method("PUT")
                .body(new byte[100_000])
                .expect100Continue(true)
                .raiseError(false)
                .build()));
        assertEquals(413, r.code());
        assertEquals("too big!", r.bodyText());
        assertEquals(0, await(bytesAfterHead), "the client never sent the body and closed the connection");
        assertTrue(raw.heads.get(0).contains("Expect: 100-continue\r\n"));
    }

    @Test
    void bodyIsSentAnywayWhenNoContinueComesInTime() throws Exception {
        fx.close();
        ManualClock clock = new ManualClock();
        fx = new ClientFixture(clock);
        client = fx.client();
        CompletableFuture<Void> headRead = new CompletableFuture<>();
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            headRead.complete(null);
            byte[] body = conn.readBody(4);
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
            conn.write(body);
            conn.awaitClientClose();
        });
        CompletableFuture<HttpResponse> f = client.fetch(HttpRequest.builder(raw.url("/"))
                .method("PUT")
                .body("late")
                .expect100Continue(true)
                .build());
        await(headRead);
        clock.advance(AsyncHttpClient.EXPECT_CONTINUE_TIMEOUT);
        assertEquals("late", await(f).bodyText());
    }

    @Test
    void emptyBodyIsSentWithZeroLength() throws Exception {
        HttpResponse r =
                await(client.fetch(echoRequest("POST").body(ByteString.EMPTY).build()));
        assertEquals("0", r.header("X-Content-Length"));
    }
}
