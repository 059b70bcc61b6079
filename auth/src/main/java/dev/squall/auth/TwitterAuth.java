package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.BaseRequestHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * "Sign in with X" (Twitter) through OAuth 1.0a, as Tornado's {@code TwitterMixin}: request token, the
 * {@code /oauth/authenticate} page (which skips the consent screen for a user who authorized the app before),
 * access token, then the user from {@code GET /2/users/me}. Immutable and thread-safe.
 *
 * <pre>{@code
 * TwitterAuth x = TwitterAuth.builder(apiKey, apiKeySecret).build();
 *
 * final class XLogin extends CoroutineRequestHandler {
 *     @Override public void get() {
 *         if (getArgumentOrNull("oauth_token") == null && getArgumentOrNull("denied") == null) {
 *             await(x.authorizeRedirect(this, "/auth/x"));
 *             return;
 *         }
 *         TwitterUser user = await(x.completeLogin(this));
 *         setSignedCookie("user", user.id());
 *         redirect("/");
 *     }
 * }
 * }</pre>
 */
public final class TwitterAuth {
    /** The API host; the OAuth endpoints live under it too. */
    public static final String DEFAULT_API_URL = "https://api.x.com";

    private final OAuth1Client client;
    private final String apiUrl;

    private TwitterAuth(Builder b) {
        this.apiUrl = b.apiUrl.endsWith("/") ? b.apiUrl.substring(0, b.apiUrl.length() - 1) : b.apiUrl;
        this.client = OAuth1Client.builder("X")
                .consumerKey(b.consumerKey)
                .consumerSecret(b.consumerSecret)
                .requestTokenUrl(apiUrl + "/oauth/request_token")
                .authorizeUrl(apiUrl + "/oauth/authenticate")
                .accessTokenUrl(apiUrl + "/oauth/access_token")
                .timeout(b.timeout)
                .httpClient(b.http)
                .build();
    }

    /**
     * Returns a builder.
     *
     * @param consumerKey the app's API key (consumer key)
     * @param consumerSecret the API key secret
     * @return a new builder
     */
    public static Builder builder(String consumerKey, String consumerSecret) {
        return new Builder(consumerKey, consumerSecret);
    }

    /** Returns the OAuth 1.0a client underneath. */
    public OAuth1Client client() {
        return client;
    }

    /**
     * Gets a request token and sends the browser to X's sign-in page.
     *
     * @param handler the handler answering the browser's request
     * @param callbackUri the callback URL registered with the app, or a path on this site
     * @return completes once the redirect is set; or fails with an {@link AuthError}
     */
    public CompletableFuture<Void> authorizeRedirect(BaseRequestHandler handler, String callbackUri) {
        return client.authorizeRedirect(handler, callbackUri);
    }

    /**
     * On the callback: checks it, gets the access token and fetches the user.
     *
     * @param handler the handler answering the callback
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<TwitterUser> completeLogin(BaseRequestHandler handler) {
        return ProviderHttp.then(client.accessToken(handler), this::user);
    }

    /**
     * Fetches the user of an access token ({@code GET /2/users/me}); when the app's access level refuses that
     * call (403), the user id and name the access token came with.
     *
     * @param token the access token
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<TwitterUser> user(OAuth1Token token) {
        String what = "X's /2/users/me";
        return ProviderHttp.map(
                twitterRequest("GET", "/2/users/me", Map.of("user.fields", "profile_image_url"), token), response -> {
                    if (response.code() == 403 && token.extra().containsKey("user_id")) {
                        Map<String, Object> extra = new HashMap<>(token.extra());
                        return new TwitterUser(
                                token.extra().get("user_id"),
                                token.extra().getOrDefault("screen_name", ""),
                                null,
                                null,
                                token,
                                extra);
                    }
                    Map<String, Object> data = Json.child(ProviderHttp.json(response, what), "data");
                    String id = data == null ? null : Json.string(data, "id");
                    String username = data == null ? null : Json.string(data, "username");
                    if (data == null || id == null || username == null) {
                        throw AuthError.provider(what + " has no data.id and data.username");
                    }
                    return new TwitterUser(
                            id,
                            username,
                            Json.string(data, "name"),
                            Json.string(data, "profile_image_url"),
                            token,
                            data);
                });
    }

    /**
     * Calls the X API with an access token, signed, as Tornado's {@code twitter_request}.
     *
     * @param method the HTTP method
     * @param path the path ({@code /2/tweets}) or a full URL
     * @param params query (GET) or form (POST) parameters
     * @param token the access token
     * @return the response, whatever its status, on the caller's loop; or failed with an {@link AuthError}
     *     when there is no answer
     */
    public CompletableFuture<HttpResponse> twitterRequest(
            String method, String path, Map<String, String> params, OAuth1Token token) {
        return client.oauth1Request(method, path.startsWith("/") ? apiUrl + path : path, params, token);
    }

    /** Configures a {@link TwitterAuth}. */
    public static final class Builder {
        private final String consumerKey;
        private final String consumerSecret;
        private String apiUrl = DEFAULT_API_URL;
        private Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;
        private @Nullable AsyncHttpClient http;

        private Builder(String consumerKey, String consumerSecret) {
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
        }

        /**
         * Sets the API's base URL (the OAuth endpoints are under it); {@link #DEFAULT_API_URL} by default,
         * {@code https://api.twitter.com} works too.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder apiUrl(String url) {
            this.apiUrl = url;
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
         * Sets the client to call X with; by default the caller's loop's shared client.
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
        public TwitterAuth build() {
            return new TwitterAuth(this);
        }
    }
}
