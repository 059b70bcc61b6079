package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.ExpectLog;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CookieOptions;
import dev.squall.web.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Sign in with GitHub against fakes of github.com and api.github.com, in a chained-futures handler. */
@SquallTest(cookies = true)
class GitHubLoginTest {
    final FakeOAuth2 github = new FakeOAuth2("gh-client", "gh-secret");
    Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;

    @FakeService(host = "github.com", https = true)
    Application fakeGitHub() {
        return Application.builder()
                .route("/login/oauth/authorize", github::authorize)
                .route("/login/oauth/access_token", github::token)
                .build();
    }

    @FakeService(host = "api.github.com", https = true)
    Application fakeGitHubApi() {
        return Application.builder()
                .route("/user", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        if (!github.authorized(request().headers().get("Authorization"))) {
                            setStatus(401);
                            write(Map.of("message", "Bad credentials"));
                            return;
                        }
                        write(Map.of(
                                "id",
                                583231,
                                "login",
                                "octocat",
                                "name",
                                "The Octocat",
                                "avatar_url",
                                "https://avatars.githubusercontent.com/u/583231"));
                    }
                })
                .route("/user/emails", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        if (!github.authorized(request().headers().get("Authorization"))) {
                            setStatus(401);
                            return;
                        }
                        write(List.of(
                                Map.of("email", "old@example.com", "primary", false, "verified", true),
                                Map.of("email", "octocat@github.com", "primary", true, "verified", true)));
                    }
                })
                .build();
    }

    Application app() {
        GitHubAuth gitHub =
                GitHubAuth.builder("gh-client", "gh-secret").timeout(timeout).build();
        return Application.builder()
                .cookieSecret("a test secret that is long enough to sign cookies")
                .route(
                        "/auth/github", // built per request so that a test can change the timeout
                        () -> new GitHubLogin(GitHubAuth.builder("gh-client", "gh-secret")
                                .timeout(timeout)
                                .build()))
                .route("/", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        @Nullable String user = getSignedCookie("user");
                        write(user == null ? "anonymous" : "hello " + user);
                    }
                })
                .build();
    }

    /** The docs' "sign in with GitHub" handler, chained style. */
    static final class GitHubLogin extends AsyncRequestHandler {
        private final GitHubAuth github;

        GitHubLogin(GitHubAuth github) {
            this.github = github;
        }

        @Override
        public CompletionStage<?> get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                github.authorizeRedirect(this, "/auth/github");
                return CompletableFuture.completedFuture(null);
            }
            return github.completeLogin(this, "/auth/github").thenAccept(user -> {
                setSignedCookie(
                        "user",
                        user.login() + " " + user.email(),
                        CookieOptions.builder().httpOnly(true).build());
                redirect("/");
            });
        }
    }

    @Test
    void signsInWithGitHubAndReadsThePrimaryVerifiedEmail(TestClient client) {
        String authorize = Browser.location(client.fetch("/auth/github"));
        assertTrue(
                authorize.startsWith("https://github.com/login/oauth/authorize?response_type=code&client_id=gh-client"
                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A"),
                authorize);
        assertTrue(authorize.contains("&scope=read%3Auser+user%3Aemail&state="), authorize);
        String stateCookie = client.cookie("squall_auth_github");
        assertTrue(stateCookie != null && stateCookie.contains("2|1:0|"), "a signed state cookie: " + stateCookie);
        assertEquals("/", Browser.location(client.fetch(Browser.location(client.fetch(authorize)))));
        assertEquals("hello octocat octocat@github.com", client.fetch("/").bodyText());
        assertEquals(null, client.cookie("squall_auth_github"), "the state cookie is deleted on the callback");
    }

    @Test
    void aCallbackWithoutTheStateCookieIsRefused(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/github");
        String otherBrowser = callback; // the same callback URL, in a browser that did not start the sign-in
        client.fetch(callback); // this browser's sign-in completes and spends its cookie
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "no GitHub sign-in is in progress")) {
            assertEquals(403, client.fetch(otherBrowser).code());
        }
    }

    @Test
    void aForgedStateIsRefused(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/github");
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "state does not match")) {
            assertEquals(
                    403,
                    client.fetch(Browser.withParam(callback, "state", "attacker"))
                            .code());
        }
        assertEquals(0, github.tokenCalls.get());
    }

    @Test
    void aTokenEndpointThatDoesNotAnswerTimesOut(TestClient client) {
        timeout = Duration.ofMillis(300);
        github.tokenHangs = true;
        try (ExpectLog log = ExpectLog.expect("dev.squall.general", "did not answer within 300 ms")) {
            assertEquals(504, Browser.signIn(client, "/auth/github").code());
        }
    }

    @Test
    void anUnknownCodeIsRefusedWithTheProvidersErrorAndDescription(TestClient client) {
        String callback = Browser.callbackUrl(client, "/auth/github");
        try (ExpectLog log =
                ExpectLog.expect("dev.squall.general", "answered 400: invalid_grant (The code is invalid")) {
            assertEquals(
                    403,
                    client.fetch(Browser.withParam(callback, "code", "guessed")).code());
        }
    }

    @Test
    void anErrorInASuccessfulTokenResponseIsAnAuthError() {
        // GitHub answers 200 with {"error": ...} for a bad code
        AuthError e = org.junit.jupiter.api.Assertions.assertThrows(
                AuthError.class,
                () -> OAuth2Token.fromJson(
                        Map.of("error", "bad_verification_code", "error_description", "The code is incorrect"),
                        "GitHub"));
        assertEquals(403, e.status());
        assertEquals("bad_verification_code", e.error());
        assertEquals("The code is incorrect", e.errorDescription());
    }
}
