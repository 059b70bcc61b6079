package dev.squall.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

    @Test
    void onlyHttpAndHttpsUrlsAreAccepted() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("ftp://x.example/"));
        assertTrue(e.getMessage().contains("only http and https"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("example.com/path"));
        assertTrue(e.getMessage().contains("no scheme"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("http://exa mple.com/"));
        assertTrue(e.getMessage().contains("not a valid URL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpRequest.get("http:///path"));
        assertTrue(e.getMessage().contains("no valid host"), e.getMessage());
    }

    @Test
    void schemeCaseDoesNotMatter() {
        HttpRequest r = HttpRequest.get("HTTPS://Example.COM/Path");
        assertTrue(r.origin().secure());
        assertEquals("example.com", r.origin().host());
        assertEquals(443, r.origin().port());
        assertEquals("/Path", r.originForm());
    }

    @Test
    void headerValuesWithCrOrLfAreRefused() {
        HttpRequest.Builder b = HttpRequest.builder("http://a.example/");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.header("X-Evil", "a\r\nInjected: yes"));
        assertTrue(e.getMessage().contains("CR, LF or NUL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.header("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> b.userAgent("agent\nX: y"));
        assertThrows(IllegalArgumentException.class, () -> b.method("GET /x HTTP/1.1\r\n"));
    }

    @Test
    void postWithoutBodyAndGetWithBodyAreRefusedUnlessAllowed() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> HttpRequest.builder("http://a.example/").method("POST").build());
        assertTrue(e.getMessage().contains("needs a body"), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> HttpRequest.builder("http://a.example/").body("x").build());
        HttpRequest ok = HttpRequest.builder("http://a.example/")
                .body("x")
                .allowNonstandardMethods(true)
                .build();
        assertEquals("GET", ok.method());
    }

    @Test
    void nonstandardMethodsNeedPermission() {
        assertThrows(
                IllegalStateException.class,
                () -> HttpRequest.builder("http://a.example/")
                        .method("PROPFIND")
                        .build());
        assertEquals(
                "PROPFIND",
                HttpRequest.builder("http://a.example/")
                        .method("PROPFIND")
                        .allowNonstandardMethods(true)
                        .build()
                        .method());
    }

    @Test
    void bodyHelpersSetContentType() {
        assertEquals(
                "text/plain; charset=utf-8",
                HttpRequest.builder("http://a.example/")
                        .method("PUT")
                        .body("héllo")
                        .build()
                        .header("Content-Type"));
        assertEquals(
                "application/x-www-form-urlencoded",
                HttpRequest.builder("http://a.example/")
                        .method("POST")
                        .body(new byte[] {1})
                        .build()
                        .header("Content-Type"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "J Doe");
        form.put("q", "a&b=c");
        HttpRequest f = HttpRequest.builder("http://a.example/")
                .method("POST")
                .form(form)
                .build();
        assertEquals("name=J+Doe&q=a%26b%3Dc", f.body().utf8());
        HttpRequest j = HttpRequest.builder("http://a.example/")
                .method("POST")
                .json(Map.of("n", 1))
                .build();
        assertEquals("application/json", j.header("Content-Type"));
        assertEquals("{\"n\":1}", j.body().utf8());
        HttpRequest list = HttpRequest.builder("http://a.example/")
                .method("POST")
                .json(List.of("a", "b"))
                .build();
        assertEquals("[\"a\",\"b\"]", list.body().utf8());
    }

    @Test
    void userInfoBecomesBasicAuthorization() {
        HttpRequest r = HttpRequest.get("http://al%20ice:s3cret@a.example/");
        assertEquals(HttpProxy.basic("al ice", "s3cret"), r.header("Authorization"));
        assertEquals("http://a.example/", r.url(), "url() never shows credentials");
        assertFalse(r.toString().contains("s3cret"));
    }

    @Test
    void basicAuthSetsTheHeader() {
        HttpRequest r = HttpRequest.builder("http://a.example/")
                .basicAuth("Aladdin", "open sesame")
                .build();
        assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", r.header("Authorization"));
    }

    @Test
    void mismatchedContentLengthIsRefusedAndFramingIsTheClients() {
        assertThrows(
                IllegalStateException.class,
                () -> HttpRequest.builder("http://a.example/")
                        .method("PUT")
                        .body("abc")
                        .header("Content-Length", "10")
                        .build());
        assertThrows(
                IllegalStateException.class,
                () -> HttpRequest.builder("http://a.example/")
                        .method("PUT")
                        .body("abc")
                        .header("Transfer-Encoding", "chunked")
                        .build());
        HttpRequest ok = HttpRequest.builder("http://a.example/")
                .method("PUT")
                .body("abc")
                .header("Content-Length", "3")
                .build();
        assertNull(ok.header("Content-Length"), "the client writes Content-Length itself");
    }

    @Test
    void newBuilderCopiesEverythingAndLeavesTheOriginalAlone() {
        HttpRequest a = HttpRequest.builder("http://a.example/x")
                .method("PUT")
                .body("b")
                .header("X-A", "1")
                .requestTimeout(Duration.ofSeconds(3))
                .followRedirects(false)
                .raiseError(false)
                .build();
        HttpRequest b = a.newBuilder().header("X-B", "2").build();
        assertEquals("PUT", b.method());
        assertEquals(ByteString.encodeUtf8("b"), b.body());
        assertEquals(Duration.ofSeconds(3), b.requestTimeout());
        assertEquals(false, b.followRedirects());
        assertEquals("2", b.header("X-B"));
        assertNull(a.header("X-B"));
        assertNotSame(a.headersView(), b.headersView());
    }

    @Test
    void headersReturnsACopy() {
        HttpRequest r =
                HttpRequest.builder("http://a.example/").header("X-A", "1").build();
        r.headers().set("X-A", "changed");
        assertEquals("1", r.header("X-A"));
    }

    @Test
    void unsetOptionsAreNullSoClientDefaultsApply() {
        HttpRequest r = HttpRequest.get("http://a.example/");
        assertNull(r.connectTimeout());
        assertNull(r.requestTimeout());
        assertNull(r.followRedirects());
        assertNull(r.maxBodyBytes());
        assertEquals(
                Duration.ofSeconds(20),
                r.options()
                        .merge(RequestOptions.NONE)
                        .merge(RequestOptions.BUILT_IN)
                        .requestTimeout());
        RequestOptions client =
                HttpRequest.builder().requestTimeout(Duration.ofSeconds(5)).toDefaults();
        assertEquals(
                Duration.ofSeconds(5),
                r.options().merge(client).merge(RequestOptions.BUILT_IN).requestTimeout());
    }

    @Test
    void optionsSetOnTheRequestWinOverTheClientsAndBothOverTheBuiltIns() {
        HttpRequest r = HttpRequest.builder("http://a.example/")
                .maxRedirects(2)
                .raiseError(false)
                .build();
        RequestOptions client =
                HttpRequest.builder().maxRedirects(9).userAgent("svc/2").toDefaults();
        RequestOptions o = r.options().merge(client).merge(RequestOptions.BUILT_IN);
        assertEquals(2, o.maxRedirects());
        assertEquals(false, o.raiseError());
        assertEquals("svc/2", o.userAgent());
        assertEquals(HttpRequest.DEFAULT_MAX_BODY_BYTES, o.maxBodyBytes());
        assertNull(o.proxy(), "no proxy unless one is set");
        assertEquals(r.options(), r.newBuilder().build().options(), "newBuilder keeps the options");
    }

    @Test
    void requestTargetIsAsciiAndDropsTheFragment() {
        assertEquals("/", HttpRequest.get("http://a.example").originForm());
        assertEquals(
                "/p%20q?x=%C3%A9",
                HttpRequest.get("http://a.example/p%20q?x=é#frag").originForm());
        assertEquals("/caf%C3%A9", HttpRequest.get("http://a.example/café").originForm());
    }

    @Test
    void hostHeaderOmitsTheDefaultPortAndKeepsIpv6Brackets() {
        assertEquals(
                "a.example", HttpRequest.get("http://a.example:80/").origin().hostHeader());
        assertEquals(
                "a.example:8080",
                HttpRequest.get("http://a.example:8080/").origin().hostHeader());
        Origin v6 = HttpRequest.get("http://[::1]:9000/").origin();
        assertEquals("[::1]:9000", v6.hostHeader());
        assertEquals("::1", v6.connectHost());
    }

    @Test
    void idempotentRequestsWithoutProducerAreRetryable() {
        assertTrue(HttpRequest.get("http://a.example/").isRetryable());
        assertFalse(HttpRequest.builder("http://a.example/")
                .method("POST")
                .body("x")
                .build()
                .isRetryable());
        assertFalse(HttpRequest.builder("http://a.example/")
                .method("PUT")
                .bodyProducer(w -> w.write("x"))
                .build()
                .isRetryable());
    }
}
