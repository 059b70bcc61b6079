package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.internal.http.Http1HeadParser;
import dev.squall.internal.http.KnownHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1RequestParserTest {
    private static final int MAX = 64 * 1024;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Http1RequestParser parsed(String head) {
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer buf = bytes(head);
        int r = p.parse(buf);
        assertEquals(
                Http1HeadParser.DONE,
                r,
                () -> "expected a parsed head, got error " + p.errorStatus() + " " + p.errorMessage());
        return p;
    }

    private static void assertError(int status, String head) {
        Http1RequestParser p = new Http1RequestParser(MAX);
        int r = p.parse(bytes(head));
        assertEquals(
                Http1HeadParser.ERROR,
                r,
                "expected " + status + " for " + head.replace("\r", "\\r").replace("\n", "\\n"));
        assertEquals(status, p.errorStatus(), p.errorMessage());
    }

    @Test
    void parsesASimpleGet() {
        Http1RequestParser p = parsed("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
        assertEquals("GET", p.method());
        assertEquals("/a/b?x=1", p.target());
        assertEquals(HttpVersion.HTTP_1_1, p.version());
        assertEquals("example.com", p.headers().get("host"));
        assertEquals("*/*", p.headers().get("Accept"));
        assertEquals(Http1RequestParser.BODY_NONE, p.bodyKind());
    }

    @Test
    void consumesExactlyTheHeadAndLeavesTheRest() {
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer buf = bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET");
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals(Http1RequestParser.BODY_LENGTH, p.bodyKind());
        assertEquals(5, p.contentLength());
        assertEquals("helloGET", StandardCharsets.ISO_8859_1.decode(buf).toString());
    }

    @Test
    void parsesPipelinedHeadsOneAfterAnother() {
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer buf = bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals("/1", p.target());
        HttpHeaders first = p.headers();
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals("/2", p.target());
        assertEquals(1, first.size(), "each head gets its own headers object");
        assertFalse(buf.hasRemaining());
    }

    @Test
    void resumesWhenBytesArriveOneAtATime() {
        String head = "PUT /upload HTTP/1.1\r\nHost: h\r\nX-Custom: a b c\r\nContent-Length: 3\r\n\r\n";
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer acc = ByteBuffer.allocate(1024);
        int r = Http1HeadParser.NEED_MORE;
        for (byte b : head.getBytes(StandardCharsets.ISO_8859_1)) {
            assertEquals(Http1HeadParser.NEED_MORE, r);
            acc.put(b).flip();
            r = p.parse(acc);
            acc.compact();
        }
        assertEquals(Http1HeadParser.DONE, r);
        assertEquals("PUT", p.method());
        assertEquals("a b c", p.headers().get("X-Custom"));
        assertEquals(3, p.contentLength());
    }

    @Test
    void worksOnASliceOfAnArray() {
        byte[] raw = "xxGET / HTTP/1.1\r\nHost: h\r\nX-Thing: v\r\n\r\nyy".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer slice = ByteBuffer.wrap(raw, 2, raw.length - 4).slice();
        Http1RequestParser p = new Http1RequestParser(MAX);
        assertEquals(Http1HeadParser.DONE, p.parse(slice));
        assertEquals("v", p.headers().get("X-Thing"));
        assertEquals(0, slice.remaining());
    }

    @Test
    void worksOnDirectBuffers() {
        byte[] raw = "GET / HTTP/1.1\r\nHost: h\r\nX-Thing: v\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer direct = ByteBuffer.allocateDirect(raw.length).put(raw).flip();
        Http1RequestParser p = new Http1RequestParser(MAX);
        assertEquals(Http1HeadParser.DONE, p.parse(direct));
        assertEquals("v", p.headers().get("X-Thing"));
    }

    @Test
    void findsLineEndsAtEveryOffsetInBothByteOrders() {
        for (java.nio.ByteOrder order : List.of(java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN)) {
            for (int len = 0; len < 40; len++) {
                for (int lf = 0; lf <= len; lf++) {
                    byte[] b = new byte[len];
                    for (int i = 0; i < len; i++) {
                        b[i] = (byte) (i % 3 == 0 ? 0x0B : i % 3 == 1 ? 0x8A : 0x09); // near misses of LF
                    }
                    if (lf < len) {
                        b[lf] = '\n';
                    }
                    ByteBuffer heap = ByteBuffer.wrap(b).order(order);
                    ByteBuffer direct =
                            ByteBuffer.allocateDirect(len).order(order).put(b).flip();
                    for (ByteBuffer buf : List.of(heap, direct)) {
                        assertEquals(
                                lf < len ? lf : -1, Http1HeadParser.indexOfLf(buf, 0, len), "len " + len + " lf " + lf);
                        if (lf < len && lf > 0) {
                            assertEquals(lf, Http1HeadParser.indexOfLf(buf, 1, len));
                        }
                    }
                }
            }
        }
    }

    @Test
    void acceptsBareLfLineEndings() {
        Http1RequestParser p = parsed("GET / HTTP/1.1\nHost: h\nX-A: 1\n\n");
        assertEquals("1", p.headers().get("X-A"));
    }

    @Test
    void ignoresLeadingEmptyLines() {
        Http1RequestParser p = parsed("\r\n\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("/", p.target());
    }

    @Test
    void normalisesHeaderNamesAndMatchesThemIgnoringCase() {
        Http1RequestParser p =
                parsed("GET / HTTP/1.1\r\nhost: h\r\ncontent-TYPE: text/plain\r\nx-custom-HEADER: 1\r\n\r\n");
        assertEquals(
                List.of("Host", "Content-Type", "X-Custom-Header"),
                List.copyOf(p.headers().names()));
        assertEquals("text/plain", p.headers().get("CONTENT-type"));
    }

    @Test
    void internsCommonHeaderNames() {
        Http1RequestParser p = parsed("GET / HTTP/1.1\r\nHOST: h\r\nuser-agent: wrk\r\n\r\n");
        assertSame(KnownHeaders.name(KnownHeaders.HOST), p.headers().name(0));
        assertSame("User-Agent", p.headers().name(1));
    }

    @Test
    void reusesRepeatedValuesOfCommonHeadersAndTargets() {
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer buf = bytes("GET /x HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        p.parse(buf);
        String host = p.headers().get("Host");
        String target = p.target();
        p.parse(buf);
        assertSame(host, p.headers().get("Host"));
        assertSame(target, p.target());
    }

    @Test
    void cachesCommonMethodStrings() {
        assertSame("POST", parsed("POST / HTTP/1.1\r\nHost: h\r\n\r\n").method());
    }

    @Test
    void keepsMultipleValuesInOrder() {
        Http1RequestParser p = parsed("GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1\r\nX-Y: 1\r\ncookie: b=2\r\n\r\n");
        assertEquals(List.of("a=1", "b=2"), p.headers().getAll("Cookie"));
    }

    @Test
    void trimsOptionalWhitespaceAroundValues() {
        Http1RequestParser p = parsed("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t spaced out \t\r\nX-Empty:\r\n\r\n");
        assertEquals("h", p.headers().get("Host"));
        assertEquals("spaced out", p.headers().get("X-A"));
        assertEquals("", p.headers().get("X-Empty"));
    }

    @Test
    void decodesValuesAsLatin1() {
        Http1RequestParser p = new Http1RequestParser(MAX);
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {
            'G',
            'E',
            'T',
            ' ',
            '/',
            ' ',
            'H',
            'T',
            'T',
            'P',
            '/',
            '1',
            '.',
            '0',
            '\n',
            'X',
            ':',
            (byte) 0xE9,
            '\n',
            '\n'
        });
        assertEquals(Http1HeadParser.DONE, p.parse(buf));
        assertEquals("\u00e9", p.headers().get("X"));
    }

    @Test
    void passesAnyTokenMethod() {
        assertEquals("FOO", parsed("FOO / HTTP/1.1\r\nHost: h\r\n\r\n").method());
    }

    @Test
    void refusesAMethodThatIsNotAToken() {
        assertError(400, "FOO,BAR / HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void refusesStartLinesThatAreNotExactlyThreeParts() {
        assertError(400, "GET  / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertError(400, "GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n");
        assertError(400, "GET /\r\nHost: h\r\n\r\n");
        assertError(400, "GET\r\n\r\n");
        assertError(400, " GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertError(400, "GET / HTTP/1.1 \r\nHost: h\r\n\r\n");
        assertError(400, "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void refusesMalformedVersions() {
        assertError(400, "GET / http/1.1\r\nHost: h\r\n\r\n");
        assertError(400, "GET / HTTP/1\r\nHost: h\r\n\r\n");
        assertError(400, "GET / HTTP/1.10\r\nHost: h\r\n\r\n");
        assertError(400, "GET / HTTP/a.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void answersOtherMajorVersionsWith505() {
        assertError(505, "GET / HTTP/2.0\r\nHost: h\r\n\r\n");
        assertError(505, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertError(505, "GET / HTTP/0.9\r\nHost: h\r\n\r\n");
    }

    @Test
    void servesHigherHttp1MinorVersionsAsHttp11() {
        assertEquals(
                HttpVersion.HTTP_1_1,
                parsed("GET / HTTP/1.2\r\nHost: h\r\n\r\n").version());
    }

    @Test
    void refusesControlCharactersInTheTarget() {
        assertError(400, "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertError(400, "GET /a\u007Fb HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void refusesObsoleteLineFolding() {
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  continued\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n\tcontinued\r\n\r\n");
    }

    @Test
    void refusesInvalidHeaderNames() {
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX A: 1\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost : h\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX(y): 1\r\n\r\n");
    }

    @Test
    void refusesControlCharactersInValues() {
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u007Fb\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u001Bb\r\n\r\n");
        assertError(400, "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n");
    }

    @Test
    void acceptsTabsInValues() {
        assertEquals(
                "a\tb",
                parsed("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\tb\r\n\r\n")
                        .headers()
                        .get("X-A"));
    }

    @Test
    void requiresHostOnHttp11() {
        assertError(400, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
    }

    @Test
    void doesNotRequireHostOnHttp10() {
        assertEquals(HttpVersion.HTTP_1_0, parsed("GET / HTTP/1.0\r\n\r\n").version());
    }

    @Test
    void refusesDuplicateHost() {
        assertError(400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertError(400, "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n");
    }

    @Test
    void acceptsChunked() {
        Http1RequestParser p = parsed("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked \r\n\r\n");
        assertEquals(Http1RequestParser.BODY_CHUNKED, p.bodyKind());
    }

    @Test
    void refusesTransferEncodingWithContentLength() {
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void refusesTransferEncodingsOtherThanChunked() {
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assertError(
                400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunkedx\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \r\n\r\n");
    }

    @Test
    void refusesTransferEncodingFromHttp10() {
        assertError(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void refusesInvalidContentLength() {
        for (String cl : List.of("+10", "1_0", "foo", "-1", "", "0x10", "1 0", "99999999999999999999", "1.0")) {
            assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + cl + "\r\n\r\n");
        }
    }

    @Test
    void refusesConflictingContentLengths() {
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n");
        assertError(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5,\r\n\r\n");
    }

    @Test
    void acceptsEqualDuplicateContentLengths() {
        assertEquals(
                5,
                parsed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")
                        .contentLength());
        assertEquals(
                5,
                parsed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n")
                        .contentLength());
    }

    @Test
    void treatsZeroContentLengthAsNoBody() {
        assertEquals(
                Http1RequestParser.BODY_NONE,
                parsed("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
                        .bodyKind());
    }

    @Test
    void answers431WhenTheHeadersExceedTheLimit() {
        Http1RequestParser p = new Http1RequestParser(100);
        int r = p.parse(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(100) + "\r\n\r\n"));
        assertEquals(Http1HeadParser.ERROR, r);
        assertEquals(431, p.errorStatus());
    }

    @Test
    void answers431BeforeAnOversizeLineIsComplete() {
        Http1RequestParser p = new Http1RequestParser(100);
        int r = p.parse(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(100)));
        assertEquals(Http1HeadParser.ERROR, r);
        assertEquals(431, p.errorStatus());
    }

    @Test
    void answers414WhenTheStartLineAloneExceedsTheLimit() {
        Http1RequestParser p = new Http1RequestParser(100);
        assertEquals(Http1HeadParser.ERROR, p.parse(bytes("GET /" + "a".repeat(200))));
        assertEquals(414, p.errorStatus());
    }

    @Test
    void acceptsAHeadOfExactlyTheLimit() {
        String head = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
        String pad = "a".repeat(100 - head.length() - 4);
        Http1RequestParser p = new Http1RequestParser(100);
        String full = head + pad + "\r\n\r\n";
        assertEquals(100, full.length());
        assertEquals(Http1HeadParser.DONE, p.parse(bytes(full)));
    }

    @Test
    void reportsConnectionAndExpectTokens() {
        Http1RequestParser p = parsed(
                "POST / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, close\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n");
        assertTrue(p.connectionClose());
        assertFalse(p.connectionKeepAlive());
        assertTrue(p.expectContinue());
        Http1RequestParser q = parsed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(q.connectionKeepAlive());
        assertFalse(q.connectionClose());
        assertFalse(q.expectContinue());
    }

    @Test
    void tellsWhetherAHeadHasStarted() {
        Http1RequestParser p = new Http1RequestParser(MAX);
        assertFalse(p.isHeadStarted());
        ByteBuffer buf = bytes("GET / HT");
        assertEquals(Http1HeadParser.NEED_MORE, p.parse(buf));
        assertTrue(p.isHeadStarted());
        ByteBuffer rest = bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Http1RequestParser q = new Http1RequestParser(MAX);
        q.parse(rest);
        assertFalse(q.isHeadStarted());
    }
}
