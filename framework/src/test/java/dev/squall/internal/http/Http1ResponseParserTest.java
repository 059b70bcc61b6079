package dev.squall.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's response parser: events, framing, the user-agent leniencies of the head, and the strictness of
 * chunked framing it shares with the server. Every input is also fed in pieces, as a stream would.
 */
class Http1ResponseParserTest {

    /** What the parser reported for one input, fed in pieces of {@code split} bytes as a stream would. */
    record Parsed(
            List<Integer> codes,
            HttpHeaders headers,
            String body,
            boolean ended,
            String error,
            boolean keepAlive,
            HttpVersion version,
            String reason) {}

    static Parsed parse(String raw, boolean headRequest, int split, boolean eofAtEnd) {
        Http1ResponseParser p = new Http1ResponseParser(64 * 1024);
        p.reset(headRequest);
        byte[] all = raw.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer pending = ByteBuffer.allocate(all.length).flip();
        List<Integer> codes = new ArrayList<>();
        HttpHeaders headers = new HttpHeaders();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String reason = "";
        HttpVersion version = HttpVersion.HTTP_1_1;
        for (int off = 0; off <= all.length; off += split) {
            int n = Math.min(split, all.length - off);
            // The stream presents the unconsumed bytes again, followed by the new ones.
            ByteBuffer next = ByteBuffer.allocate(pending.remaining() + n);
            next.put(pending).put(all, off, n).flip();
            pending = next;
            for (; ; ) {
                int ev = p.next(pending);
                if (ev == Http1ResponseParser.NEED_MORE) {
                    break;
                }
                if (ev == Http1ResponseParser.HEAD) {
                    codes.add(p.code());
                    headers = p.headers();
                    reason = p.reason();
                    version = p.version();
                } else if (ev == Http1ResponseParser.BODY) {
                    byte[] chunk = new byte[p.bodyLength()];
                    pending.get(chunk);
                    body.writeBytes(chunk);
                } else if (ev == Http1ResponseParser.END) {
                    return new Parsed(
                            codes,
                            headers,
                            body.toString(StandardCharsets.ISO_8859_1),
                            true,
                            "",
                            p.isKeepAlive(),
                            version,
                            reason);
                } else {
                    return new Parsed(
                            codes,
                            headers,
                            body.toString(StandardCharsets.ISO_8859_1),
                            false,
                            p.errorMessage(),
                            false,
                            version,
                            reason);
                }
            }
            if (n == 0) {
                break;
            }
        }
        if (eofAtEnd) {
            int ev = p.onEof();
            return new Parsed(
                    codes,
                    headers,
                    body.toString(StandardCharsets.ISO_8859_1),
                    ev == Http1ResponseParser.END,
                    ev == Http1ResponseParser.ERROR ? p.errorMessage() : "",
                    false,
                    version,
                    reason);
        }
        return new Parsed(
                codes,
                headers,
                body.toString(StandardCharsets.ISO_8859_1),
                false,
                "",
                p.isKeepAlive(),
                version,
                reason);
    }

    /** Parses {@code raw} whole, and again one byte at a time, and checks both agree. */
    static Parsed parseEverySplit(String raw, boolean headRequest, boolean eof) {
        Parsed whole = parse(raw, headRequest, Math.max(1, raw.length()), eof);
        for (int split : new int[] {1, 2, 3, 7}) {
            Parsed pieces = parse(raw, headRequest, split, eof);
            assertEquals(whole.codes(), pieces.codes(), "codes with split " + split);
            assertEquals(whole.body(), pieces.body(), "body with split " + split);
            assertEquals(whole.ended(), pieces.ended(), "end with split " + split);
            assertEquals(whole.error(), pieces.error(), "error with split " + split);
        }
        return whole;
    }

