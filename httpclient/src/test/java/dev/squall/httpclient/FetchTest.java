package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Types;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpVersion;
import dev.squall.loop.IOLoop;
import dev.squall.net.Resolver;
import dev.squall.net.StreamClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetching against Squall's own server on loopback, and byte-level cases against a raw socket server. */
class FetchTest {
    private final ClientFixture fx = new ClientFixture();
    private final AsyncHttpClient client = fx.client();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private HttpServer echoServer() {
        return fx.server((req, resp) -> {
            switch (req.path()) {
                case "/json" -> resp.end(200, "application/json", "{\"name\":\"squall\",\"tags\":[\"a\",\"b\"]}");
                case "/missing" -> resp.end(404, "text/plain", "no such thing");
                case "/created" -> resp.end(201, "text/plain", "made");
                case "/chunked" -> {
                    resp.writeHead(200, null, new HttpHeaders().add("Content-Type", "text/plain"));
                    resp.write("abc".getBytes(StandardCharsets.UTF_8));
                    resp.flush();
                    resp.write("defgh".getBytes(StandardCharsets.UTF_8));
                    resp.finish();
                }
                case "/nocontent" -> resp.end(204, new HttpHeaders(), new byte[0]);
                case "/notmodified" -> resp.end(304, new HttpHeaders().add("Etag", "\"x\""), new byte[0]);
                case "/latin1" ->
                    resp.end(
                            200,
                            new HttpHeaders().add("Content-Type", "text/plain; charset=ISO-8859-1"),
                            "café".getBytes(StandardCharsets.ISO_8859_1));
                default ->
                    resp.end(
                            200,
                            new HttpHeaders()
                                    .add("Content-Type", "text/plain")
                                    .add("X-Method", req.method())
                                    .add("X-Uri", req.uri())
                                    .add("X-User-Agent", req.headers().get("User-Agent", "none"))
                                    .add("X-Accept-Encoding", req.headers().get("Accept-Encoding", "none")),
                            req.body());
            }
        });
    }

