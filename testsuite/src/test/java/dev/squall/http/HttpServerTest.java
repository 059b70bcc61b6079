package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static dev.squall.http.Raw.get;
import static dev.squall.http.Raw.gzip;
import static dev.squall.http.Raw.text;
import static dev.squall.http.Routes.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@SquallTest
class HttpServerTest {
    private final CompletableFuture<HttpServerResponse> waiting = new CompletableFuture<>();
    private RawConnection c;

    /** The routes, and {@code /wait}, whose response the test takes over. */
    HttpHandler app() {
        return (request, response) -> {
            if (request.path().equals("/wait")) {
                waiting.complete(response);
            } else {
                Routes.handle(request, response);
            }
        };
    }

    @BeforeEach
    void connect(RawConnection connection) {
        c = connection;
    }

    private RawResponse exchange(String request, int expectedCode) {
        return expect(expectedCode, c.send(request).readResponse());
    }

    /** Serves {@link #app()} on the test's loop, for a test that stops or closes the server itself. */
    private HttpServer serve(TestLoop loop) {
        return loop.closeAfterTest(HttpServer.builder()
                .handler(app())
                .loops(LoopGroup.of(loop.loop()))
                .build()
                .listen(0, "127.0.0.1"));
    }

    @Test
    void answersARequestWithDateServerAndContentLength() {
        RawResponse r = exchange(get("/hello"), 200);
        assertTrue(text(r.raw()).startsWith("HTTP/1.1 200 OK\r\n"), r::toString);
        assertEquals("Hello, world", r.bodyText());
        assertEquals("12", r.header("Content-Length"));
        assertEquals("Squall/" + HttpServer.VERSION, r.header("Server"));
        assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
        assertNull(r.header("Connection"));
    }

    @Test
    void handsTheHandlerTheRequestLineHeadersAndPeer() {
        RawResponse r = exchange("GET /echo?a=1&b=2 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", 200);
        assertEquals("GET", r.header("X-Method"));
        assertEquals("/echo?a=1&b=2", r.header("X-Uri"));
        assertEquals("/echo", r.header("X-Path"));
        assertEquals("a=1&b=2", r.header("X-Query"));
        assertEquals("HTTP/1.1", r.header("X-Version"));
        assertEquals("127.0.0.1", r.header("X-Remote-Ip"));
        assertEquals("http", r.header("X-Protocol"));
        assertEquals("example.com:8080", r.header("X-Host"));
    }

    @Test
    void passesAnyTokenMethodToTheHandler() {
        assertEquals(
                "FOO", exchange("FOO /echo HTTP/1.1\r\nHost: h\r\n\r\n", 200).header("X-Method"));
    }

    @Test
    void normalisesAndKeepsRepeatedRequestHeaders() {
        RawResponse r = exchange("GET /headers HTTP/1.1\r\nhost: h\r\nx-multi: 1\r\nX-MULTI: 2\r\n\r\n", 200);
        assertEquals("Host=h\nX-Multi=1|2\n", r.bodyText());
    }

    @Test
    void keepsHttp11ConnectionsAliveByDefault() {
        exchange(get("/hello"), 200);
        exchange(get("/hello"), 200);
    }

    @Test
    void closesHttp10ConnectionsWithoutKeepAlive() {
        RawResponse r = exchange("GET /hello HTTP/1.0\r\n\r\n", 200);
        assertEquals("Hello, world", r.bodyText());
        assertNull(r.header("Connection"));
        c.assertClosed();
    }

    @Test
    void keepsHttp10ConnectionsThatAskForKeepAliveAndEchoesIt() {
        String request = "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        assertEquals("keep-alive", exchange(request, 200).header("Connection"));
        assertEquals("keep-alive", exchange(request, 200).header("Connection"));
    }