    @Test
    void contentLengthBodyEndsAfterExactlyThatManyBytes() {
        Parsed r = parseEverySplit(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello", false, false);
        assertEquals(List.of(200), r.codes());
        assertEquals("OK", r.reason());
        assertEquals("hello", r.body());
        assertTrue(r.ended());
        assertTrue(r.keepAlive());
        assertEquals("text/plain", r.headers().get("content-type"));
    }

    @Test
    void chunkedBodyIsReassembledAndTrailersAreDropped() {
        Parsed r = parseEverySplit(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n",
                false,
                false);
        assertEquals("hello 0123456789", r.body());
        assertTrue(r.ended());
        assertTrue(r.keepAlive());
        assertFalse(r.headers().contains("X-Trailer"));
    }

    @Test
    void http10ResponseWithoutLengthIsReadUntilClose() {
        Parsed r = parseEverySplit("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", false, true);
        assertEquals(HttpVersion.HTTP_1_0, r.version());
        assertEquals("all of it", r.body());
        assertTrue(r.ended());
    }

    @Test
    void closeDelimitedBodyDoesNotEndBeforeTheConnectionCloses() {
        Parsed r = parse("HTTP/1.1 200 OK\r\n\r\nsome", false, 100, false);
        assertEquals("some", r.body());
        assertFalse(r.ended());
        assertFalse(r.keepAlive());
    }

    @Test
    void http10IsKeptAliveOnlyWhenTheServerSaysSo() {
        assertFalse(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false, 100, false)
                .keepAlive());
        assertTrue(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false, 100, false)
                .keepAlive());
    }

    @Test
    void connectionCloseEndsKeepAlive() {
        assertFalse(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false, 100, false)
                .keepAlive());
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyWhateverTheHeadersSay() {
        Parsed r204 = parse("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false, 100, false);
        assertTrue(r204.ended());
        assertEquals("", r204.body());
        Parsed r304 = parse("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false, 100, false);
        assertTrue(r304.ended());
    }

    @Test
    void responseToHeadHasNoBody() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", true, 100, false);
        assertTrue(r.ended());
        assertEquals("", r.body());
        assertTrue(r.keepAlive());
    }

    @Test
    void interimResponsesComeBeforeTheFinalOne() {
        Parsed r = parseEverySplit(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                false,
                false);
        assertEquals(List.of(100, 103, 201), r.codes());
        assertEquals("ok", r.body());
        assertFalse(r.headers().contains("Link"), "the final head has its own headers");
    }

    @Test
    void bareLfLineEndsAndObsoleteFoldingAreAccepted() {
        Parsed r = parseEverySplit("HTTP/1.1 200 OK\nX-Long: one\n  two\nContent-Length: 2\n\nhi", false, false);
        assertEquals("one two", r.headers().get("X-Long"));
        assertEquals("hi", r.body());
    }

    @Test
    void headerNamesAreNormalisedAndValuesTrimmed() {
        Parsed r = parse("HTTP/1.1 200 OK\r\ncontent-length:0\r\nx-custom :  v a l  \r\n\r\n", false, 100, false);
        assertEquals(
                List.of("Content-Length", "X-Custom"), List.copyOf(r.headers().names()));
        assertEquals("v a l", r.headers().get("X-Custom"));
    }

    @Test
    void emptyReasonPhraseIsAccepted() {
        Parsed r = parse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false, 100, false);
        assertEquals(List.of(404), r.codes());
        assertEquals("", r.reason());
    }

    @Test
    void conflictingContentLengthsAreAnError() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", false, 100, false);
        assertTrue(r.error().contains("conflicting Content-Length"), r.error());
    }

    @Test
    void repeatedEqualContentLengthsAreAccepted() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", false, 100, false);
        assertEquals("hello", r.body());
    }

    @Test
    void invalidContentLengthIsAnError() {
        for (String bad : new String[] {"+5", "5x", "-1", "0x10", ""}) {
            Parsed r = parse("HTTP/1.1 200 OK\r\nContent-Length: " + bad + "\r\n\r\nhello", false, 100, false);
            assertTrue(r.error().contains("not a valid length"), bad + ": " + r.error());
        }
    }

    @Test
    void badChunkSizeIsAnError() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, 100, false);
        assertTrue(r.error().contains("hex size"), r.error());
    }

    @Test
    void chunkLongerThanDeclaredIsAnError() {
        Parsed r =
                parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", false, 100, false);
        assertTrue(r.error().contains("longer than its declared size"), r.error());
    }

    @Test
    void notAStatusLineIsAnError() {
        Parsed r = parse("SSH-2.0-OpenSSH\r\n\r\n", false, 100, false);
        assertTrue(r.error().contains("not an HTTP/1.x status line"), r.error());
    }

    @Test
    void headerWithBareCrIsAnError() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nX-Evil: a\rb\r\n\r\n", false, 100, false);
        assertTrue(r.error().contains("bare CR"), r.error());
    }

    @Test
    void headLargerThanTheLimitIsAnError() {
        Http1ResponseParser p = new Http1ResponseParser(128);
        p.reset(false);
        String raw = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200);
        int ev = p.next(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Http1ResponseParser.ERROR, ev);
        assertTrue(p.errorMessage().contains("larger than 128 bytes"), p.errorMessage());
    }

    @Test
    void closeBeforeTheEndOfAFixedBodyIsAnErrorNamingTheMissingBytes() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, 100, true);
        assertFalse(r.ended());
        assertTrue(r.error().contains("7 bytes of the body still to come"), r.error());
    }

    @Test
    void closeBeforeAnyByteSaysSo() {
        Http1ResponseParser p = new Http1ResponseParser(1024);
        p.reset(false);
        assertEquals(Http1ResponseParser.ERROR, p.onEof());
        assertEquals("the connection closed before a response", p.errorMessage());
    }

    @Test
    void transferEncodingOtherThanChunkedIsReadUntilClose() {
        Parsed r = parse(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabcdef", false, 100, true);
        assertEquals("abcdef", r.body());
        assertTrue(r.ended());
    }

    @Test
    void parserIsReusableForTheNextResponse() {
        Http1ResponseParser p = new Http1ResponseParser(1024);
        ByteBuffer buf = ByteBuffer.wrap(
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        p.reset(false);
        assertEquals(Http1ResponseParser.HEAD, p.next(buf));
        HttpHeaders first = p.headers();
        assertEquals(Http1ResponseParser.END, p.next(buf));
        p.reset(false);
        assertEquals(Http1ResponseParser.HEAD, p.next(buf));
        assertEquals(404, p.code());
        assertEquals("Not Found", p.reason());
        assertTrue(first != p.headers(), "each response gets its own headers");
    }

    @Test
    void statusLineAndHeadersOfTheFinalHead() {
        Parsed r = parse(
                "HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\nContent-Length: 3\r\n\r\nabc",
                false,
                100,
                false);
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals(List.of(404), r.codes());
        assertEquals("Not Found", r.reason());
        assertEquals("text/plain", r.headers().get("Content-Type"));
        assertEquals("abc", r.body());
    }

    @Test
    void malformedHeadsAreErrors() {
        for (String head : new String[] {
            "HTTP/1.1 20 OK",
            "HTTP/1.1 2000 OK",
            "HTTP/1.1 099 OK",
            "ICY 200 OK",
            "HTTP/1.1 200 OK\r\nContent-Length: -1",
            "HTTP/1.1 200 OK\r\nX: a\u0000"
        }) {
            Parsed r = parse(head + "\r\n\r\n", false, 100, false);
            assertFalse(r.error().isEmpty(), head);
        }
        assertEquals(
                "the server answered with HTTP/2.0; only HTTP/1.x is supported",
                parse("HTTP/2.0 200 OK\r\n\r\n", false, 100, false).error());
    }

    @Test
    void transferEncodingEndingInChunkedWinsOverContentLength() {
        Parsed r = parseEverySplit(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 99\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n",
                false,
                false);
        assertEquals("abc", r.body());
        assertTrue(r.ended());
    }

    @Test
    void bareLfInChunkedFramingIsAnErrorNamingIt() {
        // Issue 11.3, client side: the decoder the server uses refuses it here too.
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String body : new String[] {"3;a\nabc\r\n0\r\n\r\n", "3\r\nabc\n0\r\n\r\n", "3\r\nabc\r\n0\n\n"}) {
            Parsed r = parseEverySplit(head + body, false, false);
            assertFalse(r.ended(), body);
            assertTrue(r.error().contains("ends in a bare LF; chunked framing needs CRLF"), r.error());
        }
    }

    @Test
    void closeInTheMiddleOfAChunkedBodyIsAnError() {
        Parsed r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", false, 100, true);
        assertEquals("ab", r.body());
        assertEquals("the connection closed in the middle of a chunked body", r.error());
    }
}
