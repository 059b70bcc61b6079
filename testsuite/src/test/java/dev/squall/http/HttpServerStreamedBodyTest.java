package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP seam of streamed request bodies ({@link HttpHandler#headReceived}, {@link RequestBodyReceiver}): bodies
 * reach the receiver as they arrive, a pending stage stops the server reading the socket, {@code 100 Continue}
 * waits for the handler, and limits, bad framing and disconnects end the body with the right answer.
 */
@SquallTest
class HttpServerStreamedBodyTest {
    /** Completed by the test to accept {@code /later}. */
    private final CompletableFuture<Void> acceptance = new CompletableFuture<>();
    /** Returned by the receiver of {@code /gate} for its first chunk. */
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    private final CompletableFuture<Long> firstChunk = new CompletableFuture<>();
    private final CompletableFuture<Void> headSeen = new CompletableFuture<>();
    private final CompletableFuture<RequestBodyException> failure = new CompletableFuture<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicInteger handleCalls = new AtomicInteger();
    private RawConnection c;

    HttpHandler app() {
        return new HttpHandler() {
            @Override
            public void handle(HttpServerRequest request, HttpServerResponse response) {
                handleCalls.incrementAndGet();
                response.end(200, "text/plain", "buffered " + request.body().length + " " + request.attachment());
            }

            @Override
            public CompletionStage<? extends RequestBodyReceiver> headReceived(
                    HttpServerRequest request, HttpServerResponse response) {
                headSeen.complete(null);
                switch (request.path()) {
                    case "/buffered" -> {
                        request.attach("kept");
                        return null;
                    }
                    case "/reject" -> {
                        response.end(413, "text/plain", "too big for me\n");
                        return new CompletableFuture<>();
                    }
                    case "/later" -> {
                        return acceptance.thenApply(ignored -> new Counting(response, "/later"));
                    }
                    default -> {
                        return CompletableFuture.completedFuture(new Counting(response, request.path()));
                    }
                }
            }
        };
    }

    /** Counts the body; {@code /gate} waits on the test's gate after its first chunk, {@code /limit} takes 10 bytes. */
    private final class Counting implements RequestBodyReceiver {
        private final HttpServerResponse response;
        private final String path;
        private long size;
        private int chunks;

        Counting(HttpServerResponse response, String path) {
            this.response = response;
            this.path = path;
        }

        @Override
        public long maxBodyBytes() {
            return path.equals("/limit") ? 10 : -1;
        }

        @Override
        public CompletionStage<?> dataReceived(ByteBuffer chunk) {
            size += chunk.remaining();
            delivered.addAndGet(chunk.remaining());
            chunk.position(chunk.limit());
            if (chunks++ == 0 && path.equals("/gate")) {
                firstChunk.complete(size);
                return gate;
            }
            return null;
        }

        @Override
        public void bodyReceived() {
            response.end(200, "text/plain", "streamed " + size);
        }

        @Override
        public void bodyFailed(RequestBodyException error) {
            failure.complete(error);
        }
    }

    @BeforeEach
    void connect(RawConnection connection) {
        c = connection;
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void aContentLengthBodyGoesToTheReceiverAndHandleIsNotCalled() {
        assertEquals(
                "streamed 11",
                expect(200, c.send(post("/s", "hello world")).readResponse()).bodyText());
        assertEquals(
                "streamed 3",
                expect(200, c.send(post("/s", "abc")).readResponse()).bodyText()); // keep-alive
        assertEquals(0, handleCalls.get());
    }

    @Test
    void aChunkedBodyGoesToTheReceiverDecoded() {
        c.send("POST /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        c.send("6\r\n world\r\n0\r\n\r\n");
        assertEquals("streamed 11", expect(200, c.readResponse()).bodyText());
    }

    @Test
    void aHandlerThatReturnsNullGetsTheBodyBufferedWithItsAttachment() {
        assertEquals(
                "buffered 5 kept",
                expect(200, c.send(post("/buffered", "hello")).readResponse()).bodyText());
        assertEquals(1, handleCalls.get());
    }

    @Test
    void aPendingStageStopsTheServerReadingTheSocket(HttpServer server, TestLoop loop) throws IOException {
        long total = 64L * 1024 * 1024;
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            ch.write(ByteBuffer.wrap(("PUT /gate HTTP/1.1\r\nHost: h\r\nContent-Length: " + total + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            ch.configureBlocking(false);
            ByteBuffer data = ByteBuffer.allocate(256 * 1024);
            long sent = 0;
            // Write until the kernel's buffers stay full: the server reads nothing while the stage is pending.
            try (Selector selector = Selector.open()) {
                ch.register(selector, SelectionKey.OP_WRITE);
                while (sent < total) {
                    data.clear().limit((int) Math.min(data.capacity(), total - sent));
                    int n = ch.write(data);
                    sent += n;
                    if (n == 0 && selector.select(300) == 0 && firstChunk.isDone()) {
                        break; // not writable for a while: the server stopped reading
                    }
                    selector.selectedKeys().clear();
                }
            }
            assertTrue(sent < total, "the client could send the whole body while the receiver was paused");
            assertEquals(firstChunk.join(), delivered.get(), "bytes delivered while the stage was pending");
            loop.call(() -> gate.complete(null));
            ch.configureBlocking(true);
            while (sent < total) {
                data.clear().limit((int) Math.min(data.capacity(), total - sent));
                sent += ch.write(data);
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            String answer = "";
            while (!answer.contains("streamed ")) {
                if (ch.read(in) < 0) {
                    break;
                }
                answer = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            }
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.endsWith("streamed " + total), answer);
        }
    }

    @Test
    void continueIsSentOnlyOnceTheHandlerAccepts(TestLoop loop) {
        c.send("PUT /later HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        loop.join(headSeen);
        loop.call(() -> acceptance.complete(null));
        assertEquals("HTTP/1.1 100 Continue", c.readLine());
        assertEquals("", c.readLine());
        assertEquals("streamed 5", expect(200, c.send("hello").readResponse()).bodyText());
    }

    @Test
    void aHandlerThatRefusesTheHeadAnswersWithoutContinueAndTheConnectionCloses() {
        c.send("PUT /reject HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n");
        RawResponse r = expectClose(413, c.readResponse());
        assertEquals("too big for me\n", r.bodyText());
    }

    @Test
    void aContentLengthOverTheReceiversLimitIs413BeforeTheBody(TestLoop loop) {
        c.send("PUT /limit HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
        expectClose(413, c.readResponse());
        assertEquals(413, loop.join(failure).status());
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIs413(TestLoop loop) {
        c.send(
                "PUT /limit HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n");
        expectClose(413, c.readResponse());
        assertEquals(413, loop.join(failure).status());
    }

    @Test
    void malformedChunkedFramingIs400AndTheReceiverIsTold(TestLoop loop) {
        c.send("PUT /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        expectClose(400, c.readResponse());
        assertEquals(400, loop.join(failure).status());
    }

    @Test
    void aClientThatLeavesMidBodyIsReported(TestLoop loop) {
        c.send("PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly part");
        loop.join(headSeen);
        c.close();
        RequestBodyException e = loop.join(failure);
        assertEquals(0, e.status());
        assertFalse(e.getMessage().isEmpty());
    }
}
