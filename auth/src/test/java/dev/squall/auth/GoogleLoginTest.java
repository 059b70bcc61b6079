package dev.squall.auth;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.ExpectLog;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Sign in with Google (OpenID Connect, RS256) against a fake accounts.google.com, in a coroutine handler. */
@SquallTest(cookies = true)
class GoogleLoginTest {
    static final String CLIENT_ID = "123-abc.apps.googleusercontent.com";

    final FakeOidc google = new FakeOidc(GoogleAuth.ISSUER, "RS256", CLIENT_ID, "google-secret");
    final OidcProvider provider = GoogleAuth.builder(CLIENT_ID, "google-secret").build();

    @FakeService(host = "accounts.google.com", https = true)
    Application fakeGoogle() {
        return google.app();
    }

    Application app() {
        return oidcApp(provider);
    }

    static Application oidcApp(OidcProvider provider) {
        return Application.builder()
                .cookieSecret("a test secret that is long enough to sign cookies")
                .route("/auth/login", () -> new OidcLoginHandler(provider))
                .route("/", HomeHandler::new)
                .build();
    }

    static final class OidcLoginHandler extends CoroutineRequestHandler {
        private final OidcProvider provider;

        OidcLoginHandler(OidcProvider provider) {
            this.provider = provider;
        }

        @Override
        public void get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                await(provider.authorizeRedirect(this, "/auth/login"));
                return;
            }
            OidcLogin login = await(provider.completeLogin(this, "/auth/login"));
            setSignedCookie(
                    "user", login.idToken().subject() + " " + login.idToken().email());
            redirect("/");
        }
    }

    static final class HomeHandler extends RequestHandler {
        @Override
        public void get() {
            @Nullable String user = getSignedCookie("user");
            write(user == null ? "anonymous" : "hello " + user);
        }
    }

    @Test
    void signsInThroughGoogleAndVerifiesTheIdToken(TestClient client) {
        String provider = Browser.location(client.fetch("/auth/login"));
        assertTrue(
                provider.startsWith("https://accounts.google.com/authorize?response_type=code&client_id="), provider);
        assertTrue(provider.contains("code_challenge_method=S256") && provider.contains("nonce="), provider);
        assertTrue(provider.contains("scope=openid+email+profile"), provider);
        HttpResponse callback = client.fetch(Browser.location(client.fetch(provider)));
        assertEquals("/", Browser.location(callback));
        assertEquals("hello user-1 ada@example.com", client.fetch("/").bodyText());
        assertEquals(1, google.jwksFetches.get());
    }

    @Test
    void aForgedStateIsRefused(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/login");
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "state does not match")) {
            assertEquals(
                    403,
                    client.fetch(Browser.withParam(callback, "state", "forged")).code());
        }
        assertEquals(0, google.oauth.tokenCalls.get(), "the code must not be spent on a forged callback");
        assertEquals("anonymous", client.fetch("/").bodyText());
    }

    @Test
    void aCallbackIsAcceptedOnceAndAReplayedCodeIsRefusedByTheProvider(TestClient client) {
        String first = Browser.callbackUrl(client, "/auth/login");
        assertEquals(302, client.fetch(first).code());
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "no Google sign-in is in progress")) {
            assertEquals(403, client.fetch(first).code()); // the state cookie served once
        }
        // a new sign-in in this browser, and the old code sent with its state: the provider refuses the code
        String second = Browser.callbackUrl(client, "/auth/login");
        String oldCode = first.substring(first.indexOf("code=") + 5, first.indexOf('&', first.indexOf("code=")));
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "invalid_grant")) {
            assertEquals(
                    403,
                    client.fetch(Browser.withParam(second, "code", oldCode)).code());
        }
    }

    @Test
    void aTamperedIdTokenIsRefused(TestClient client) {
        google.tamper = true;
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "invalid signature")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
        assertEquals("anonymous", client.fetch("/").bodyText());
    }

    @Test
    void anExpiredIdTokenIsRefused(TestClient client) {
        long now = System.currentTimeMillis() / 1000;
        google.claims = c -> with(c, Map.of("exp", now - 3600, "iat", now - 7200));
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "ID token expired")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
    }

    @Test
    void anIdTokenExpiredWithinTheClockSkewIsAccepted(TestClient client) {
        long now = System.currentTimeMillis() / 1000;
        google.claims = c -> with(c, Map.of("exp", now - 20, "iat", now - 620));
        assertEquals(302, Browser.signIn(client, "/auth/login").code());
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused(TestClient client) {
        google.claims = c -> with(c, Map.of("aud", "another-client"));
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "not for this client")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused(TestClient client) {
        google.claims = c -> with(c, Map.of("iss", "https://evil.example"));
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "issuer is https://evil.example")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused(TestClient client) {
        google.claims = c -> with(c, Map.of("nonce", "replayed"));
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "nonce does not match")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
    }

    @Test
    void anUnknownKeyIdFetchesTheKeySetAgainOnceThenIsRateLimited(TestClient client) {
        assertEquals(302, Browser.signIn(client, "/auth/login").code());
        assertEquals(1, google.jwksFetches.get());
        // the provider rotates: publishes k2 and signs with it
        google.publishedKids = java.util.List.of("k1", "k2");
        google.signingKid = "k2";
        assertEquals(302, Browser.signIn(client, "/auth/login").code());
        assertEquals(2, google.jwksFetches.get());
        // a token with a key id nobody published: no new fetch within the minimum interval
        google.signingKid = "k3";
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "no signing key with kid k3")) {
            assertEquals(403, Browser.signIn(client, "/auth/login").code());
        }
        assertEquals(2, google.jwksFetches.get());
    }

    @Test
    void theProvidersErrorOnTheCallbackIsReported(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/login");
        String denied = callback.substring(0, callback.indexOf('?'))
                + "?error=access_denied&error_description=The+user+said+no&state=x";
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "access_denied (The user said no)")) {
            assertEquals(403, client.fetch(denied).code());
        }
    }

    @Test
    void aFailingTokenEndpointIsABadGateway(TestClient client) {
        google.oauth.tokenBroken = true;
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "answered 500")) {
            assertEquals(502, Browser.signIn(client, "/auth/login").code());
        }
    }

    static Map<String, Object> with(Map<String, Object> claims, Map<String, Object> changes) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(claims);
        c.putAll(changes);
        return c;
    }
}
