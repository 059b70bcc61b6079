package dev.squall.auth;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.ExpectLog;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Sign in with X through OAuth 1.0a against a fake api.x.com that checks every request's HMAC-SHA1 signature
 * with the secrets it issued.
 */
@SquallTest(cookies = true)
class TwitterLoginTest {
    static final String KEY = "x-consumer-key";
    static final String SECRET = "x-consumer-secret";

    /** token → its secret, for the request and access tokens the fake issued. */
    final Map<String, String> secrets = new ConcurrentHashMap<>();

    final Map<String, String> callbacks = new ConcurrentHashMap<>();
    final List<String> badSignatures = new ArrayList<>();

    @FakeService(host = "api.x.com", https = true)
    Application fakeX() {
        return Application.builder()
                .route("/oauth/request_token", () -> new Signed() {
                    @Override
                    public void post() {
                        Map<String, String> oauth = check(null);
                        if (oauth == null) {
                            return;
                        }
                        secrets.put("req-token", "req-secret");
                        callbacks.put("req-token", oauth.get("oauth_callback"));
                        write("oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true");
                    }
                })
                .route("/oauth/authenticate", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        String token = getArgument("oauth_token");
                        redirect(callbacks.get(token) + "?oauth_token=" + token + "&oauth_verifier=the-verifier");
                    }
                })
                .route("/oauth/access_token", () -> new Signed() {
                    @Override
                    public void post() {
                        Map<String, String> oauth = check("req-secret");
                        if (oauth == null) {
                            return;
                        }
                        if (!"the-verifier".equals(oauth.get("oauth_verifier"))) {
                            setStatus(401);
                            write("bad verifier");
                            return;
                        }
                        secrets.put("acc-token", "acc-secret");
                        write("oauth_token=acc-token&oauth_token_secret=acc-secret&user_id=42&screen_name=ada");
                    }
                })
                .route("/2/users/me", () -> new Signed() {
                    @Override
                    public void get() {
                        if (check("acc-secret") == null) {
                            return;
                        }
                        write(Map.of("data", Map.of("id", "42", "username", "ada", "name", "Ada Lovelace")));
                    }
                })
                .build();
    }

    /** A fake endpoint that recomputes the request's signature, as the real server does. */
    abstract class Signed extends RequestHandler {
        /** Returns the oauth parameters if the signature is valid for {@code tokenSecret}, else answers 401. */
        Map<String, String> check(String tokenSecret) {
            String header = request().headers().get("Authorization");
            Map<String, String> oauth = new LinkedHashMap<>();
            for (String part : header.substring("OAuth ".length()).split(", ")) {
                int eq = part.indexOf('=');
                oauth.put(
                        part.substring(0, eq),
                        java.net.URLDecoder.decode(
                                part.substring(eq + 2, part.length() - 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            List<Map.Entry<String, String>> params = new ArrayList<>(oauth.entrySet());
            String url = "https://api.x.com" + request().uri();
            String expected = OAuth1Signer.hmacSha1(
                    OAuth1Signer.baseString(request().method(), url, params), SECRET, tokenSecret);
            if (!KEY.equals(oauth.get("oauth_consumer_key")) || !expected.equals(oauth.get("oauth_signature"))) {
                badSignatures.add(request().uri());
                setStatus(401);
                write(Map.of("errors", List.of(Map.of("code", 32, "message", "Could not authenticate you."))));
                return null;
            }
            return oauth;
        }
    }

    Application app() {
        TwitterAuth x = TwitterAuth.builder(KEY, SECRET).build();
        return Application.builder()
                .cookieSecret("a test secret that is long enough to sign cookies")
                .route("/auth/x", () -> new CoroutineRequestHandler() {
                    @Override
                    public void get() {
                        if (getArgumentOrNull("oauth_token") == null && getArgumentOrNull("denied") == null) {
                            await(x.authorizeRedirect(this, "/auth/x"));
                            return;
                        }
                        TwitterUser user = await(x.completeLogin(this));
                        write(user.id() + " @" + user.username() + " " + user.name());
                    }
                })
                .build();
    }

    @Test
    void signsInWithXThroughOAuth1a(TestClient client) {
        String authenticate = Browser.location(client.fetch("/auth/x"));
        assertEquals("https://api.x.com/oauth/authenticate?oauth_token=req-token", authenticate);
        assertEquals(
                "42 @ada Ada Lovelace",
                client.fetch(Browser.location(client.fetch(authenticate))).bodyText());
        assertTrue(badSignatures.isEmpty(), () -> "bad signatures: " + badSignatures);
    }

    @Test
    void aCallbackForAnotherRequestTokenIsRefused(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/x");
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "is not the request token")) {
            assertEquals(
                    403,
                    client.fetch(Browser.withParam(callback, "oauth_token", "someone-elses"))
                            .code());
        }
    }

    @Test
    void aUserWhoDeclinesGetsA403(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/x");
        String denied = callback.substring(0, callback.indexOf('?')) + "?denied=req-token";
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "declined")) {
            assertEquals(403, client.fetch(denied).code());
        }
    }
}