    @Test
    void honoursConnectionCloseFromTheClient() {
        expectClose(
                200,
                c.send("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                        .readResponse());
        c.assertClosed();
    }

    @Test
    void honoursConnectionCloseFromTheHandler() {
        RawResponse r = expectClose(200, c.send(get("/close")).readResponse());
        assertEquals(1, r.headers("Connection").size());
        c.assertClosed();
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        c.send(get("/async?20") + get("/echo?second") + get("/async?0"));
        assertEquals("async /async?20", expect(200, c.readResponse()).bodyText());
        assertEquals("/echo?second", expect(200, c.readResponse()).header("X-Uri"));
        assertEquals("async /async?0", expect(200, c.readResponse()).bodyText());
    }

    @Test
    void answersManyPipelinedRequestsSentInOneWrite() {
        c.send(IntStream.range(0, 100).mapToObj(i -> get("/echo?" + i)).collect(Collectors.joining()));
        for (int i = 0; i < 100; i++) {
            assertEquals("/echo?" + i, expect(200, c.readResponse()).header("X-Uri"));
        }
    }

    @Test
    void keepsPipelinedRequestsWaitingBehindASlowOneEvenPastTheBufferThreshold() {
        StringBuilder batch = new StringBuilder(get("/async?50"));
        String padding = "X-Padding: " + "p".repeat(500) + "\r\n";
        int n = 0;
        while (batch.length() < 3 * Http1ServerConnection.PIPELINE_BUFFER_BYTES) {
            batch.append("GET /echo?")
                    .append(n++)
                    .append(" HTTP/1.1\r\nHost: test\r\n")
                    .append(padding)
                    .append("\r\n");
        }
        c.send(batch.toString());
        assertEquals("async /async?50", expect(200, c.readResponse()).bodyText());
        for (int i = 0; i < n; i++) {
            assertEquals("/echo?" + i, expect(200, c.readResponse()).header("X-Uri"));
        }
    }

    @Test
    void slowsReadingWhileAClientDoesNotReadItsResponses() {
        c.send(IntStream.range(0, 8)
                .mapToObj(i -> get("/big?" + (1_000_000 + i)))
                .collect(Collectors.joining()));
        for (int i = 0; i < 8; i++) {
            assertEquals(1_000_000 + i, expect(200, c.readResponse()).body().length);
        }
        exchange(get("/hello"), 200);
    }

    @Test
    void skipsAnExtraCrlfAfterAnHttp10KeepAliveBody() {
        String post = "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi\r\n";
        assertEquals("hi", exchange(post, 200).bodyText());
        assertEquals(
                "Hello, world",
                exchange("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200)
                        .bodyText());
    }

    @Test
    void keepsADoubleSlashPath() {
        assertEquals(
                "//doubleslash", exchange(get("//doubleslash"), 404).bodyText().substring(13));
    }

    @Test
    void finishingAfterTheClientLeftIsHarmless(TestLoop loop) {
        c.send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        c.close();
        loop.join(response.closeFuture());
        assertTrue(loop.call(() -> {
            response.writeHead(200, null, new HttpHeaders());
            response.write(utf8("too late"));
            response.finish();
            return response.isFinished();
        }));
    }

    @Test
    void readsAHeadLargerThanOneParsingChunk() {
        String big = "v".repeat(HeadMirror.CHUNK_BYTES + 5000);
        RawResponse r = exchange("GET /headers HTTP/1.1\r\nHost: h\r\nX-Big: " + big + "\r\n\r\n", 200);
        assertEquals("Host=h\nX-Big=" + big + "\n", r.bodyText());
    }

    @Test
    void readsARequestPipelinedBehindALargeBody() {
        String body = "b".repeat(40_000);
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + get("/echo?after"));
        assertEquals(body, expect(200, c.readResponse()).bodyText());
        assertEquals("/echo?after", expect(200, c.readResponse()).header("X-Uri"));
    }

    @Test
    void readsAContentLengthBodySplitAcrossWrites() {
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello");
        c.send(" wor");
        c.send("ld");
        assertEquals("hello world", expect(200, c.readResponse()).bodyText());
    }

    @Test
    void readsALargeBody() {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        // The server reads the whole body before it answers, so sending all of it first cannot block for good.
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n")
                .send(body);
        assertArrayEquals(body, expect(200, c.readResponse()).body());
    }

    @Test
    void readsAChunkedBodyIgnoringExtensions() {
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n");
        c.send("6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertEquals("hello world", expect(200, c.readResponse()).bodyText());
        exchange(get("/hello"), 200);
    }

    @Nested
    class DecompressingRequests {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.decompressRequest(true);
        }

        @Test
        void inflatesGzipBodiesWhenAsked() {
            byte[] gz = gzip("hello, compressed world");
            c.send("POST /headers HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
                    + "\r\n\r\n");
            String headers = expect(200, c.send(gz).readResponse()).bodyText();
            assertTrue(headers.contains("X-Consumed-Content-Encoding=gzip"), headers);
            assertFalse(headers.contains("Content-Encoding=gzip\nContent"), headers);
            assertTrue(headers.contains("Content-Length=23"), headers);
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
                    + "\r\n\r\n");
            assertEquals(
                    "hello, compressed world",
                    expect(200, c.send(gz).readResponse()).bodyText());
        }

        @Test
        void refusesInvalidGzipWith400() {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello");
            expectClose(400, c.readResponse());
            c.assertClosed();
        }
    }

    @Test
    void leavesGzipBodiesAloneByDefault() {
        byte[] gz = gzip("hello");
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
        assertArrayEquals(gz, expect(200, c.send(gz).readResponse()).body());
    }

    @Test
    void answers100ContinueBeforeReadingTheBody() {
        c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue", c.readLine());
        assertEquals("", c.readLine());
        assertEquals("hello", exchange("hello", 200).bodyText());
    }

    @Nested
    class SmallBodyLimit {
        @ServerOptions
        static void options(HttpServer.Builder server) {
            server.maxBodyBytes(4);
        }

        @Test
        void answers413InsteadOf100ContinueForAnOversizeBody() {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            expectClose(413, c.readResponse());
        }
    }

    @Test
    void sendsNoBodyForHead() {
        c.send("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("12", expect(200, c.readResponse("HEAD")).header("Content-Length"));
        c.send("HEAD /chunked HTTP/1.1\r\nHost: h\r\n\r\n");
        assertNull(expect(200, c.readResponse("HEAD")).header("Transfer-Encoding"));
        // nothing was sent after the heads: the next response starts right away
        assertEquals("Hello, world", exchange(get("/hello"), 200).bodyText());
    }

    @Test
    void chunksAnHttp11ResponseWithoutContentLength() {
        RawResponse r = exchange(get("/chunked"), 200);
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertNull(r.header("Content-Length"));
        assertTrue(text(r.raw()).endsWith("\r\n\r\n3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n"), "two chunks: " + r);
        assertEquals("abcdefgh", r.bodyText());
        exchange(get("/hello"), 200);
    }

    @Test
    void delimitsAnHttp10ResponseWithoutContentLengthByClosing() {
        RawResponse r = exchange("GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200);
        assertNull(r.header("Transfer-Encoding"));
        assertNull(r.header("Content-Length")); // so the body was read until the close
        assertEquals("abcdefgh", r.bodyText());
    }

    @Test
    void sendsNoFramingFor204And304() {
        RawResponse r = exchange(get("/no-content"), 204);
        assertNull(r.header("Content-Length"));
        assertNull(r.header("Transfer-Encoding"));
        r = exchange(get("/not-modified"), 304);
        assertNull(r.header("Transfer-Encoding"));
        assertEquals("\"x\"", r.header("Etag"));
        exchange(get("/hello"), 200);
    }

    @Test
    void sendsALargeResponseWhole() {
        byte[] body = exchange(get("/big?5000000"), 200).body();
        assertEquals(5_000_000, body.length);
        assertEquals('a' + 4_999_999 % 26, body[4_999_999]);
        body = exchange(get("/big-streamed?3000000"), 200).body();
        assertEquals(3_000_000, body.length);
        assertEquals('a' + 2_999_999 % 26, body[2_999_999]);
    }

    @Test
    void closesTheConnectionWhenTheHandlerWritesMoreThanContentLength() {
        String raw = text(c.send(get("/too-long")).readUntilClose());
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertTrue(raw.endsWith("\r\n\r\n"), "no body bytes were sent: " + raw);
    }

    @Test
    void closesTheConnectionWhenTheHandlerWritesLessThanContentLength() {
        String raw = text(c.send(get("/too-short")).readUntilClose());
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertTrue(raw.endsWith("\r\n\r\n123"), raw);
    }

    @Test
    void answers500WhenTheHandlerThrowsAndKeepsTheConnection() {
        exchange(get("/fail"), 500);
        exchange(get("/hello"), 200);
    }

    @Test
    void closesTheConnectionWhenTheHandlerThrowsAfterStartingItsResponse() {
        String raw = text(c.send(get("/fail-after-head")).readUntilClose());
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        assertFalse(raw.endsWith("0\r\n\r\n"), "the chunked body must not look complete: " + raw);
    }

    @Test
    void completesTheCloseFutureWhenTheClientGoesAway(TestLoop loop) {
        c.send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        assertFalse(response.closeFuture().isDone());
        c.close();
        loop.join(response.closeFuture());
    }

    @Test
    void theCloseListenerSetLastRunsOnTheLoopWhenTheClientLeavesMidResponse(TestLoop loop) {
        c.send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        CompletableFuture<String> heard = new CompletableFuture<>();
        loop.call(() -> {
            response.onConnectionClose(() -> heard.complete("the replaced listener"));
            response.onConnectionClose(
                    () -> heard.complete(Thread.currentThread().getName()));
            return null;
        });
        c.close();
        assertEquals(loop.loop().name(), loop.join(heard));
    }

    @Test
    void aCloseListenerIsForgottenOnceTheResponseFinishes(TestLoop loop) {
        c.send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        CompletableFuture<String> heard = new CompletableFuture<>();
        loop.call(() -> {
            response.onConnectionClose(() -> heard.complete("too late"));
            response.end(200, new HttpHeaders(), utf8("done"));
            return null;
        });
        assertEquals("done", c.readResponse().bodyText());
        c.close();
        loop.join(response.closeFuture()); // completes after the connection told its current response
        assertFalse(heard.isDone());
    }

    @Test
    void stopClosesIdleConnectionsAndRefusesNewOnes(TestLoop loop) {
        HttpServer server = serve(loop);
        int port = server.port();
        RawConnection conn = RawConnection.open(port);
        expect(200, conn.send(get("/hello")).readResponse());
        server.stop();
        conn.assertClosed();
        try {
            assertEquals(
                    "", text(RawConnection.open(port).send(get("/hello")).readUntilClose()), "answered after stop()");
        } catch (UncheckedIOException refused) {
            // the connection was refused, or reset as it was sent on
        }
    }

    @Test
    void stopLetsARequestInFlightFinishWithConnectionClose(TestLoop loop) {
        HttpServer server = serve(loop);
        RawConnection conn = RawConnection.open(server.port()).send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        server.stop();
        loop.loop().execute(() -> response.end(200, new HttpHeaders(), utf8("late")));
        assertEquals("late", expectClose(200, conn.readResponse()).bodyText());
        conn.assertClosed();
    }

    @Test
    void writesATextResponseWithTheShorthand() {
        RawResponse r = exchange(get("/shorthand"), 201);
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("h\u00e9llo", r.bodyText());
    }

    @Test
    void refusesResponseCallsFromOutsideTheLoop(TestLoop loop) {
        c.send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> response.end(200, new HttpHeaders(), new byte[0]));
        assertTrue(e.getMessage().contains("loop().execute"), e.getMessage());
        loop.loop().execute(() -> response.end(200, new HttpHeaders(), new byte[0]));
        expect(200, c.readResponse());
    }

    @Test
    void handsTheConnectionOverAfterA101() {
        c.send("GET /upgrade HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nhello");
        assertEquals("Upgrade", expect(101, c.readResponse()).header("Connection"));
        assertEquals("HELLO", text(c.readUntilClose()));
    }

    @Test
    void refusesToDetachWithoutA101() {
        assertTrue(exchange(get("/detach-too-early"), 200).bodyText().contains("101"));
    }

    @Test
    void closeClosesConnectionsInFlight(TestLoop loop) {
        HttpServer server = serve(loop);
        RawConnection conn = RawConnection.open(server.port()).send(get("/wait"));
        HttpServerResponse response = loop.join(waiting);
        server.close();
        conn.assertClosed();
        loop.join(response.closeFuture());
    }

    @Test
    void closesTheLoopsItCreated(TestLoop loop) {
        HttpServer server = loop.closeAfterTest(
                HttpServer.builder().handler(Routes::handle).build().listen(0, "127.0.0.1"));
        expect(200, RawConnection.open(server.port()).send(get("/hello")).readResponse());
        server.close();
        for (IOLoop l : server.loops().loops()) {
            assertTrue(l.isClosed(), l.name());
        }
    }

    @Test
    void leavesAGivenLoopGroupRunning(TestLoop loop) {
        serve(loop).close();
        assertFalse(loop.loop().isClosed());
    }

    @Test
    void rejectsAHandlerlessBuilder() {
        NullPointerException e = assertThrows(
                NullPointerException.class, () -> HttpServer.builder().build());
        assertTrue(e.getMessage().contains("handler"), e.getMessage());
    }

    @Test
    void reportsItsPortAndAddress(TestLoop loop) {
        HttpServer server = serve(loop);
        assertTrue(server.port() > 0);
        assertEquals(server.port(), server.localAddress().getPort());
        assertNotNull(server.toString());
    }

    @Test
    void refusesPortBeforeListen(TestLoop loop) {
        HttpServer s = loop.closeAfterTest(HttpServer.builder()
                .loops(LoopGroup.of(loop.loop()))
                .handler((q, r) -> {})
                .build());
        assertThrows(IllegalStateException.class, s::port);
    }
}
