package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.internal.http.Http1HeadParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parsers of one loop share their scratch arrays and value caches ({@link Http1RequestParser.RequestTables}):
 * a head split across reads keeps its own state while other connections' heads are parsed in between, and a
 * connection between requests keeps no head.
 */
class Http1RequestParserSharedTablesTest {
    private static final int MAX = 64 * 1024;

    private final Http1RequestParser.RequestTables tables = new Http1RequestParser.RequestTables();

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Parses {@code head} whole with {@code p}, expecting a complete head. */
    private static void parseWhole(Http1RequestParser p, String head) {
        assertEquals(Http1HeadParser.DONE, p.parse(bytes(head)), p::errorMessage);
    }

    @Test
    void aSplitHeadKeepsItsFieldCountsWhileAnotherParserUsesTheTables() {
        Http1RequestParser a = new Http1RequestParser(MAX, tables);
        Http1RequestParser b = new Http1RequestParser(MAX, tables);
        assertEquals(
                Http1HeadParser.NEED_MORE,
                a.parse(bytes("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Enc")));
        parseWhole(b, "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");
        assertEquals(Http1RequestParser.BODY_NONE, b.bodyKind());
        // a's head goes on: its Host and Content-Length still count, so TE with CL is refused and Host is not missing.
        assertEquals(Http1HeadParser.ERROR, a.parse(bytes("oding: chunked\r\n\r\n")));
        assertEquals(400, a.errorStatus());
        assertTrue(a.errorMessage().contains("both Transfer-Encoding and Content-Length"), a.errorMessage());
    }

    @Test
    void aSplitHeadDoesNotLeaveItsCountsToTheNextParser() {
        Http1RequestParser a = new Http1RequestParser(MAX, tables);
        Http1RequestParser b = new Http1RequestParser(MAX, tables);
        assertEquals(Http1HeadParser.NEED_MORE, a.parse(bytes("GET /a HTTP/1.1\r\nHost: a\r\nHost: a")));
        // b has one Host: a's two must not be counted for it.
        parseWhole(b, "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");
        assertEquals("b", b.headers().get("Host"));
        assertEquals(Http1HeadParser.ERROR, a.parse(bytes("\r\n\r\n")));
        assertTrue(a.errorMessage().contains("2 Host headers"), a.errorMessage());
    }

    @Test
    void parsersOfOneLoopShareRepeatedValuesButNotHeaders() {
        Http1RequestParser a = new Http1RequestParser(MAX, tables);
        Http1RequestParser b = new Http1RequestParser(MAX, tables);
        parseWhole(a, "GET /same HTTP/1.1\r\nHost: example.com\r\n\r\n");
        parseWhole(b, "GET /same HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertSame(a.headers().get("Host"), b.headers().get("Host"));
        assertSame(a.target(), b.target());
        assertNotSame(a.headers(), b.headers());
    }

    @Test
    void aConnectionBetweenRequestsKeepsNoHead() {
        Http1RequestParser p = new Http1RequestParser(MAX, tables);
        parseWhole(p, "GET /x HTTP/1.1\r\nHost: h\r\nX-Big: value\r\n\r\n");
        HttpHeaders first = p.headers();
        assertEquals("value", first.get("X-Big"));
        p.forgetRequest();
        assertTrue(p.headers().isEmpty());
        assertEquals("", p.target());
        assertEquals("value", first.get("X-Big"), "the request's own headers are untouched");
        parseWhole(p, "GET /y HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("/y", p.target());
        assertEquals(1, p.headers().size());
    }
}
