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

    /**
     * Sign in with a provider, at its callback path: the first visit redirects to the provider, which sends the
     * browser back here with {@code code} (or {@code error}); then the user is looked up, remembered in the signed
     * {@code user} cookie, and sent home.
     */
    abstract static class ProviderLogin extends CoroutineRequestHandler {
        @Override
        public final void get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                redirectToProvider();
                return;
            }
            setSignedCookie("user", signedInUser(), USER_COOKIE);
            redirect("/");
        }

        /** Sends the browser to the provider (state and PKCE in a signed cookie). */
        abstract void redirectToProvider();

        /** Completes the sign-in (state checked, code traded) and returns who signed in, as the home page says it. */
        abstract String signedInUser();
    }

    /** Sign in with GitHub. */
    static final class GitHubLogin extends ProviderLogin {
        private final GitHubAuth github;

        GitHubLogin(GitHubAuth github) {
            this.github = github;
        }

        @Override
        void redirectToProvider() {
            github.authorizeRedirect(this, "/auth/github");
        }

        @Override
        String signedInUser() {
            GitHubUser user = await(github.completeLogin(this, "/auth/github"));
            return "GitHub user " + user.login();
        }
    }

    /** Sign in with Google (OpenID Connect: the redirect waits for the discovery document). */
    static final class GoogleLogin extends ProviderLogin {
        private final OidcProvider google;

        GoogleLogin(OidcProvider google) {
            this.google = google;
        }

        @Override
        void redirectToProvider() {
            await(google.authorizeRedirect(this, "/auth/google"));
        }

        @Override
        String signedInUser() {
            OidcLogin login = await(google.completeLogin(this, "/auth/google"));
            return "Google user "
                    + (login.idToken().email() != null
                            ? login.idToken().email()
                            : login.idToken().subject());
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
            if (!github) {
                howToConfigure(
                        page,
                        "GitHub",
                        "Register an OAuth App at "
                                + "<a href=\"https://github.com/settings/developers\">github.com/settings/developers</a>"
                                + " with the callback URL",
                        "github");
            }
            if (!google) {
                howToConfigure(
                        page,
                        "Google",
                        "Create an OAuth client ID of type \"Web application\" in the Google Cloud console (APIs and"
                                + " Services, Credentials) with the authorized redirect URI",
                        "google");
            }
            write(page.toString());
        }

        /**
         * Appends how to configure a provider: where to register this server's callback URL ({@code /auth/KEY}
         * here), then the options to start the sample with ({@code --KEY-client-id}, {@code --KEY-client-secret}).
         */
        private void howToConfigure(StringBuilder page, String provider, String register, String key) {
            String base = request().protocol() + "://" + request().host();
            page.append("<h2>")
                    .append(provider)
                    .append(" is not configured</h2><p>")
                    .append(register)
                    .append(" <code>")
                    .append(Escape.xhtmlEscape(base))
                    .append("/auth/")
                    .append(key)
                    .append("</code>, then start the sample with <code>--")
                    .append(key)
                    .append("-client-id=ID --")
                    .append(key)
                    .append("-client-secret=SECRET</code>.</p>");
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
