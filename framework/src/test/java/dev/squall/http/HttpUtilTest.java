package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpUtilTest {
    @Test
    void urlConcatAddsArgumentsAfterExistingOnesAndBeforeTheFragment() {
        assertEquals("/s?q=a+b", HttpUtil.urlConcat("/s", Map.of("q", "a b")));
        assertEquals("/s?lang=en&q=%26", HttpUtil.urlConcat("/s?lang=en", Map.of("q", "&")));
        assertEquals("/s?q=1", HttpUtil.urlConcat("/s?", Map.of("q", "1")));
        assertEquals("/s?a=1&q=1#top", HttpUtil.urlConcat("/s?a=1&#top", Map.of("q", "1")));
        assertEquals("http://h/p", HttpUtil.urlConcat("http://h/p", Map.of()));
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("tag", List.of("a", "b"));
        multi.put("é", List.of("ü"));
        assertEquals("/t?tag=a&tag=b&%C3%A9=%C3%BC", HttpUtil.urlConcatMulti("/t", multi));
    }

    @Test
    void parseQueryKeepsOrderRepeatsAndBlankValues() {
        Map<String, List<String>> q = HttpUtil.parseQuery("?a=1&b=&a=2&&c&d=x+y%21&e=%C3%A9");
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(q.keySet()));
        assertEquals(List.of("1", "2"), q.get("a"));
        assertEquals(List.of(""), q.get("b"));
        assertEquals(List.of(""), q.get("c"));
        assertEquals(List.of("x y!"), q.get("d"));
        assertEquals(List.of("é"), q.get("e"));
        assertEquals(Map.of(), HttpUtil.parseQuery(""));
    }

    @Test
    void formatTimestampIsAnImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpUtil.formatTimestamp(784111777L));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpUtil.formatTimestamp(Instant.ofEpochSecond(784111777L, 999)));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpUtil.formatTimestamp(0));
    }

    @Test
    void parseHeadersReadsRepeatsAndFoldedLines() {
        HttpHeaders h = HttpUtil.parseHeaders("Content-Type: text/html\r\nSet-Cookie: a=1\nset-cookie: b=2\r\n"
                + "X-Long: one\r\n  two\r\n\tthree\r\n\r\n");
        assertEquals("text/html", h.get("content-type"));
        assertEquals(List.of("a=1", "b=2"), h.getAll("Set-Cookie"));
        assertEquals("one two three", h.get("X-Long"));
    }

    @Test
    void parseHeadersRefusesMalformedLines() {
        assertEquals(
                "not a header line (Name: value): 'nonsense'",
                assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseHeaders("nonsense"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseHeaders(" folded: first"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseHeaders("Bad Name: x"));
    }

    @Test
    void parseRequestStartLineAsTornado() {
        assertEquals(
                new HttpUtil.RequestStartLine("GET", "/foo?x=1", "HTTP/1.1"),
                HttpUtil.parseRequestStartLine("GET /foo?x=1 HTTP/1.1"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseRequestStartLine("GET /foo"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseRequestStartLine("GET  /foo HTTP/1.1"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseRequestStartLine("GET /foo HTTP/2.0"));
    }

    @Test
    void parseResponseStartLineAsTornado() {
        assertEquals(
                new HttpUtil.ResponseStartLine("HTTP/1.1", 200, "OK"),
                HttpUtil.parseResponseStartLine("HTTP/1.1 200 OK"));
        assertEquals(
                new HttpUtil.ResponseStartLine("HTTP/1.0", 404, "Not Found"),
                HttpUtil.parseResponseStartLine("HTTP/1.0 404 Not Found"));
        assertEquals(
                new HttpUtil.ResponseStartLine("HTTP/1.1", 204, ""), HttpUtil.parseResponseStartLine("HTTP/1.1 204"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseResponseStartLine("HTTP/1.1 OK"));
        assertThrows(IllegalArgumentException.class, () -> HttpUtil.parseResponseStartLine("ICY 200 OK"));
    }

    @Test
    void parseCookieReadsACookieHeaderAsTornadosParseCookie() {
        Map<String, String> m = HttpUtil.parseCookie("a=1; b=\"x\\073y\"; flag; c = 3 ");
        assertEquals(List.of("a", "b", "", "c"), List.copyOf(m.keySet()));
        assertEquals("1", m.get("a"));
        assertEquals("x;y", m.get("b"));
        assertEquals("flag", m.get(""));
        assertEquals("3", m.get("c"));
    }
}
