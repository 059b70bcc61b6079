package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.RawHttpClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    private HttpServer server;

    @AfterEach void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private RawHttpClient client() throws IOException {
        return new RawHttpClient(server.port());
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    @Test void answersARequestWithDateServerAndContentLength() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/hello")).read().assertCode(200);
            assertEquals("HTTP/1.1 200 OK", r.statusLine);
            assertEquals("Hello, world", r.text());
            assertEquals("12", r.header("Content-Length"));
            assertEquals("Squall/" + HttpServer.VERSION, r.header("Server"));
            assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
            assertNull(r.header("Connection"));
        }
    }

    @Test void handsTheHandlerTheRequestLineHeadersAndPeer() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /echo?a=1&b=2 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n").read().assertCode(200);
            assertEquals("GET", r.header("X-Method"));
            assertEquals("/echo?a=1&b=2", r.header("X-Uri"));
            assertEquals("/echo", r.header("X-Path"));
            assertEquals("a=1&b=2", r.header("X-Query"));
            assertEquals("HTTP/1.1", r.header("X-Version"));
            assertEquals("127.0.0.1", r.header("X-Remote-Ip"));
            assertEquals("http", r.header("X-Protocol"));
            assertEquals("example.com:8080", r.header("X-Host"));
        }
    }

    @Test void passesAnyTokenMethodToTheHandler() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("FOO /echo HTTP/1.1\r\nHost: h\r\n\r\n").read().assertCode(200);
            assertEquals("FOO", r.header("X-Method"));
        }
    }

    @Test void normalisesAndKeepsRepeatedRequestHeaders() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /headers HTTP/1.1\r\nhost: h\r\nx-multi: 1\r\nX-MULTI: 2\r\n\r\n").read().assertCode(200);
            assertEquals("Host=h\nX-Multi=1|2\n", r.text());
        }
    }

    @Test void keepsHttp11ConnectionsAliveByDefault() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/hello")).read().assertCode(200);
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void closesHttp10ConnectionsWithoutKeepAlive() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /hello HTTP/1.0\r\n\r\n").read().assertCode(200);
            assertEquals("Hello, world", r.text());
            assertNull(r.header("Connection"));
            c.assertClosedByServer();
        }
    }

    @Test void keepsHttp10ConnectionsThatAskForKeepAliveAndEchoesIt() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().assertCode(200);
            assertEquals("keep-alive", r.header("Connection"));
            r = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().assertCode(200);
            assertEquals("keep-alive", r.header("Connection"));
        }
    }

    @Test void honoursConnectionCloseFromTheClient() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read().assertCode(200);
            r.assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void honoursConnectionCloseFromTheHandler() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/close")).read().assertCode(200);
            r.assertConnectionClose();
            assertEquals(1, r.count("Connection"));
            c.assertClosedByServer();
        }
    }

    @Test void answersPipelinedRequestsInOrder() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/async?20") + get("/echo?second") + get("/async?0"));
            assertEquals("async /async?20", c.read().assertCode(200).text());
            assertEquals("/echo?second", c.read().assertCode(200).header("X-Uri"));
            assertEquals("async /async?0", c.read().assertCode(200).text());
        }
    }

    @Test void answersManyPipelinedRequestsSentInOneWrite() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append(get("/echo?" + i));
            }
            c.send(batch.toString());
            for (int i = 0; i < 100; i++) {
                assertEquals("/echo?" + i, c.read().assertCode(200).header("X-Uri"));
            }
        }
    }

    @Test void keepsPipelinedRequestsWaitingBehindASlowOneEvenPastTheBufferThreshold() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            StringBuilder batch = new StringBuilder(get("/async?50"));
            String padding = "X-Padding: " + "p".repeat(500) + "\r\n";
            int n = 0;
            while (batch.length() < 3 * Http1ServerConnection.PIPELINE_BUFFER_BYTES) {
                batch.append("GET /echo?").append(n++).append(" HTTP/1.1\r\nHost: test\r\n").append(padding).append("\r\n");
            }
            c.send(batch.toString());
            assertEquals("async /async?50", c.read().assertCode(200).text());
            for (int i = 0; i < n; i++) {
                assertEquals("/echo?" + i, c.read().assertCode(200).header("X-Uri"));
            }
        }
    }

    @Test void slowsReadingWhileAClientDoesNotReadItsResponses() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                batch.append(get("/big?" + (1_000_000 + i)));
            }
            c.send(batch.toString());
            for (int i = 0; i < 8; i++) {
                assertEquals(1_000_000 + i, c.read().assertCode(200).body.length);
            }
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void skipsAnExtraCrlfAfterAnHttp10KeepAliveBody() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi\r\n");
            assertEquals("hi", c.read().assertCode(200).text());
            c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("Hello, world", c.read().assertCode(200).text());
        }
    }

    @Test void keepsADoubleSlashPath() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            assertEquals("//doubleslash", c.send(get("//doubleslash")).read().assertCode(404).text().substring(13));
        }
    }

    @Test void finishingAfterTheClientLeftIsHarmless() throws Exception {
        CompletableFuture<HttpServerRequest> requests = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> responses = new CompletableFuture<>();
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> {
                    responses.complete(response);
                    requests.complete(request);
                })
                .build().listen(0, "127.0.0.1");
        RawHttpClient c = client();
        c.send(get("/wait"));
        HttpServerRequest request = requests.get(10, TimeUnit.SECONDS);
        HttpServerResponse response = responses.get(10, TimeUnit.SECONDS);
        c.close();
        response.closeFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        request.loop().execute(() -> {
            try {
                response.writeHead(200, null, new HttpHeaders());
                response.write(TestServers.utf8("too late"));
                response.finish();
                finished.complete(response.isFinished());
            } catch (Throwable t) {
                finished.completeExceptionally(t);
            }
        });
        assertTrue(finished.get(10, TimeUnit.SECONDS));
    }

    @Test void readsAHeadLargerThanOneParsingChunk() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            String big = "v".repeat(Http1ServerConnection.MIRROR_CHUNK_BYTES + 5000);
            Response r = c.send("GET /headers HTTP/1.1\r\nHost: h\r\nX-Big: " + big + "\r\n\r\n").read().assertCode(200);
            assertEquals("Host=h\nX-Big=" + big + "\n", r.text());
        }
    }

    @Test void readsARequestPipelinedBehindALargeBody() throws Exception {
        server = TestServers.start();
        String body = "b".repeat(40_000);
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body + get("/echo?after"));
            assertEquals(body, c.read().assertCode(200).text());
            assertEquals("/echo?after", c.read().assertCode(200).header("X-Uri"));
        }
    }

    @Test void readsAContentLengthBodySplitAcrossWrites() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello");
            c.send(" wor");
            c.send("ld");
            assertEquals("hello world", c.read().assertCode(200).text());
        }
    }

    @Test void readsALargeBody() throws Exception {
        server = TestServers.start();
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n");
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    c.send(body);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Response r = c.read().assertCode(200);
            sending.get(10, TimeUnit.SECONDS);
            assertArrayEquals(body, r.body);
        }
    }

    @Test void readsAChunkedBodyIgnoringExtensions() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n");
            c.send("6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            assertEquals("hello world", c.read().assertCode(200).text());
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void inflatesGzipBodiesWhenAsked() throws Exception {
        server = TestServers.start(b -> b.decompressRequest(true));
        byte[] gz = gzip("hello, compressed world");
        try (RawHttpClient c = client()) {
            c.send("POST /headers HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
            c.send(gz);
            String headers = c.read().assertCode(200).text();
            assertTrue(headers.contains("X-Consumed-Content-Encoding=gzip"), headers);
            assertFalse(headers.contains("Content-Encoding=gzip\nContent"), headers);
            assertTrue(headers.contains("Content-Length=23"), headers);
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
            c.send(gz);
            assertEquals("hello, compressed world", c.read().assertCode(200).text());
        }
    }

    @Test void leavesGzipBodiesAloneByDefault() throws Exception {
        server = TestServers.start();
        byte[] gz = gzip("hello");
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n");
            c.send(gz);
            assertArrayEquals(gz, c.read().assertCode(200).body);
        }
    }

    @Test void refusesInvalidGzipWith400() throws Exception {
        server = TestServers.start(b -> b.decompressRequest(true));
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello");
            c.read().assertCode(400).assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void answers100ContinueBeforeReadingTheBody() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", c.readLine());
            assertEquals("", c.readLine());
            c.send("hello");
            assertEquals("hello", c.read().assertCode(200).text());
        }
    }

    @Test void answers413InsteadOf100ContinueForAnOversizeBody() throws Exception {
        server = TestServers.start(b -> b.maxBodyBytes(4));
        try (RawHttpClient c = client()) {
            c.send("POST /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            c.read().assertCode(413).assertConnectionClose();
        }
    }

    @Test void sendsNoBodyForHead() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n").read(true).assertCode(200);
            assertEquals("12", r.header("Content-Length"));
            r = c.send("HEAD /chunked HTTP/1.1\r\nHost: h\r\n\r\n").read(true).assertCode(200);
            assertNull(r.header("Transfer-Encoding"));
            // nothing was sent after the heads: the next response starts right away
            assertEquals("Hello, world", c.send(get("/hello")).read().assertCode(200).text());
        }
    }

    @Test void chunksAnHttp11ResponseWithoutContentLength() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/chunked")).read().assertCode(200);
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertEquals(2, r.chunks);
            assertEquals("abcdefgh", r.text());
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void delimitsAnHttp10ResponseWithoutContentLengthByClosing() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().assertCode(200);
            assertNull(r.header("Transfer-Encoding"));
            assertTrue(r.closeDelimited);
            assertEquals("abcdefgh", r.text());
        }
    }

    @Test void sendsNoFramingFor204And304() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/no-content")).read().assertCode(204);
            assertNull(r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            r = c.send(get("/not-modified")).read().assertCode(304);
            assertNull(r.header("Transfer-Encoding"));
            assertEquals("\"x\"", r.header("Etag"));
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void sendsALargeResponseWhole() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/big?5000000")).read().assertCode(200);
            assertEquals(5_000_000, r.body.length);
            assertEquals('a' + 4_999_999 % 26, r.body[4_999_999]);
            r = c.send(get("/big-streamed?3000000")).read().assertCode(200);
            assertEquals(3_000_000, r.body.length);
            assertEquals('a' + 2_999_999 % 26, r.body[2_999_999]);
        }
    }

    @Test void closesTheConnectionWhenTheHandlerWritesMoreThanContentLength() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/too-long"));
            String raw = c.readUntilClose();
            assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
            assertTrue(raw.endsWith("\r\n\r\n"), "no body bytes were sent: " + raw);
        }
    }

    @Test void closesTheConnectionWhenTheHandlerWritesLessThanContentLength() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/too-short"));
            String raw = c.readUntilClose();
            assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
            assertTrue(raw.endsWith("\r\n\r\n123"), raw);
        }
    }

    @Test void answers500WhenTheHandlerThrowsAndKeepsTheConnection() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/fail")).read().assertCode(500);
            c.send(get("/hello")).read().assertCode(200);
        }
    }

    @Test void closesTheConnectionWhenTheHandlerThrowsAfterStartingItsResponse() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/fail-after-head"));
            String raw = c.readUntilClose();
            assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
            assertFalse(raw.endsWith("0\r\n\r\n"), "the chunked body must not look complete: " + raw);
        }
    }

    @Test void completesTheCloseFutureWhenTheClientGoesAway() throws Exception {
        CompletableFuture<HttpServerResponse> waiting = new CompletableFuture<>();
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> waiting.complete(response))
                .build().listen(0, "127.0.0.1");
        RawHttpClient c = client();
        c.send(get("/wait"));
        HttpServerResponse response = waiting.get(10, TimeUnit.SECONDS);
        assertFalse(response.closeFuture().isDone());
        c.close();
        response.closeFuture().get(10, TimeUnit.SECONDS);
    }

    @Test void stopClosesIdleConnectionsAndRefusesNewOnes() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send(get("/hello")).read().assertCode(200);
            int port = server.port();
            server.stop();
            c.assertClosedByServer();
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(RawHttpClient.SAFETY_TIMEOUT_MILLIS);
                    s.getOutputStream().write(get("/hello").getBytes());
                    if (s.getInputStream().read() < 0) {
                        throw new IOException("closed");
                    }
                }
            });
        }
    }

    @Test void stopLetsARequestInFlightFinishWithConnectionClose() throws Exception {
        CompletableFuture<HttpServerRequest> requests = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> responses = new CompletableFuture<>();
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> {
                    responses.complete(response);
                    requests.complete(request);
                })
                .build().listen(0, "127.0.0.1");
        try (RawHttpClient c = client()) {
            c.send(get("/wait"));
            HttpServerRequest request = requests.get(10, TimeUnit.SECONDS);
            HttpServerResponse response = responses.get(10, TimeUnit.SECONDS);
            server.stop();
            request.loop().execute(() -> response.end(200, new HttpHeaders(), TestServers.utf8("late")));
            Response r = c.read().assertCode(200);
            assertEquals("late", r.text());
            r.assertConnectionClose();
            c.assertClosedByServer();
        }
    }

    @Test void writesATextResponseWithTheShorthand() throws Exception {
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> response.end(201, "text/plain; charset=utf-8", "h\u00e9llo"))
                .build().listen(0, "127.0.0.1");
        try (RawHttpClient c = client()) {
            Response r = c.send(get("/")).read().assertCode(201);
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("h\u00e9llo", r.text());
        }
    }

    @Test void refusesResponseCallsFromOutsideTheLoop() throws Exception {
        CompletableFuture<HttpServerRequest> requests = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> responses = new CompletableFuture<>();
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> {
                    responses.complete(response);
                    requests.complete(request);
                })
                .build().listen(0, "127.0.0.1");
        try (RawHttpClient c = client()) {
            c.send(get("/"));
            HttpServerResponse response = responses.get(10, TimeUnit.SECONDS);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> response.end(200, new HttpHeaders(), new byte[0]));
            assertTrue(e.getMessage().contains("loop().execute"), e.getMessage());
            requests.get().loop().execute(() -> response.end(200, new HttpHeaders(), new byte[0]));
            c.read().assertCode(200);
        }
    }

    @Test void handsTheConnectionOverAfterA101() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            c.send("GET /upgrade HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nhello");
            Response r = c.read().assertCode(101);
            assertEquals("Upgrade", r.header("Connection"));
            assertEquals("HELLO", c.readUntilClose());
        }
    }

    @Test void refusesToDetachWithoutA101() throws Exception {
        server = TestServers.start();
        try (RawHttpClient c = client()) {
            assertTrue(c.send(get("/detach-too-early")).read().assertCode(200).text().contains("101"));
        }
    }

    @Test void closeClosesConnectionsInFlight() throws Exception {
        CompletableFuture<HttpServerResponse> responses = new CompletableFuture<>();
        server = HttpServer.builder().loops(TestServers.loops())
                .handler((request, response) -> responses.complete(response))
                .build().listen(0, "127.0.0.1");
        try (RawHttpClient c = client()) {
            c.send(get("/wait"));
            HttpServerResponse response = responses.get(10, TimeUnit.SECONDS);
            server.close();
            c.assertClosedByServer();
            response.closeFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test void closesTheLoopsItCreated() throws Exception {
        server = HttpServer.builder().handler(TestServers::handle).build().listen(0, "127.0.0.1");
        try (RawHttpClient c = client()) {
            c.send(get("/hello")).read().assertCode(200);
        }
        server.close();
        for (dev.squall.loop.IOLoop loop : server.loops().loops()) {
            assertTrue(loop.isClosed(), loop.name());
        }
    }

    @Test void leavesAGivenLoopGroupRunning() {
        server = TestServers.start();
        server.close();
        assertFalse(TestServers.loops().loops().get(0).isClosed());
    }

    @Test void rejectsAHandlerlessBuilder() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> HttpServer.builder().build());
        assertTrue(e.getMessage().contains("handler"), e.getMessage());
    }

    @Test void reportsItsPortAndAddress() {
        server = TestServers.start();
        assertTrue(server.port() > 0);
        assertEquals(server.port(), server.localAddress().getPort());
        assertNotNull(server.toString());
    }

    @Test void refusesPortBeforeListen() {
        HttpServer s = HttpServer.builder().loops(TestServers.loops()).handler((q, r) -> { }).build();
        assertThrows(IllegalStateException.class, s::port);
        s.close();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(TestServers.utf8(text));
        }
        return bytes.toByteArray();
    }
}
