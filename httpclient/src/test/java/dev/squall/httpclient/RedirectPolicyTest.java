package dev.squall.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class RedirectPolicyTest {
    private static final HttpRequest PUT =
            HttpRequest.builder("http://a.example/x").method("PUT").body("data").build();
    private static final HttpRequest POST = HttpRequest.builder("http://a.example/form")
            .method("POST")
            .body("x=1")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Bearer secret")
            .header("Cookie", "s=1")
            .header("X-Keep", "yes")
            .build();

    private static HttpRequest next(HttpRequest r, int code, String location) throws HttpProtocolException {
        HttpRequest n = RedirectPolicy.next(r, code, location);
        assertNotNull(n, code + " to " + location + " should be followed");
        return n;
    }

    @Test
    void postRedirectedWith301Or302BecomesGetWithoutBody() throws Exception {
        for (int code : new int[] {301, 302}) {
            HttpRequest n = next(POST, code, "/done");
            assertEquals("GET", n.method());
            assertNull(n.body());
            assertNull(n.header("Content-Type"));
            assertEquals("http://a.example/done", n.url());
            assertEquals("yes", n.header("X-Keep"));
        }
    }

    @Test
    void seeOtherTurnsAnyMethodButHeadIntoGet() throws Exception {
        assertEquals("GET", next(PUT, 303, "/y").method());
        assertNull(next(PUT, 303, "/y").body());
        HttpRequest head =
                HttpRequest.builder("http://a.example/x").method("HEAD").build();
        assertEquals("HEAD", next(head, 303, "/y").method());
    }

    @Test
    void temporaryAndPermanentRedirectKeepMethodAndBody() throws Exception {
        for (int code : new int[] {307, 308}) {
            HttpRequest n = next(POST, code, "/elsewhere");
            assertEquals("POST", n.method());
            assertEquals(ByteString.encodeUtf8("x=1"), n.body());
            assertEquals("application/x-www-form-urlencoded", n.header("Content-Type"));
        }
    }

    @Test
    void movedKeepsMethodOtherThanPost() throws Exception {
        HttpRequest n = next(PUT, 301, "/y");
        assertEquals("PUT", n.method());
        assertEquals(ByteString.encodeUtf8("data"), n.body());
    }

    @Test
    void producedBodyCannotBeResentSoTheRedirectIsNotFollowed() throws Exception {
        HttpRequest upload = HttpRequest.builder("http://a.example/up")
                .method("PUT")
                .bodyProducer(w -> CompletableFuture.completedFuture(null))
                .build();
        assertNull(RedirectPolicy.next(upload, 307, "/again"));
        assertEquals("GET", next(upload, 303, "/status").method(), "303 needs no body, so it is followed");
    }

    @Test
    void sameOriginHopKeepsCredentials() throws Exception {
        HttpRequest n = next(POST, 307, "http://a.example:80/other");
        assertEquals("Bearer secret", n.header("Authorization"));
        assertEquals("s=1", n.header("Cookie"));
    }

    @Test
    void crossOriginHopStripsAuthorizationAndCookie() throws Exception {
        for (String target : new String[] {"http://b.example/x", "https://a.example/x", "http://a.example:8080/x"}) {
            HttpRequest n = next(POST, 307, target);
            assertNull(n.header("Authorization"), target);
            assertNull(n.header("Cookie"), target);
            assertEquals("yes", n.header("X-Keep"), target);
        }
    }

    @Test
    void credentialsInTheOriginalUrlDoNotFollowToAnotherOrigin() throws Exception {
        HttpRequest withUserInfo = HttpRequest.get("http://user:pw@a.example/private");
        assertNotNull(withUserInfo.header("Authorization"), "URL credentials become Basic authorization");
        HttpRequest n = next(withUserInfo, 302, "http://b.example/public");
        assertNull(n.header("Authorization"));
        assertNull(n.uri().getUserInfo());
    }

    @Test
    void credentialsInTheLocationAreNotUsed() throws Exception {
        HttpRequest n = next(HttpRequest.get("http://a.example/"), 302, "http://evil:pw@b.example/");
        assertNull(n.uri().getUserInfo());
        assertNull(n.header("Authorization"));
    }

    @Test
    void hostHeaderIsDroppedOnEveryHop() throws Exception {
        HttpRequest r = HttpRequest.builder("http://a.example/")
                .header("Host", "virtual.example")
                .build();
        assertNull(next(r, 302, "/x").header("Host"));
    }

    @Test
    void relativeLocationsResolveAgainstTheCurrentUrl() throws Exception {
        HttpRequest r = HttpRequest.get("http://a.example/dir/page?q=1");
        assertEquals("http://a.example/dir/other", next(r, 302, "other").url());
        assertEquals("http://a.example/top", next(r, 302, "/top").url());
        assertEquals("http://a.example/dir/page?z=2", next(r, 302, "?z=2").url());
        assertEquals("https://c.example/p", next(r, 302, "//c.example/p").url().replace("http:", "https:"));
        assertEquals(
                "http://a.example/x",
                next(HttpRequest.get("http://a.example"), 302, "x").url());
    }

    @Test
    void nonRedirectCodesAndMissingLocationAreNotFollowed() throws Exception {
        assertNull(RedirectPolicy.next(POST, 300, "/x"));
        assertNull(RedirectPolicy.next(POST, 304, "/x"));
        assertNull(RedirectPolicy.next(POST, 200, "/x"));
        assertNull(RedirectPolicy.next(POST, 302, null));
    }

    @Test
    void redirectToAnotherSchemeIsNotFollowed() throws Exception {
        assertNull(RedirectPolicy.next(POST, 302, "ftp://files.example/x"));
        assertNull(RedirectPolicy.next(POST, 302, "mailto:someone@example.com"));
    }

    @Test
    void invalidLocationIsAProtocolError() {
        HttpProtocolException e =
                assertThrows(HttpProtocolException.class, () -> RedirectPolicy.next(POST, 302, "http://a b/"));
        assertTrue(e.getMessage().contains("not a valid URL"), e.getMessage());
    }
}
