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
        Browser.assertRefused(client, Browser.withParam(callback, "state", "forged"), "state does not match");
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
        Browser.assertRefused(client, Browser.withParam(second, "code", oldCode), "invalid_grant");
    }

    @Test
    void aTamperedIdTokenIsRefused(TestClient client) {
        google.tamper = true;
        Browser.assertRefused(client, Browser.callbackUrl(client, "/auth/login"), "invalid signature");
        assertEquals("anonymous", client.fetch("/").bodyText());
    }

    @Test
    void anExpiredIdTokenIsRefused(TestClient client) {
        long now = System.currentTimeMillis() / 1000;
        assertRefusedWithClaims(client, Map.of("exp", now - 3600, "iat", now - 7200), "ID token expired");
    }

    @Test
    void anIdTokenExpiredWithinTheClockSkewIsAccepted(TestClient client) {
        long now = System.currentTimeMillis() / 1000;
        google.claims = c -> with(c, Map.of("exp", now - 20, "iat", now - 620));
        assertEquals(302, Browser.signIn(client, "/auth/login").code());
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused(TestClient client) {
        assertRefusedWithClaims(client, Map.of("aud", "another-client"), "not for this client");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused(TestClient client) {
        assertRefusedWithClaims(client, Map.of("iss", "https://evil.example"), "issuer is https://evil.example");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused(TestClient client) {
        assertRefusedWithClaims(client, Map.of("nonce", "replayed"), "nonce does not match");
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
        Browser.assertRefused(client, Browser.callbackUrl(client, "/auth/login"), "no signing key with kid k3");
        assertEquals(2, google.jwksFetches.get());
    }

    @Test
    void theProvidersErrorOnTheCallbackIsReported(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/login");
        String denied = callback.substring(0, callback.indexOf('?'))
                + "?error=access_denied&error_description=The+user+said+no&state=x";
        Browser.assertRefused(client, denied, "access_denied (The user said no)");
    }

    @Test
    void aFailingTokenEndpointIsABadGateway(TestClient client) {
        google.oauth.tokenBroken = true;
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "answered 500")) {
            assertEquals(502, Browser.signIn(client, "/auth/login").code());
        }
    }

    /** Signs in with the ID token's claims changed; asserts the site refuses it and logs {@code logged}. */
    private void assertRefusedWithClaims(TestClient client, Map<String, Object> changes, String logged) {
        google.claims = c -> with(c, changes);
        Browser.assertRefused(client, Browser.callbackUrl(client, "/auth/login"), logged);
    }

    static Map<String, Object> with(Map<String, Object> claims, Map<String, Object> changes) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(claims);
        c.putAll(changes);
        return c;
    }
}
