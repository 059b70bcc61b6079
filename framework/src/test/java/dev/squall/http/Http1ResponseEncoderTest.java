package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.ManualClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1ResponseEncoderTest {
    private static final String DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";
    private static final String SERVER = "Server: Squall/test\r\n";

    private final Http1ResponseEncoder encoder =
            new Http1ResponseEncoder(new ManualClock(784111777_000L), "Squall/test");
    private final ByteSink out = new ByteSink(64);

    private String encode(
            int status, HttpHeaders headers, long fixedLength, boolean head, boolean http11, boolean keepAlive) {
        out.reset();
        encoder.encodeHead(out, status, null, headers, fixedLength, head, http11, keepAlive);
        return new String(out.array(), 0, out.size(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesStatusLineHeadersDateServerAndLength() {
        HttpHeaders h = new HttpHeaders().add("Content-Type", "text/plain");
        String head = encode(200, h, 5, false, true, true);
        assertEquals(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + DATE + SERVER + "Content-Length: 5\r\n\r\n", head);
        assertEquals(Http1ResponseEncoder.FRAMING_LENGTH, encoder.framing());
        assertEquals(5, encoder.contentLength());
        assertTrue(encoder.keepAlive());
    }

    @Test
    void writesLengthsOfEverySize() {
        for (long n : new long[] {0, 9, 10, 1023, 1024, 65536, 2_147_483_647L, 10_000_000_000L}) {
            assertEquals(
                    "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Content-Length: " + n + "\r\n\r\n",
                    encode(200, new HttpHeaders(), n, false, true, true));
        }
    }

    @Test
    void reusesCachedStatusLines() {
        assertSame(Http1ResponseEncoder.statusLine(404, null), Http1ResponseEncoder.statusLine(404, "Not Found"));
        assertEquals(
                "HTTP/1.1 404 Gone Fishing\r\n",
                new String(Http1ResponseEncoder.statusLine(404, "Gone Fishing"), StandardCharsets.ISO_8859_1));
        assertEquals(
                "HTTP/1.1 299 Unknown\r\n",
                new String(Http1ResponseEncoder.statusLine(299, null), StandardCharsets.ISO_8859_1));
    }

    @Test
    void keepsTheApplicationsDateAndServer() {
        HttpHeaders h = new HttpHeaders().add("Date", "yesterday").add("Server", "mine");
        assertEquals(
                "HTTP/1.1 200 OK\r\nDate: yesterday\r\nServer: mine\r\nContent-Length: 0\r\n\r\n",
                encode(200, h, 0, false, true, true));
    }

    @Test
    void aKnownLengthReplacesTheApplicationsContentLengthAndTransferEncoding() {
        HttpHeaders h = new HttpHeaders().add("Content-Length", "99").add("Transfer-Encoding", "chunked");
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Content-Length: 3\r\n\r\n",
                encode(200, h, 3, false, true, true));
    }

    @Test
    void usesTheApplicationsContentLength() {
        HttpHeaders h = new HttpHeaders().add("Content-Length", "42");
        assertEquals(
                "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n" + DATE + SERVER + "\r\n",
                encode(200, h, -1, false, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_LENGTH, encoder.framing());
        assertEquals(42, encoder.contentLength());
    }

    @Test
    void chunksAnHttp11ResponseWithoutLength() {
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Transfer-Encoding: chunked\r\n\r\n",
                encode(200, new HttpHeaders(), -1, false, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_CHUNKED, encoder.framing());
    }

    @Test
    void ignoresTheApplicationsTransferEncoding() {
        HttpHeaders h = new HttpHeaders().add("Transfer-Encoding", "gzip");
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Transfer-Encoding: chunked\r\n\r\n",
                encode(200, h, -1, false, true, true));
    }

    @Test
    void delimitsAnHttp10ResponseWithoutLengthByClosing() {
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "\r\n", encode(200, new HttpHeaders(), -1, false, false, true));
        assertEquals(Http1ResponseEncoder.FRAMING_CLOSE, encoder.framing());
        assertFalse(encoder.keepAlive());
    }

    @Test
    void echoesKeepAliveToAnHttp10Client() {
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n",
                encode(200, new HttpHeaders(), 0, false, false, true));
        assertTrue(encoder.keepAlive());
    }

    @Test
    void saysCloseToAnHttp11ClientWhenClosing() {
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Content-Length: 0\r\nConnection: close\r\n\r\n",
                encode(200, new HttpHeaders(), 0, false, true, false));
        assertFalse(encoder.keepAlive());
    }

    @Test
    void closesWhenTheApplicationSaysClose() {
        HttpHeaders h = new HttpHeaders().add("Connection", "close");
        assertEquals(
                "HTTP/1.1 200 OK\r\nConnection: close\r\n" + DATE + SERVER + "Content-Length: 0\r\n\r\n",
                encode(200, h, 0, false, true, true));
        assertFalse(encoder.keepAlive());
    }

    @Test
    void headResponsesHaveNoBodyButKeepTheirLength() {
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "Content-Length: 11\r\n\r\n",
                encode(200, new HttpHeaders(), 11, true, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_NONE, encoder.framing());
        assertEquals(
                "HTTP/1.1 200 OK\r\n" + DATE + SERVER + "\r\n", encode(200, new HttpHeaders(), -1, true, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_NONE, encoder.framing());
        assertTrue(encoder.keepAlive());
    }

    @Test
    void noContentAndNotModifiedHaveNoFraming() {
        HttpHeaders h = new HttpHeaders().add("Content-Length", "0");
        assertEquals("HTTP/1.1 204 No Content\r\n" + DATE + SERVER + "\r\n", encode(204, h, -1, false, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_NONE, encoder.framing());
        assertEquals(
                "HTTP/1.1 304 Not Modified\r\n" + DATE + SERVER + "\r\n",
                encode(304, new HttpHeaders(), 10, false, true, true));
        assertEquals(Http1ResponseEncoder.FRAMING_NONE, encoder.framing());
        assertEquals(
                "HTTP/1.1 101 Switching Protocols\r\n" + DATE + SERVER + "\r\n",
                encode(101, new HttpHeaders(), -1, false, true, true));
    }

    @Test
    void refusesAnInvalidContentLengthAndLeavesNothingBehind() {
        out.reset();
        out.write(new byte[] {1, 2, 3});
        HttpHeaders h = new HttpHeaders().add("Content-Length", "ten");
        assertThrows(
                IllegalArgumentException.class, () -> encoder.encodeHead(out, 200, null, h, -1, false, true, true));
        assertEquals(3, out.size());
    }

    @Test
    void refusesValuesOutsideLatin1() {
        HttpHeaders h = new HttpHeaders().add("X-Name", "caf\u00e9 \u20ac");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> encoder.encodeHead(out, 200, null, h, 0, false, true, true));
        assertTrue(e.getMessage().contains("U+20AC"), e.getMessage());
    }

    @Test
    void encodesLatin1Values() {
        HttpHeaders h = new HttpHeaders().add("X-Name", "caf\u00e9");
        out.reset();
        encoder.encodeHead(out, 200, null, h, 0, false, true, true);
        assertEquals((byte) 0xE9, out.array()[17 + 11]);
    }

    @Test
    void refusesControlCharactersInReasons() {
        assertThrows(IllegalArgumentException.class, () -> Http1ResponseEncoder.checkReason("OK\r\nX: y"));
        Http1ResponseEncoder.checkReason("Very\tOK");
    }
}
