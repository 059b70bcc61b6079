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

    /** Returns {@code buf}'s unconsumed bytes followed by {@code more}, as a stream presents them again. */
    private static ByteBuffer then(ByteBuffer buf, String more) {
        byte[] next = more.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(buf.remaining() + next.length);
        b.put(buf).put(next).flip();
        return b;
    }

    /** Parses {@code head} whole with {@code p}, expecting a complete head. */
    private static void parseWhole(Http1RequestParser p, String head) {
        assertEquals(Http1HeadParser.DONE, p.parse(bytes(head)), p::errorMessage);
    }

    /**
     * Parses {@code start} with a parser of the shared tables (it stops inside a field line), then another parser's
     * whole {@code GET /b} head with {@code Host: b}, then the first parser's {@code rest}; returns the first parser.
     */
    private Http1RequestParser splitAroundAnotherHead(String start, String rest) {
        Http1RequestParser a = new Http1RequestParser(MAX, tables);
        Http1RequestParser b = new Http1RequestParser(MAX, tables);
        ByteBuffer first = bytes(start);
        assertEquals(Http1HeadParser.NEED_MORE, a.parse(first));
        parseWhole(b, "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");
        assertEquals("b", b.headers().get("Host"));
        assertEquals(Http1RequestParser.BODY_NONE, b.bodyKind(), "the first head's Content-Length is not b's");
        assertEquals(Http1HeadParser.ERROR, a.parse(then(first, rest)), "expected the first head to be refused");
        return a;
    }

    @Test
    void aSplitHeadKeepsItsFieldCountsWhileAnotherParserUsesTheTables() {
        // Its Host and Content-Length still count after b's head: TE with CL is refused, and Host is not missing.
        Http1RequestParser a = splitAroundAnotherHead(
                "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Enc", "oding: chunked\r\n\r\n");
        assertTrue(a.errorMessage().contains("both Transfer-Encoding and Content-Length"), a.errorMessage());
    }

    @Test
    void aSplitHeadDoesNotLeaveItsCountsToTheNextParser() {
        // b's one Host is not counted with a's first; a's second still finds its first.
        Http1RequestParser a = splitAroundAnotherHead("GET /a HTTP/1.1\r\nHost: a\r\nHost: a", "\r\n\r\n");
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
