package dev.squall.samples.login;

import static dev.squall.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.auth.GitHubAuth;
import dev.squall.escape.Escape;
import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The login sample through the harness: with GitHub configured (against fakes), and with nothing configured. */
class LoginSampleTest {
    static final String SECRET = "a test secret that is long enough to sign cookies";

    @Nested
    @SquallTest(cookies = true)
    class WithGitHub {
        @FakeService(host = "github.com", https = true)
        Application fakeGitHub() {
            return Application.builder()
                    .route("/login/oauth/authorize", () -> new RequestHandler() {
                        @Override
                        public void get() {
                            redirect(getArgument("redirect_uri") + "?code=the-code&state=" + getArgument("state"));
                        }
                    })
                    .route("/login/oauth/access_token", () -> new RequestHandler() {
                        @Override
                        public void post() {
                            boolean ok = getArgument("code").equals("the-code")
                                    && getArgument("client_secret").equals("gh-secret")
                                    && getArgument("code_verifier").length() == 43;
                            write(
                                    ok
                                            ? Map.of("access_token", "gho_token", "token_type", "bearer")
                                            : Map.of("error", "bad_verification_code"));
                        }
                    })
                    .build();
        }

        @FakeService(host = "api.github.com", https = true)
        Application fakeApi() {
            return Application.builder()
                    .route("/user", () -> new RequestHandler() {
                        @Override
                        public void get() {
                            write(Map.of("id", 1, "login", "octocat"));
                        }
                    })
                    .route("/user/emails", () -> new RequestHandler() {
                        @Override
                        public void get() {
                            write(java.util.List.of());
                        }
                    })
                    .build();
        }

        Application app() {
            return LoginApp.app(GitHubAuth.builder("gh-client", "gh-secret").build(), null, SECRET);
        }

        @Test
        void offersGitHubAndSignsIn(TestClient client) {
            String home = client.fetch("/").bodyText();
            assertTrue(home.contains("Sign in with GitHub"), home);
            assertTrue(home.contains("Google is not configured"), home);
            HttpResponse start = client.fetch("/auth/github");
            assertEquals(302, start.code());
            HttpResponse provider = client.fetch(start.header("Location"));
            HttpResponse callback = client.fetch(provider.header("Location"));
            assertEquals("/", callback.header("Location"), callback.bodyText());
            assertTrue(client.fetch("/").bodyText().contains("Signed in as GitHub user octocat"));
        }
    }

    @Nested
    @SquallTest
    class WithNothingConfigured {
        Application app() {
            return LoginApp.app(null, null, SECRET);
        }

        @Test
        void explainsHowToConfigureEachProvider(TestClient client) {
            String home = client.fetch("/").bodyText();
            assertFalse(home.contains("Sign in with"), home);
            String base = Escape.xhtmlEscape("http://" + client.url("/").getAuthority());
            assertContainsAll(
                    home,
                    "<h2>GitHub is not configured</h2><p>Register an OAuth App at <a href=\"https://github.com/settings/"
                            + "developers\">github.com/settings/developers</a> with the callback URL <code>" + base
                            + "/auth/github</code>, then start the sample with <code>--github-client-id=ID"
                            + " --github-client-secret=SECRET</code>.</p>",
                    "<h2>Google is not configured</h2><p>Create an OAuth client ID of type \"Web application\" in the"
                            + " Google Cloud console (APIs and Services, Credentials) with the authorized redirect URI"
                            + " <code>" + base + "/auth/google</code>, then start the sample with <code>"
                            + "--google-client-id=ID --google-client-secret=SECRET</code>.</p>");
            assertEquals(404, client.fetch("/auth/github").code());
        }
    }
}
