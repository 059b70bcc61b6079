package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response-head parser: the request parser's header handling, reused for an HTTP client. */
class Http1ResponseParserTest {
    private static Http1ResponseParser parsed(String head) {
        Http1ResponseParser p = new Http1ResponseParser(64 * 1024);
        int r = p.parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Http1HeadParser.DONE, r, () -> p.errorMessage());
        return p;
    }

    private static void assertInvalid(String head) {
        Http1ResponseParser p = new Http1ResponseParser(64 * 1024);
        assertEquals(Http1HeadParser.ERROR, p.parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1))), head);
    }

    @Test void parsesAStatusLineAndHeaders() {
        Http1ResponseParser p = parsed("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nContent-Length: 3\r\n\r\n");
        assertEquals(HttpVersion.HTTP_1_1, p.version());
        assertEquals(404, p.status());
        assertEquals("Not Found", p.reason());
        assertEquals("text/plain", p.headers().get("Content-Type"));
        assertEquals(Http1ResponseParser.BODY_LENGTH, p.bodyKind(false));
        assertEquals(3, p.contentLength());
        assertTrue(p.keepAlive());
    }

    @Test void acceptsAMissingOrEmptyReason() {
        assertEquals("", parsed("HTTP/1.1 200\r\n\r\n").reason());
        assertEquals("", parsed("HTTP/1.1 200 \r\n\r\n").reason());
    }

    @Test void judgesFraming() {
        assertEquals(Http1ResponseParser.BODY_CHUNKED, parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").bodyKind(false));
        assertEquals(Http1ResponseParser.BODY_CHUNKED,
                parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n").bodyKind(false));
        Http1ResponseParser gzipOnly = parsed("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertEquals(Http1ResponseParser.BODY_UNTIL_CLOSE, gzipOnly.bodyKind(false));
        assertFalse(gzipOnly.keepAlive());
        assertEquals(Http1ResponseParser.BODY_UNTIL_CLOSE, parsed("HTTP/1.0 200 OK\r\n\r\n").bodyKind(false));
        assertEquals(Http1ResponseParser.BODY_NONE, parsed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n").bodyKind(true));
        assertEquals(Http1ResponseParser.BODY_NONE, parsed("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n").bodyKind(false));
        assertEquals(Http1ResponseParser.BODY_NONE, parsed("HTTP/1.1 204 No Content\r\n\r\n").bodyKind(false));
        assertEquals(Http1ResponseParser.BODY_NONE, parsed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").bodyKind(false));
    }

    @Test void followsKeepAliveRules() {
        assertFalse(parsed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(parsed("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive());
        assertTrue(parsed("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").keepAlive());
    }

    @Test void refusesMalformedHeads() {
        assertInvalid("HTTP/1.1 20 OK\r\n\r\n");
        assertInvalid("HTTP/1.1 2000 OK\r\n\r\n");
        assertInvalid("HTTP/1.1 099 OK\r\n\r\n");
        assertInvalid("HTTP/2.0 200 OK\r\n\r\n");
        assertInvalid("ICY 200 OK\r\n\r\n");
        assertInvalid("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assertInvalid("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
        assertInvalid("HTTP/1.1 200 OK\r\nX: a\u0000\r\n\r\n");
        assertInvalid("HTTP/1.1 200 O\u0001K\r\n\r\n");
    }

    @Test void parsesSuccessiveHeadsOnOneConnection() {
        Http1ResponseParser p = new Http1ResponseParser(1024);
        ByteBuffer buf = ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals(100, p.status());
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals(200, p.status());
        assertEquals(2, buf.remaining());
    }
}
