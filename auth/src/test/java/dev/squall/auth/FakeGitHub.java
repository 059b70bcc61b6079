package dev.squall.auth;

import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.util.List;
import java.util.Map;

/**
 * Fakes of github.com (authorization and token endpoints, {@link FakeOAuth2}) and api.github.com ({@code /user}
 * and {@code /user/emails} for the tokens it issued), for the Java and Kotlin GitHub sign-in tests.
 */
final class FakeGitHub {
    /** The client id the fake knows. */
    static final String CLIENT_ID = "gh-client";
    /** The client secret the fake knows. */
    static final String CLIENT_SECRET = "gh-secret";

    /** The authorization server, for tests that make it hang or count its calls. */
    final FakeOAuth2 oauth = new FakeOAuth2(CLIENT_ID, CLIENT_SECRET);

    /** Returns the github.com application: authorization and token endpoints. */
    Application web() {
        return Application.builder()
                .route("/login/oauth/authorize", oauth::authorize)
                .route("/login/oauth/access_token", oauth::token)
                .build();
    }

    /** Returns the api.github.com application: the octocat, with a primary verified email. */
    Application api() {
        return Application.builder()
                .route("/user", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        if (!oauth.authorized(request().headers().get("Authorization"))) {
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
                        if (!oauth.authorized(request().headers().get("Authorization"))) {
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
}
