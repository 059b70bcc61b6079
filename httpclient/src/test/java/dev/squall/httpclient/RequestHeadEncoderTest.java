package dev.squall.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadEncoderTest {

    private static String encode(
            HttpRequest r, HttpHeaders defaults, boolean absolute, String proxyAuth, boolean gzip) {
        RequestHeadEncoder e = new RequestHeadEncoder();
        e.encode(r, defaults, absolute, proxyAuth, "test-agent", gzip);
        return new String(e.bytes(), 0, e.length(), StandardCharsets.UTF_8);
    }

    @Test
    void getHeadHasHostUserAgentAndAcceptEncoding() {
        String head = encode(HttpRequest.get("http://a.example:8080/p?q=1"), new HttpHeaders(), false, null, true);
        assertEquals(
                "GET /p?q=1 HTTP/1.1\r\nHost: a.example:8080\r\nUser-Agent: test-agent\r\n"
                        + "Accept-Encoding: gzip\r\n\r\n",
                head);
    }

    @Test
    void bodyIsFramedWithContentLength() {
        String head = encode(
                HttpRequest.builder("http://a.example/")
                        .method("PUT")
                        .body("héllo")
                        .build(),
                new HttpHeaders(),
                false,
                null,
                false);
        assertTrue(head.contains("Content-Length: 6\r\n"), head);
        assertTrue(head.endsWith("\r\n\r\n"));
    }

    @Test
    void producerWithoutLengthIsChunkedAndExpectContinueIsAnnounced() {
        HttpRequest r = HttpRequest.builder("http://a.example/")
                .method("POST")
                .bodyProducer(w -> w.write("x"))
                .expect100Continue(true)
                .build();
        String head = encode(r, new HttpHeaders(), false, null, false);
        assertTrue(head.contains("Transfer-Encoding: chunked\r\n"), head);
        assertTrue(head.contains("Expect: 100-continue\r\n"), head);
    }

    @Test
    void callerHeadersWinOverDefaultsAndBuiltIns() {
        HttpHeaders dh = new HttpHeaders()
                .add("X-Team", "core")
                .add("X-Only-Default", "d")
                .add("Accept-Encoding", "br");
        HttpRequest r = HttpRequest.builder("http://a.example/")
                .header("X-Team", "mine")
                .header("User-Agent", "ua/1")
                .header("Host", "virtual.example")
                .build();
        String head = encode(r, dh, false, null, true);
        assertEquals(
                "GET / HTTP/1.1\r\nHost: virtual.example\r\nX-Team: mine\r\nUser-Agent: ua/1\r\n"
                        + "X-Only-Default: d\r\nAccept-Encoding: br\r\n\r\n",
                head);
    }

    @Test
    void proxiedPlainRequestUsesTheAbsoluteFormAndProxyAuthorization() {
        String head =
                encode(HttpRequest.get("http://a.example/x"), new HttpHeaders(), true, "Basic Zm9vOmJhcg==", false);
        assertTrue(head.startsWith("GET http://a.example/x HTTP/1.1\r\nHost: a.example\r\n"), head);
        assertTrue(head.contains("Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"), head);
    }

    @Test
    void connectAsksForATunnelToHostAndPort() {
        RequestHeadEncoder e = new RequestHeadEncoder();
        e.encodeConnect(HttpRequest.get("https://a.example/").origin(), null, "ua");
        assertEquals(
                "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\nUser-Agent: ua\r\n\r\n",
                new String(e.bytes(), 0, e.length(), StandardCharsets.US_ASCII));
    }

    @Test
    void nonAsciiValuesAreWrittenAsUtf8() {
        HttpRequest r =
                HttpRequest.builder("http://a.example/").header("X-Name", "Zoë").build();
        String head = encode(r, new HttpHeaders(), false, null, false);
        assertTrue(head.contains("X-Name: Zoë\r\n"), head);
    }
}
