package dev.squall.samples.login;

import static dev.squall.async.Coroutines.await;

import dev.squall.auth.GitHubAuth;
import dev.squall.auth.GitHubUser;
import dev.squall.auth.OidcLogin;
import dev.squall.auth.OidcProvider;
import dev.squall.escape.Escape;
import dev.squall.web.Application;
import dev.squall.web.CookieOptions;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import org.jspecify.annotations.Nullable;

/**
 * The {@code login} sample's application: a home page that shows who is signed in, "Sign in with GitHub" and
 * "Sign in with Google" for the providers that are configured, and how to configure the others.
 */
public final class LoginApp {
    private LoginApp() {}

    /**
     * Returns the application.
     *
     * @param github the GitHub provider, or null when not configured
     * @param google the Google provider, or null when not configured
     * @param cookieSecret the secret that signs the cookies
     * @return the application
     */
    public static Application app(@Nullable GitHubAuth github, @Nullable OidcProvider google, String cookieSecret) {
        Application.Builder b = Application.builder()
                .cookieSecret(cookieSecret)
                .xsrfCookies(true)
                .route("/", () -> new HomeHandler(github != null, google != null))
                .route("/logout", LogoutHandler::new);
        if (github != null) {
            b.route("/auth/github", () -> new GitHubLogin(github));
        }
        if (google != null) {
            b.route("/auth/google", () -> new GoogleLogin(google));
        }
        return b.build();
    }

    /** The signed-in user's cookie: who, signed, {@code HttpOnly}. */
    static final CookieOptions USER_COOKIE =
            CookieOptions.builder().httpOnly(true).build();

    /** Sign in with GitHub: the whole handler. */
    static final class GitHubLogin extends CoroutineRequestHandler {
        private final GitHubAuth github;

        GitHubLogin(GitHubAuth github) {
            this.github = github;
        }

        @Override
        public void get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                github.authorizeRedirect(this, "/auth/github");
                return;
            }
            GitHubUser user = await(github.completeLogin(this, "/auth/github"));
            setSignedCookie("user", "GitHub user " + user.login(), USER_COOKIE);
            redirect("/");
        }
    }

    /** Sign in with Google. */
    static final class GoogleLogin extends CoroutineRequestHandler {
        private final OidcProvider google;

        GoogleLogin(OidcProvider google) {
            this.google = google;
        }

        @Override
        public void get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                await(google.authorizeRedirect(this, "/auth/google"));
                return;
            }
            OidcLogin login = await(google.completeLogin(this, "/auth/google"));
            String who = login.idToken().email() != null
                    ? login.idToken().email()
                    : login.idToken().subject();
            setSignedCookie("user", "Google user " + who, USER_COOKIE);
            redirect("/");
        }
    }

    static final class HomeHandler extends RequestHandler {
        private final boolean github;
        private final boolean google;

        HomeHandler(boolean github, boolean google) {
            this.github = github;
            this.google = google;
        }

        @Override
        public void get() {
            StringBuilder page = new StringBuilder("<!doctype html><title>Squall login</title><h1>Squall login</h1>");
            String user = getSignedCookie("user");
            if (user != null) {
                page.append("<p>Signed in as ")
                        .append(Escape.xhtmlEscape(user))
                        .append(".</p>")
                        .append("<form method=\"post\" action=\"/logout\">")
                        .append(xsrfFormHtml())
                        .append("<button>Sign out</button></form>");
            } else {
                if (github) {
                    page.append("<p><a class=\"button\" href=\"/auth/github\">Sign in with GitHub</a></p>");
                }
                if (google) {
                    page.append("<p><a class=\"button\" href=\"/auth/google\">Sign in with Google</a></p>");
                }
            }
            String base = request().protocol() + "://" + request().host();
            if (!github) {
                page.append("<h2>GitHub is not configured</h2><p>Register an OAuth App at "
                                + "<a href=\"https://github.com/settings/developers\">github.com/settings/developers</a>"
                                + " with the callback URL <code>")
                        .append(Escape.xhtmlEscape(base))
                        .append("/auth/github</code>, then start the sample with "
                                + "<code>--github-client-id=ID --github-client-secret=SECRET</code>.</p>");
            }
            if (!google) {
                page.append("<h2>Google is not configured</h2><p>Create an OAuth client ID of type \"Web application\""
                                + " in the Google Cloud console (APIs and Services, Credentials) with the authorized"
                                + " redirect URI <code>")
                        .append(Escape.xhtmlEscape(base))
                        .append("/auth/google</code>, then start the sample with "
                                + "<code>--google-client-id=ID --google-client-secret=SECRET</code>.</p>");
            }
            write(page.toString());
        }
    }

    static final class LogoutHandler extends RequestHandler {
        @Override
        public void post() {
            clearCookie("user");
            redirect("/");
        }
    }
}
