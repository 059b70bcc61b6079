package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.VirtualTime;
import dev.squall.web.Application;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/security.md's example, through the harness's client, which keeps the cookies as a browser. */
@SquallTest(cookies = true)
class LoginExampleTest {
    static Application app() {
        return LoginExample.app("a test secret, never a real one", Map.of("ada", "lovelace"));
    }

    /** Fetches the form (which sets the _xsrf cookie) and returns the token in it. */
    static String formToken(TestClient client, String path) {
        String page = client.fetch(path).bodyText();
        int at = page.indexOf("name=\"_xsrf\" value=\"") + "name=\"_xsrf\" value=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    static HttpResponse post(TestClient client, String path, Map<String, String> form) {
        return client.fetch(client.request(path).method("POST").form(form).build());
    }

    @Test
    void aVisitorIsSentToTheLoginPageWithTheWayBack(TestClient client) {
        HttpResponse r = client.fetch("/");
        assertEquals(302, r.code());
        assertEquals("/login?next=%2F", r.header("Location"));
    }

    @Test
    void signingInKeepsTheSessionAcrossRequestsUntilSigningOut(TestClient client) {
        String token = formToken(client, "/login?next=/");
        HttpResponse login =
                post(client, "/login?next=/", Map.of("_xsrf", token, "name", "ada", "password", "lovelace"));
        assertEquals(302, login.code());
        assertEquals("/", login.header("Location"));
        String setCookie = login.headers().getAll("Set-Cookie").get(0);
        assertTrue(setCookie.startsWith("user=2|1:0|10:"), setCookie); // "ada" is YWRh: no padding, no quotes
        assertTrue(setCookie.contains("; expires=") && setCookie.contains("; HttpOnly"), setCookie);
        assertNotNull(client.cookie("user"));

        HttpResponse home = client.fetch("/");
        assertEquals(200, home.code());
        assertTrue(home.bodyText().startsWith("<p>Hello, ada</p>"), home.bodyText());
        assertEquals(200, client.fetch("/").code()); // and again: the session holds

        HttpResponse logout = post(client, "/logout", Map.of("_xsrf", formToken(client, "/")));
        assertEquals(302, logout.code());
        assertNull(client.cookie("user"));
        assertEquals(302, client.fetch("/").code());
    }

    @Test
    void aWrongPasswordSignsNobodyIn(TestClient client) {
        String token = formToken(client, "/login");
        assertEquals(
                403,
                post(client, "/login", Map.of("_xsrf", token, "name", "ada", "password", "x"))
                        .code());
        assertNull(client.cookie("user"));
    }

    @Test
    void aNextPointingAwayFromTheSiteIsIgnored(TestClient client) {
        String token = formToken(client, "/login");
        HttpResponse r = post(
                client, "/login?next=//evil.example/", Map.of("_xsrf", token, "name", "ada", "password", "lovelace"));
        assertEquals("/", r.header("Location"));
    }

    @Test
    void aFormPostedWithoutTheTokenIsRefused(TestClient client) {
        HttpResponse r = post(client, "/login", Map.of("name", "ada", "password", "lovelace"));
        assertEquals(403, r.code());
        assertEquals("XSRF token missing", r.reason());
    }

    @Test
    void theSessionEndsWhenTheSignedCookieExpires(TestClient client, VirtualTime time) {
        String token = formToken(client, "/login");
        post(client, "/login", Map.of("_xsrf", token, "name", "ada", "password", "lovelace"));
        assertEquals(200, client.fetch("/").code());
        time.advance(Duration.ofDays(30).plusSeconds(1)); // the cookie's 30 days
        assertEquals(302, client.fetch("/").code());
    }
}
