package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.BaseRequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sign in with GitHub: an OAuth App's (or GitHub App's) authorization-code flow with {@code state} and PKCE,
 * then the user from {@code GET /user} and, with the {@code user:email} scope, the primary verified address
 * from {@code GET /user/emails}. Immutable and thread-safe.
 *
 * <pre>{@code
 * GitHubAuth github = GitHubAuth.builder(clientId, clientSecret).build();
 *
 * final class GitHubLogin extends CoroutineRequestHandler {
 *     @Override public void get() {
 *         if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
 *             github.authorizeRedirect(this, "/auth/github");
 *             return;
 *         }
 *         GitHubUser user = await(github.completeLogin(this, "/auth/github"));
 *         setSignedCookie("user", Long.toString(user.id()), CookieOptions.builder().httpOnly(true).build());
 *         redirect("/");
 *     }
 * }
 * }</pre>
 */
public final class GitHubAuth {
    /** Where the browser signs in: {@code https://github.com}. */
    public static final String DEFAULT_WEB_URL = "https://github.com";
    /** The REST API: {@code https://api.github.com}. */
    public static final String DEFAULT_API_URL = "https://api.github.com";
    /** Default scopes: the profile and the e-mail addresses, read-only. */
    public static final List<String> DEFAULT_SCOPES = List.of("read:user", "user:email");

    private static final Map<String, String> API_HEADERS =
            Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28");

    private final OAuth2Client client;
    private final String apiUrl;
    private final boolean fetchEmail;

    private GitHubAuth(Builder b) {
        String web = strip(b.webUrl);
        this.apiUrl = strip(b.apiUrl);
        this.fetchEmail = b.scopes.contains("user:email") || b.scopes.contains("user");
        this.client = OAuth2Client.builder("GitHub")
                .clientId(b.clientId)
                .clientSecret(b.clientSecret)
                .authorizeUrl(web + "/login/oauth/authorize")
                .tokenUrl(web + "/login/oauth/access_token")
                .scopes(b.scopes)
                .timeout(b.timeout)
                .httpClient(b.http)
                .build();
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Returns a builder.
     *
     * @param clientId the OAuth App's client id
     * @param clientSecret one of its client secrets
     * @return a new builder
     */
    public static Builder builder(String clientId, String clientSecret) {
        return new Builder(clientId, clientSecret);
    }

    /** Returns the OAuth 2.0 client underneath, for {@link OAuth2Client#exchangeCode} and other low-level calls. */
    public OAuth2Client client() {
        return client;
    }

    /**
     * Sends the browser to GitHub's authorization page (see {@link OAuth2Client#authorizeRedirect}).
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri the OAuth App's callback URL, or a path on this site
     */
    public void authorizeRedirect(BaseRequestHandler handler, String redirectUri) {
        client.authorizeRedirect(handler, redirectUri);
    }

    /**
     * On the callback: checks {@code state}, trades the code for a token and fetches the user.
     *
     * @param handler the handler answering the callback
     * @param redirectUri the same redirect URI (or path) as for {@link #authorizeRedirect}
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<GitHubUser> completeLogin(BaseRequestHandler handler, String redirectUri) {
        return ProviderHttp.then(client.exchangeCode(handler, redirectUri), token -> user(token.accessToken()));
    }

    /**
     * Fetches the user an access token belongs to.
     *
     * @param accessToken the token
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<GitHubUser> user(String accessToken) {
        CompletableFuture<Map<String, Object>> profile = client.getJson(apiUrl + "/user", accessToken, API_HEADERS);
        return ProviderHttp.then(profile, p -> {
            String email = Json.string(p, "email");
            if (!fetchEmail) {
                return CompletableFuture.completedFuture(toUser(p, email, accessToken));
            }
            return ProviderHttp.map(
                    githubRequest("/user/emails", accessToken), r -> toUser(p, primaryEmail(r, email), accessToken));
        });
    }

    /**
     * Calls the REST API with a token, as Tornado's {@code oauth2_request} (with GitHub's recommended
     * {@code Accept} and API version headers).
     *
     * @param path the path ({@code /user/repos}) or a full URL
     * @param accessToken the token
     * @return the response, whatever its status, on the caller's loop; or failed with an {@link AuthError}
     *     when there is no answer
     */
    public CompletableFuture<HttpResponse> githubRequest(String path, String accessToken) {
        HttpRequest.Builder request = HttpRequest.builder(path.startsWith("/") ? apiUrl + path : path);
        API_HEADERS.forEach(request::setHeader);
        return client.oauth2Request(request, accessToken);
    }

    private static @Nullable String primaryEmail(HttpResponse response, @Nullable String fallback) {
        if (!response.isSuccessful()) {
            return fallback; // the token lacks user:email (the user unticked it): keep the public address
        }
        if (Json.valueOrNull(response.bodyText()) instanceof List<?> emails) {
            for (Object o : emails) {
                if (o instanceof Map<?, ?> m
                        && Boolean.TRUE.equals(m.get("primary"))
                        && Boolean.TRUE.equals(m.get("verified"))
                        && m.get("email") instanceof String s) {
                    return s;
                }
            }
        }
        return fallback;
    }

    private static GitHubUser toUser(Map<String, Object> p, @Nullable String email, String token) {
        Long id = Json.number(p, "id");
        String login = Json.string(p, "login");
        if (id == null || login == null) {
            throw AuthError.provider("GitHub's /user has no id or login; got members " + p.keySet());
        }
        return new GitHubUser(id, login, Json.string(p, "name"), email, Json.string(p, "avatar_url"), token, p);
    }

    /** Configures a {@link GitHubAuth}. */
    public static final class Builder {
        private final String clientId;
        private final String clientSecret;
        private String webUrl = DEFAULT_WEB_URL;
        private String apiUrl = DEFAULT_API_URL;
        private List<String> scopes = DEFAULT_SCOPES;
        private Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;
        private @Nullable AsyncHttpClient http;

        private Builder(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        /**
         * Sets where the browser signs in and tokens are issued; {@link #DEFAULT_WEB_URL} by default (GitHub
         * Enterprise Server: {@code https://HOST}).
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder webUrl(String url) {
            this.webUrl = url;
            return this;
        }

        /**
         * Sets the REST API's base URL; {@link #DEFAULT_API_URL} by default (Enterprise:
         * {@code https://HOST/api/v3}).
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder apiUrl(String url) {
            this.apiUrl = url;
            return this;
        }

        /**
         * Sets the scopes; {@link #DEFAULT_SCOPES} by default. Without {@code user:email}, the e-mail is the
         * public one, if any.
         *
         * @param scopes the scopes
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            this.scopes = List.copyOf(scopes);
            return this;
        }

        /**
         * Sets the limit for each call; {@link OAuth2Client#DEFAULT_TIMEOUT} by default.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the client to call GitHub with; by default the caller's loop's shared client.
         *
         * @param http the client, or null
         * @return this builder
         */
        public Builder httpClient(@Nullable AsyncHttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * Builds it.
         *
         * @return the provider
         */
        public GitHubAuth build() {
            return new GitHubAuth(this);
        }
    }
}