    private static String url(HttpServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    @Test
    void responseCarriesCodeReasonHeadersBodyAndEffectiveUrl() throws Exception {
        HttpServer s = echoServer();
        HttpRequest request = HttpRequest.builder(url(s, "/created")).build();
        HttpResponse r = await(client.fetch(request));
        assertEquals(201, r.code());
        assertEquals("Created", r.reason());
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals("text/plain", r.header("content-type"));
        assertEquals("made", r.bodyText());
        assertEquals("made", r.bodySource().readUtf8());
        assertEquals(4, r.bodyBytes().length);
        assertEquals(request.uri(), r.effectiveUrl());
        assertSame(request, r.request());
    }

    @Test
    void requestCarriesMethodTargetUserAgentAndAcceptEncoding() throws Exception {
        HttpServer s = echoServer();
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s, "/p/q?x=1&y=%20"))
                .method("PUT")
                .body("data")
                .build()));
        assertEquals("PUT", r.header("X-Method"));
        assertEquals("/p/q?x=1&y=%20", r.header("X-Uri"));
        assertEquals(HttpRequest.DEFAULT_USER_AGENT, r.header("X-User-Agent"));
        assertEquals("gzip", r.header("X-Accept-Encoding"));
        assertEquals("data", r.bodyText());
    }

    @Test
    void clientDefaultsApplyToRequestsThatDoNotSetThem() throws Exception {
        HttpServer s = echoServer();
        AsyncHttpClient custom =
                fx.client(b -> b.defaults(d -> d.userAgent("svc/2").decompressResponse(false)));
        assertEquals("svc/2", await(custom.fetch(url(s, "/"))).header("X-User-Agent"));
        assertEquals("none", await(custom.fetch(url(s, "/"))).header("X-Accept-Encoding"));
        HttpRequest own = HttpRequest.builder(url(s, "/")).userAgent("mine/1").build();
        assertEquals("mine/1", await(custom.fetch(own)).header("X-User-Agent"));
    }

    @Test
    void jsonDecodesWithMoshi() throws Exception {
        HttpServer s = echoServer();
        HttpResponse r = await(client.fetch(url(s, "/json")));
        Map<String, Object> map = r.json(Types.newParameterizedType(Map.class, String.class, Object.class));
        assertEquals("squall", map.get("name"));
        Named named = r.json(Named.class);
        assertEquals("squall", named.name);
        assertEquals(List.of("a", "b"), named.tags);
    }

    static final class Named {
        String name;
        List<String> tags;
    }

    @Test
    void jsonRequestBodyIsSent() throws Exception {
        HttpServer s = echoServer();
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s, "/"))
                .method("POST")
                .json(Map.of("n", 1))
                .build()));
        assertEquals("{\"n\":1}", r.bodyText());
    }

    @Test
    void nonSuccessFailsWithHttpClientErrorCarryingTheResponse() {
        HttpServer s = echoServer();
        HttpClientError e = failure(HttpClientError.class, client.fetch(url(s, "/missing")));
        assertEquals(404, e.code());
        assertEquals("no such thing", e.response().bodyText());
        assertTrue(e.getMessage().startsWith("HTTP 404 Not Found for GET http://127.0.0.1:"), e.getMessage());
    }

    @Test
    void raiseErrorFalseReturnsTheErrorResponse() throws Exception {
        HttpServer s = echoServer();
        HttpResponse r = await(client.fetch(
                HttpRequest.builder(url(s, "/missing")).raiseError(false).build()));
        assertEquals(404, r.code());
        assertFalse(r.isSuccessful());
    }

    @Test
    void futureCompletesOnTheCallersLoop() throws Exception {
        HttpServer s = echoServer();
        try (IOLoop other = IOLoop.builder().name("caller-loop").daemon(true).build()) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            other.execute(() -> client.fetch(url(s, "/"))
                    .whenComplete(
                            (r, e) -> thread.complete(Thread.currentThread().getName())));
            assertEquals("caller-loop", await(thread));
        }
    }

    @Test
    void futureCompletesOnTheClientLoopWhenTheCallerIsNotOnALoop() throws Exception {
        CompletableFuture<dev.squall.http.HttpServerResponse> held = new CompletableFuture<>();
        HttpServer s = fx.server((req, resp) -> held.complete(resp));
        CompletableFuture<HttpResponse> f = client.fetch(url(s, "/"));
        CompletableFuture<String> thread =
                f.thenApply(r -> Thread.currentThread().getName());
        dev.squall.http.HttpServerResponse resp = await(held); // the response is held until the stage is in place
        ClientFixture.serverLoops().next().execute(() -> resp.end(200, "text/plain", "late"));
        assertEquals("client-test", await(thread));
    }

    @Test
    void chunkedBodyIsReassembled() throws Exception {
        HttpServer s = echoServer();
        HttpResponse r = await(client.fetch(url(s, "/chunked")));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("abcdefgh", r.bodyText());
    }

    @Test
    void contentLengthBodyOfManyReadsIsComplete() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        HttpServer s = fx.server((req, resp) -> resp.end(200, new HttpHeaders(), big));
        HttpResponse r = await(client.fetch(url(s, "/")));
        assertEquals(Integer.toString(big.length), r.header("Content-Length"));
        assertTrue(java.util.Arrays.equals(big, r.bodyBytes()));
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyAndKeepTheConnection() throws Exception {
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 204 No Content\r\n\r\n");
            conn.readHead();
            conn.write("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n");
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            conn.awaitClientClose();
        });
        assertEquals(0, await(client.fetch(raw.url("/a"))).body().size());
        HttpResponse notModified = await(client.fetch(
                HttpRequest.builder(raw.url("/b")).raiseError(false).build()));
        assertEquals(304, notModified.code());
        assertEquals(0, notModified.body().size());
        assertEquals("ok", await(client.fetch(raw.url("/c"))).bodyText());
        assertEquals(1, raw.connections());
    }

    @Test
    void headResponseHasNoBody() throws Exception {
        RawServer raw = fx.raw(RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));
        HttpResponse r = await(
                client.fetch(HttpRequest.builder(raw.url("/")).method("HEAD").build()));
        assertEquals("1234", r.header("Content-Length"));
        assertEquals(0, r.body().size());
    }

    @Test
    void http10ResponseWithoutLengthIsReadUntilTheServerCloses() throws Exception {
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the ");
            conn.write("very end");
        });
        HttpResponse r = await(client.fetch(raw.url("/")));
        assertEquals(HttpVersion.HTTP_1_0, r.version());
        assertEquals("until the very end", r.bodyText());
    }

    @Test
    void serverClosingMidBodyFailsWithWhatWasMissing() {
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        });
        StreamClosedException e = failure(StreamClosedException.class, client.fetch(raw.url("/")));
        assertTrue(e.getMessage().contains("90 bytes of the body still to come"), e.getMessage());
    }

    @Test
    void serverClosingMidChunkedBodyFails() {
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        });
        StreamClosedException e = failure(StreamClosedException.class, client.fetch(raw.url("/")));
        assertTrue(e.getMessage().contains("in the middle of a chunked body"), e.getMessage());
    }

    @Test
    void serverClosingWithoutAnswerFails() {
        RawServer raw = fx.raw(conn -> conn.readHead());
        StreamClosedException e = failure(StreamClosedException.class, client.fetch(raw.url("/")));
        assertTrue(e.getMessage().contains("closed before a response"), e.getMessage());
    }

    @Test
    void malformedResponseFailsWithProtocolError() {
        RawServer raw = fx.raw(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello");
            conn.awaitClientClose();
        });
        HttpProtocolException e = failure(HttpProtocolException.class, client.fetch(raw.url("/")));
        assertTrue(e.getMessage().contains("conflicting Content-Length"), e.getMessage());
    }

    @Test
    void bodyIsDecodedWithTheCharsetOfItsContentType() throws Exception {
        HttpServer s = echoServer();
        assertEquals("café", await(client.fetch(url(s, "/latin1"))).bodyText());
    }

    @Test
    void timingsAreMeasured() throws Exception {
        HttpServer s = echoServer();
        HttpResponse first = await(client.fetch(url(s, "/")));
        assertTrue(first.totalTime().compareTo(first.timeToFirstByte()) >= 0);
        assertTrue(first.timeToFirstByte().compareTo(first.connectTime()) >= 0);
        assertTrue(first.connectTime().compareTo(Duration.ZERO) > 0, "a new connection takes time to open");
        HttpResponse second = await(client.fetch(url(s, "/")));
        assertEquals(Duration.ZERO, second.connectTime(), "a pooled connection needs no connect");
        assertEquals(Duration.ZERO, second.queueTime());
    }

    @Test
    void invalidUrlFailsTheFuture() {
        IllegalArgumentException e = failure(IllegalArgumentException.class, client.fetch("ftp://example.com/"));
        assertTrue(e.getMessage().contains("only http and https"), e.getMessage());
    }

    @Test
    void connectionRefusedIsReported() throws Exception {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        java.net.ConnectException e =
                failure(java.net.ConnectException.class, client.fetch("http://127.0.0.1:" + port + "/"));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void sharedClientIsOnePerLoopAndReplacedAfterClose() throws Exception {
        AsyncHttpClient a = AsyncHttpClient.shared(fx.loop);
        assertSame(a, AsyncHttpClient.shared(fx.loop));
        assertSame(a, fx.onLoop(AsyncHttpClient::shared));
        a.close();
        AsyncHttpClient b = AsyncHttpClient.shared(fx.loop);
        assertNotSame(a, b);
        b.close();
    }

    @Test
    void buildSharedInstallsTheLoopsSharedClientWithItsSettings() throws Exception {
        HttpServer s = echoServer();
        List<String> resolved = new java.util.concurrent.CopyOnWriteArrayList<>();
        Resolver recording = (host, port) -> {
            resolved.add(host);
            return Resolver.system().resolve(host, port);
        };
        AsyncHttpClient configured =
                AsyncHttpClient.builder().loop(fx.loop).resolver(recording).buildShared();
        try {
            assertSame(configured, AsyncHttpClient.shared(fx.loop));
            assertEquals(
                    200,
                    await(AsyncHttpClient.shared(fx.loop).fetch("http://localhost:" + s.port() + "/"))
                            .code());
            assertEquals(List.of("localhost"), resolved);
            IllegalStateException twice = assertThrows(
                    IllegalStateException.class,
                    () -> AsyncHttpClient.builder().loop(fx.loop).buildShared());
            assertTrue(twice.getMessage().contains("already has a shared AsyncHttpClient"), twice.getMessage());
        } finally {
            configured.close();
        }
        AsyncHttpClient fresh = AsyncHttpClient.shared(fx.loop);
        assertNotSame(configured, fresh);
        fresh.close();
    }

    @Test
    void closedClientRefusesToFetch() {
        HttpServer s = echoServer();
        AsyncHttpClient c = fx.client();
        c.close();
        IllegalStateException e = failure(IllegalStateException.class, c.fetch(url(s, "/")));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closingTheClientFailsRequestsInFlight() throws Exception {
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        HttpServer s = fx.server((req, resp) -> arrived.complete(null)); // never answers
        AsyncHttpClient c = fx.client();
        CompletableFuture<HttpResponse> f = c.fetch(url(s, "/"));
        await(arrived);
        c.close();
        StreamClosedException e = failure(StreamClosedException.class, f);
        assertTrue(e.getMessage().contains("AsyncHttpClient was closed"), e.getMessage());
    }
}
