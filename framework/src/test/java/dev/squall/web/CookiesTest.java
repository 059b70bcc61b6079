package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cookie parsing (Tornado's parse_cookie test cases) and Set-Cookie formatting (Python's quoting). */
class CookiesTest {
    private static Map<String, String> parse(String header) {
        Map<String, String> m = new LinkedHashMap<>();
        Cookies.parse(header, m);
        return m;
    }

    @Test
    void parsesAsTornadosParseCookieDoes() {
        assertEquals(Map.of("chips", "ahoy", "vienna", "finger"), parse("chips=ahoy; vienna=finger"));
        // every semicolon delimits, even inside quotes
        assertEquals(
                Map.of("keebler", "\"E=mc2", "L", "\\\"Loves\\\"", "fudge", "\\012", "", "\""),
                parse("keebler=\"E=mc2; L=\\\"Loves\\\"; fudge=\\012;\""));
        assertEquals(Map.of("keebler", "E=mc2"), parse("keebler=E=mc2"));
        assertEquals(Map.of("key:term", "value:term"), parse("key:term=value:term"));
        assertEquals(Map.of("a", "b", "c", "[", "d", "r", "f", "h"), parse("a=b; c=[; d=r; f=h"));
        assertEquals(Map.of("a", "b", "Domain", "example.com"), parse("a=b; Domain=example.com"));
        assertEquals(Map.of("a", "c", "h", "i"), parse("a=b; h=i; a=c")); // the last one wins
        assertTrue(parse("abc=def; unnamed; django_language=en").containsKey("django_language"));
        assertEquals(Map.of("a", "b", "", "\"", "c", "d"), parse("a=b; \"; c=d"));
        assertEquals(Map.of("a b c", "d e = f", "gh", "i"), parse("a b c=d e = f; gh=i"));
        assertEquals(Map.of("a   b,c<>@:/[]?{}", "d  \"  =e,f g"), parse("a   b,c<>@:/[]?{}=d  \"  =e,f g"));
        assertEquals(Map.of("saint", "Andr\u00e9 Bessette"), parse("saint=Andr\u00e9 Bessette"));
        assertEquals(Map.of("", "b", "c", ""), parse("  =  b  ;  ;  =  ;   c  =  ;  "));
    }

    @Test
    void quotedValuesAreUnquotedWithPythonsRules() {
        assertEquals(Map.of("n", "a,b;c\"d\\e\u00e9"), Map.of("n", unquote("\"a\\054b\\073c\\\"d\\\\e\\351\"")));
        assertEquals("2|1:0|8:dmFsdWU=|ab", unquote("\"2|1:0|8:dmFsdWU=|ab\""));
        assertEquals("\"", unquote("\""));
        assertEquals("x\\", unquote("\"x\\\"")); // a lone trailing backslash stays
    }

    @Test
    void severalCookieFieldsAreAllRead() {
        HttpHeaders h = new HttpHeaders().add("Cookie", "a=1").add("Cookie", "b=2; c=3");
        assertEquals(Map.of("a", "1", "b", "2", "c", "3"), new Cookies().incoming(h));
    }

    @Test
    void valuesAreQuotedExactlyAsPythonsHttpCookiesQuotesThem() {
        // Expected strings printed by Python 3's http.cookies.SimpleCookie (which Tornado uses).
        assertEquals("n=plain; Path=/", Cookies.format("n", "plain", CookieOptions.defaults(), 0));
        assertEquals("n=\"x=y\"; Path=/", Cookies.format("n", "x=y", CookieOptions.defaults(), 0));
        assertEquals(
                "n=\"a\\054b\\073c\\\"d\\\\e\\351\"; Path=/",
                Cookies.format("n", "a,b;c\"d\\e\u00e9", CookieOptions.defaults(), 0));
        assertEquals(
                "n=\"(paren)/slash?q@[]{}<>\"; Path=/",
                Cookies.format("n", "(paren)/slash?q@[]{}<>", CookieOptions.defaults(), 0));
        String signed = "2|1:0|10:1300000000|3:key|8:dmFsdWU=|3d4e";
        assertEquals("n=\"" + signed + "\"; Path=/", Cookies.format("n", signed, CookieOptions.defaults(), 0));
    }

    @Test
    void everyAttributeIsWritten() {
        CookieOptions o = CookieOptions.builder()
                .path("/app")
                .domain("example.com")
                .expires(Instant.parse("2026-12-07T08:09:10Z"))
                .maxAge(Duration.ofHours(1))
                .httpOnly(true)
                .sameSite(CookieOptions.SameSite.STRICT)
                .partitioned(true)
                .build();
        assertEquals(
                "s=v; Domain=example.com; expires=Mon, 07 Dec 2026 08:09:10 GMT; Max-Age=3600; Path=/app; "
                        + "Secure; HttpOnly; SameSite=Strict; Partitioned",
                Cookies.format("s", "v", o, 0));
    }

    @Test
    void expiresDaysCountsFromNowAndSameSiteNoneForcesSecure() {
        CookieOptions o = CookieOptions.builder()
                .expiresDays(1)
                .sameSite(CookieOptions.SameSite.NONE)
                .build();
        assertEquals(
                "s=v; expires=Fri, 02 Jan 1970 00:00:00 GMT; Path=/; Secure; SameSite=None",
                Cookies.format("s", "v", o, 0));
    }

    @Test
    void headerInjectionIsRefusedWithAMessageThatSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Cookies.format("s", "v\r\nSet-Cookie: admin=1", CookieOptions.defaults(), 0));
        assertEquals(
                "invalid value for cookie \"s\": U+000D (a control character or whitespace) is not allowed; "
                        + "encode the value first (URL or base64)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cookies.format("s", "a b", CookieOptions.defaults(), 0));
        assertThrows(IllegalArgumentException.class, () -> Cookies.format("s", "\u20ac", CookieOptions.defaults(), 0));
        assertThrows(IllegalArgumentException.class, () -> Cookies.format("a=b", "v", CookieOptions.defaults(), 0));
        assertThrows(IllegalArgumentException.class, () -> Cookies.format("a;b", "v", CookieOptions.defaults(), 0));
        assertThrows(
                IllegalArgumentException.class, () -> CookieOptions.builder().path("/a;Domain=evil"));
        assertThrows(
                IllegalArgumentException.class, () -> CookieOptions.builder().domain("x\r\ny"));
        assertThrows(
                IllegalArgumentException.class, () -> CookieOptions.builder().path("relative"));
    }

    @Test
    void settingACookieAgainReplacesItAndClearingSendsItExpired() {
        Cookies c = new Cookies();
        c.set("a", "1", CookieOptions.defaults(), 0);
        c.set("a", "2", CookieOptions.defaults(), 0);
        c.set("a", "3", CookieOptions.builder().path("/x").build(), 0);
        c.clear("b", CookieOptions.defaults(), 400L * 86_400_000);
        HttpHeaders h = new HttpHeaders();
        c.writeTo(h);
        assertEquals(
                List.of("a=2; Path=/", "a=3; Path=/x", "b=; expires=Thu, 05 Feb 1970 00:00:00 GMT; Path=/"),
                h.getAll("Set-Cookie"));
    }

    private static String unquote(String quoted) {
        return HttpUtil.parseCookie("n=" + quoted).get("n");
    }
}
