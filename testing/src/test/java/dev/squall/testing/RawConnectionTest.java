package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * RawConnection against a scripted peer: a plain server socket whose accepted connection the test writes
 * canned bytes to, so every framing case is exact.
 */
@SquallTest
class RawConnectionTest {
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    @AfterEach
    void stopListening() throws IOException {
        server.close();
    }

    /** Opens a RawConnection and returns it with the server's side of it. */
    private Peer connect() throws IOException {
        RawConnection client = RawConnection.open(server.getLocalPort());
        Socket accepted = server.accept();
        return new Peer(client, accepted);
    }

    private record Peer(RawConnection client, Socket server) {
        void reply(String bytes) throws IOException {
            server.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            server.getOutputStream().flush();
        }

        byte[] received(int count) throws IOException {
            server.setSoTimeout(5000);
            return server.getInputStream().readNBytes(count);
        }
    }

    @Test
    void sendsBytesExactlyAsGiven() throws IOException {
        Peer p = connect();
        p.client().send("GET / HTTP/1.1\r\n").send(new byte[] {'H', 'o', 's', 't', ':', ' ', (byte) 0xff, '\r', '\n'});
        assertArrayEquals("GET / HTTP/1.1\r\nHost: \u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1), p.received(25));
    }

    @Test
    void assertCodeReturnsTheResponseOrShowsItWhenTheCodeDiffers() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
        RawResponse r = p.client().readResponse();
        assertEquals("nope", r.assertCode(404).bodyText());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> r.assertCode(200));
        assertTrue(
                e.getMessage().startsWith("expected status 200 but got 404 in:\nHTTP/1.1 404 Not Found"),
                e.getMessage());
    }

    @Test
    void closesConnectionReadsTheConnectionOptionsAndTheVersion() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nConnection: Upgrade, close\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
        assertTrue(p.client().readResponse().closesConnection());
        assertFalse(p.client().readResponse().closesConnection());
        assertTrue(p.client().readResponse().closesConnection());
        assertFalse(p.client().readResponse().closesConnection());
    }

    @Test
    void assertClosedPassesOnACloseAndFailsOnMoreBytes() throws IOException {
        Peer p = connect();
        p.server().close();
        p.client().assertClosed();
        Peer q = connect();
        q.reply("unexpected");
        q.server().close();
        AssertionFailedError e =
                assertThrows(AssertionFailedError.class, () -> q.client().assertClosed());
        assertTrue(e.getMessage().endsWith("but it sent 10 byte(s): unexpected"), e.getMessage());
    }

    @Test
    void readsAResponseFramedByContentLength() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        RawResponse r = p.client().readResponse();
        assertEquals("HTTP/1.1", r.version());
        assertEquals(200, r.code());
        assertEquals("OK", r.reason());
        assertEquals("text/plain", r.header("content-type"));
        assertEquals("hello", r.bodyText());
        assertFalse(r.isChunked());
    }

    @Test
    void keepsHeaderLinesAsSent() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 204 No Content\r\nset-COOKIE: a=1\r\nX-Pad:   spaced   \r\nSet-Cookie: b=2\r\n\r\n");
        RawResponse r = p.client().readResponse();
        assertEquals(
                List.of(Map.entry("set-COOKIE", "a=1"), Map.entry("X-Pad", "spaced"), Map.entry("Set-Cookie", "b=2")),
                r.headerLines());
        assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"));
        assertNull(r.header("Content-Length"));
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nChecksum: abc\r\n\r\n");
        RawResponse r = p.client().readResponse();
        assertTrue(r.isChunked());
        assertEquals("hello world", r.bodyText());
        assertEquals("abc", r.trailer("checksum"));
        assertTrue(new String(r.raw(), StandardCharsets.ISO_8859_1).endsWith("0\r\nChecksum: abc\r\n\r\n"));
    }

    @Test
    void readsPipelinedResponsesOneAtATime() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nthree");
        assertEquals("one", p.client().readResponse().bodyText());
        assertEquals("two", p.client().readResponse().bodyText());
        RawResponse third = p.client().readResponse();
        assertEquals(404, third.code());
        assertEquals("three", third.bodyText());
    }

    @Test
    void aBodyWithoutLengthOrChunkingEndsWhenTheServerCloses() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.0 200 OK\r\n\r\nuntil the end");
        p.server().close();
        RawResponse r = p.client().readResponse();
        assertEquals("HTTP/1.0", r.version());
        assertEquals("until the end", r.bodyText());
    }

    @Test
    void aResponseToHeadHasNoBodyWhateverItsContentLength() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        RawResponse head = p.client().readResponse("HEAD");
        assertEquals("1000", head.header("Content-Length"));
        assertEquals(0, head.body().length);
        assertEquals("ok", p.client().readResponse().bodyText());
    }

    @Test
    void responses204And304HaveNoBody() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        assertEquals(0, p.client().readResponse().body().length);
        assertEquals(204, p.client().readResponse().code());
    }

    @Test
    void anInterimResponseIsReturnedOnItsOwn() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        assertEquals(100, p.client().readResponse().code());
        assertEquals(201, p.client().readResponse().code());
    }

    @Test
    void readUntilCloseReturnsWhatCameBeforeTheClose() throws IOException {
        Peer p = connect();
        p.reply("bye");
        p.server().close();
        assertArrayEquals("bye".getBytes(StandardCharsets.US_ASCII), p.client().readUntilClose());
    }

    @Test
    void readLineAndReadBytesReadExactly() throws IOException {
        Peer p = connect();
        p.reply("first line\r\n12345rest");
        assertEquals("first line", p.client().readLine());
        assertArrayEquals(
                "12345".getBytes(StandardCharsets.US_ASCII), p.client().readBytes(5));
    }

    @Test
    void anIncompleteResponseFailsAtTheDeadlineShowingWhatArrived() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        RawConnection c = p.client().readTimeout(Duration.ofMillis(200));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, c::readResponse);
        assertEquals(
                "timed out after 200 ms waiting for the body (Content-Length: 10); received so far: 42 bytes "
                        + "\"HTTP/1.1 200 OK\\r\\nContent-Length: 10\\r\\n\\r\\nabc\"",
                e.getMessage());
    }

    @Test
    void aConnectionClosedInTheMiddleOfABodyFails() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        p.server().close();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, p.client()::readResponse);
        assertTrue(
                e.getMessage()
                        .startsWith("the server closed the connection before the body (Content-Length: 10), "
                                + "after 3 bytes was complete"),
                e.getMessage());
    }

    @Test
    void brokenChunkFramingFails() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, p.client()::readResponse);
        assertTrue(
                e.getMessage()
                        .startsWith("the server's response breaks HTTP/1.1: a chunk of 3 bytes is not "
                                + "followed by CRLF"),
                e.getMessage());
    }

    @Test
    void conflictingContentLengthsFail() throws IOException {
        Peer p = connect();
        p.reply("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, p.client()::readResponse);
        assertTrue(e.getMessage().contains("conflicting Content-Length values 3 and 4"), e.getMessage());
    }

    @Test
    void aConnectionOpenedInATestIsClosedWhenTheTestEnds() throws IOException {
        Samples.run(LeavesAConnectionOpen.class).testEvents().assertStatistics(s -> s.succeeded(1));
        try (Socket accepted = LeavesAConnectionOpen.accepted) {
            accepted.setSoTimeout(5000);
            InputStream in = accepted.getInputStream();
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.readAllBytes()); // then end of stream
        } finally {
            LeavesAConnectionOpen.server.close();
        }
    }

    @Samples.Sample
    @SquallTest
    static class LeavesAConnectionOpen {
        static ServerSocket server;
        static Socket accepted;

        @Test
        void opensWithoutClosing() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server.setSoTimeout(5000);
            RawConnection.open(server.getLocalPort()).send("hello");
            accepted = server.accept();
        }
    }
}
