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
 * Issue 11.3: chunked framing needs CRLF on every line — chunk-size lines, the line end after chunk data, the
 * trailer section — while a bare LF stays tolerated in the request head, as Tornado. Each refused body was
 * once accepted, and the request pipelined behind it served: a proxy that splits on CRLF would have framed
 * those bytes differently (request smuggling).
 */
@SquallTest
class ChunkedFramingTest extends RoutesSocketTest {
    private static final String HEAD = "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String NEXT = "GET /echo HTTP/1.1\r\nHost: h\r\n\r\n";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "28;a\n" + "0123456789012345678901234567890123456789" + "\r\n0\r\n\r\n", // a chunk-size line
                "3\r\nabc\n0\r\n\r\n", // after chunk data
                "3\r\nabc\r\n0\n\n", // the last chunk and the end of the body
                "3\r\nabc\r\n0\r\n\n", // the end of the body
                "3\r\nabc\r\n0\r\nX-Trailer: 1\n\r\n", // a trailer field
            })
    void bareLfInChunkedFramingIsRefusedAndThePipelinedRequestIsNotServed(String body) {
        RawConnection c = RawConnection.open(port).send(HEAD + body + NEXT);
        String text = expectClose(400, c.readResponse()).bodyText();
        assertTrue(text.contains("bare LF"), text);
        c.assertClosed();
    }

    @Test
    void bareLfInTheHeadIsStillToleratedBeforeACrlfFramedBody() {
        RawConnection c = RawConnection.open(port)
                .send("POST /echo HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n" + NEXT);
        assertEquals("abc", expect(200, c.readResponse()).bodyText());
        expect(200, c.readResponse());
    }
}
