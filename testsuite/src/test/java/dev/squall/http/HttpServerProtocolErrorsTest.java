package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that must never reach the handler — malformed or ambiguous framing (request smuggling) — are
 * answered with 400 (505 for other HTTP versions), {@code Connection: close}, and a close.
 */
@SquallTest
class HttpServerProtocolErrorsTest extends RoutesSocketTest {

    private void assertRefused(int status, String request) {
        RawConnection c = RawConnection.open(port);
        String text = expectClose(status, c.send(request).readResponse()).bodyText();
        assertTrue(text.startsWith(status + " "), text);
        c.assertClosed();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n",
                "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            })
    void refusesAmbiguousTransferEncoding(String request) {
        assertRefused(400, request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10", "1_0", "foo", "-1", "0x10", "1 0", "10, 11"})
    void refusesInvalidOrConflictingContentLength(String value) {
        assertRefused(400, "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + value + "\r\n\r\n");
    }

    @Test
    void refusesTwoDifferentContentLengths() {
        assertRefused(400, "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    }

    @Test
    void acceptsEqualDuplicateContentLengths() {
        RawConnection c = RawConnection.open(port)
                .send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab");
        assertEquals("ab", expect(200, c.readResponse()).bodyText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"g", "0x5", "+5", " 5", "5 ", "", "00000000000000005"})
    void refusesInvalidChunkSizes(String size) {
        assertRefused(
                400,
                "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + size
                        + "\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void refusesChunkDataLongerThanItsSize() {
        assertRefused(
                400, "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "X-A: a\u0000b",
                "X-A: a\u0001b",
                "X-A: a\u007fb",
                "X A: b",
                "X-A : b",
                ": b",
                "X(A): b",
                "no colon"
            })
    void refusesControlCharactersAndInvalidHeaderNames(String line) {
        assertRefused(400, "GET /hello HTTP/1.1\r\nHost: h\r\n" + line + "\r\n\r\n");
    }

    @Test
    void refusesObsoleteLineFolding() {
        assertRefused(400, "GET /hello HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n");
    }

    @Test
    void refusesAnHttp11RequestWithoutHost() {
        assertRefused(400, "GET /hello HTTP/1.1\r\n\r\n");
    }

    @Test
    void refusesTwoHosts() {
        assertRefused(400, "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET  /hello HTTP/1.1",
                "GET /hello  HTTP/1.1",
                "GET /hello",
                "GET",
                "GET /hello HTTP/1.1 x",
                "GET /hello http/1.1",
                "GET /hello HTTP/1",
                "FOO,BAR /hello HTTP/1.1",
                "GET /a\u0001b HTTP/1.1"
            })
    void refusesInvalidStartLines(String startLine) {
        assertRefused(400, startLine + "\r\nHost: h\r\n\r\n");
    }

    @Test
    void answers505ForHttp2() {
        assertRefused(505, "GET /hello HTTP/2.0\r\nHost: h\r\n\r\n");
        assertRefused(505, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    }

    @Test
    void acceptsBareLfAndLeadingEmptyLines() {
        RawConnection c = RawConnection.open(port).send("\r\n\nGET /hello HTTP/1.1\nHost: h\n\n");
        assertEquals("Hello, world", expect(200, c.readResponse()).bodyText());
    }
}
