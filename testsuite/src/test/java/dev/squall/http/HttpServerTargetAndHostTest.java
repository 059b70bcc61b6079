package dev.squall.http;

import static dev.squall.http.Raw.expect;
import static dev.squall.http.Raw.expectClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.SquallTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request target and {@code Host} (RFC 9112 section 3.2): invalid ones get 400 (not a route's 404),
 * absolute-form targets are routed with their authority as the host, CONNECT gets 501.
 */
@SquallTest
class HttpServerTargetAndHostTest {
    static HttpHandler app() {
        return Routes::handle;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "a@b", "[::1", "a:99999", "a,b", "\"a\"", "a#b", "[]", "a:8x", "[::1]x"})
    void answers400ForAnInvalidHost(String host, RawConnection c) {
        c.send("GET /hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        expectClose(400, c.readResponse());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com",
                "example.com:8080",
                "127.0.0.1",
                "127.0.0.1:0",
                "[::1]",
                "[::1]:65535",
                "xn--bcher-kva.example",
                "a_b.local:",
                "[v1.fe80::a+en1]",
                "%41"
            })
    void acceptsAValidHost(String host, RawConnection c) {
        RawResponse r = expect(
                200, c.send("GET /echo HTTP/1.1\r\nHost: " + host + "\r\n\r\n").readResponse());
        assertEquals(host, r.header("X-Host"));
    }

    @Test
    void acceptsAnEmptyHost(RawConnection c) {
        expect(200, c.send("GET /hello HTTP/1.1\r\nHost: \r\n\r\n").readResponse());
    }

    @Test
    void routesAnAbsoluteFormTargetWithItsAuthorityAsTheHost(RawConnection c) {
        RawResponse r = c.send("GET http://127.0.0.1:1234/echo?x=1 HTTP/1.1\r\nHost: other\r\n\r\n")
                .readResponse();
        expect(200, r);
        assertEquals("/echo", r.header("X-Path"));
        assertEquals("x=1", r.header("X-Query"));
        assertEquals("/echo?x=1", r.header("X-Uri"));
        assertEquals("127.0.0.1:1234", r.header("X-Host"));
    }

    @Test
    void routesAnAbsoluteFormTargetWithoutPathToSlash(RawConnection c) {
        // "/" is not a route of the test application: 404 shows it was routed, not refused
        expect(
                404,
                c.send("GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
                        .readResponse());
    }

    @Test
    void answers400ForAnAbsoluteTargetWithAnInvalidAuthority(RawConnection c) {
        expectClose(
                400,
                c.send("GET http://user@host/echo HTTP/1.1\r\nHost: h\r\n\r\n").readResponse());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "/a#frag", "*", "ftp://h/x", "http:///x"})
    void answers400ForAMalformedTarget(String target, RawConnection c) {
        expectClose(
                400, c.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").readResponse());
    }

    @Test
    void answers400ForARawNonAsciiByteInTheTarget(RawConnection c) {
        byte[] head = "GET /hello\u00ff HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        expectClose(400, c.send(head).readResponse());
    }

    @Test
    void acceptsOptionsStar(RawConnection c) {
        // no route for "*" in the test application: a 404 from the handler, not a 400 from the parser
        expect(404, c.send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").readResponse());
    }

    @Test
    void answers501ForConnect(RawConnection c) {
        expectClose(
                501, c.send("CONNECT host:80 HTTP/1.1\r\nHost: host:80\r\n\r\n").readResponse());
    }
}
