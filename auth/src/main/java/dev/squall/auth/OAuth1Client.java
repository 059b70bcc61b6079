package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.IOLoop;
import dev.squall.web.BaseRequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 1.0a flow (RFC 5849 with the 1.0a callback confirmation and verifier), as Tornado's
 * {@code OAuthMixin}: a request token, the user's authorization, an access token; and signed API calls.
 * Requests are signed with HMAC-SHA1 ({@link OAuth1Signer}). The request token's secret lives in a signed,
 * {@code HttpOnly} cookie for {@link OAuth2Client#DEFAULT_STATE_MAX_AGE 10 minutes}, read once on the callback,
 * whose {@code oauth_token} must be that request token. Immutable and thread-safe.
 */
public final class OAuth1Client {
    private final String name;
    private final String consumerKey;
    private final String consumerSecret;
    private final String requestTokenUrl;
    private final String authorizeUrl;
    private final String accessTokenUrl;
    private final Duration timeout;
    private final Duration stateMaxAge;
    private final String cookieName;
    private final @Nullable AsyncHttpClient http;

    private OAuth1Client(Builder b) {
        this.name = b.name;
        this.consumerKey = require(b.consumerKey, "consumerKey");
        this.consumerSecret = require(b.consumerSecret, "consumerSecret");
        this.requestTokenUrl = require(b.requestTokenUrl, "requestTokenUrl");
        this.authorizeUrl = require(b.authorizeUrl, "authorizeUrl");
        this.accessTokenUrl = require(b.accessTokenUrl, "accessTokenUrl");
        this.timeout = b.timeout;
        this.stateMaxAge = b.stateMaxAge;
        this.cookieName = "squall_auth1_" + OAuth2Client.cookieSafe(b.name);
        this.http = b.http;
    }

    private String require(@Nullable String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(
                    "OAuth1Client for " + name + " needs " + what + "(...): set it on the builder");
        }
        return value;
    }

    /**
     * Returns a builder.
     *
     * @param name the provider's name, for messages and the cookie's name
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Gets a request token and sends the browser to the provider to authorize it.
     *
     * @param handler the handler answering the browser's request
     * @param callbackUri where the provider sends the browser back, or a path on this site
     * @return completes (on the caller's loop) once the redirect is set; or fails with an {@link AuthError},
     *     502 also when the provider did not confirm the callback ({@code oauth_callback_confirmed})
     */
    public CompletableFuture<Void> authorizeRedirect(BaseRequestHandler handler, String callbackUri) {
        String what = name + "'s request token endpoint " + requestTokenUrl;
        Map<String, String> oauth = Map.of("oauth_callback", OAuth2Client.absolute(handler, callbackUri));
        return ProviderHttp.accept(send("POST", requestTokenUrl, Map.of(), oauth, null, what), response -> {
            Map<String, String> form = formOf(response, what);
            String token = form.get("oauth_token");
            String secret = form.get("oauth_token_secret");
            if (token == null || secret == null) {
                throw AuthError.provider(what + " sent no oauth_token and oauth_token_secret; got " + form.keySet());
            }
            if (!"true".equals(form.get("oauth_callback_confirmed"))) {
                throw AuthError.provider(what + " did not confirm the callback (oauth_callback_confirmed): not an"
                        + " OAuth 1.0a provider, or it ignored the callback URL");
            }
            StateCookie.set(handler, cookieName, b64(token) + "." + b64(secret), stateMaxAge);
            handler.redirect(OAuth2Client.withQuery(authorizeUrl, Map.of("oauth_token", token)));
        });
    }

    /**
     * On the callback: checks that it is for the request token this browser was sent with, and trades it and
     * the verifier for an access token.
     *
     * @param handler the handler answering the callback
     * @return the access token, on the caller's loop; or failed with an {@link AuthError}: 403 when the user
     *     declined ({@code denied}), no sign-in is in progress in this browser, or {@code oauth_token} is not
     *     its request token; 400 without {@code oauth_verifier}; 403/502/504 from the provider
     */
    public CompletableFuture<OAuth1Token> accessToken(BaseRequestHandler handler) {
        String stored = StateCookie.take(handler, cookieName, stateMaxAge);
        if (handler.getQueryArgumentOrNull("denied") != null) {
            return ProviderHttp.failed(
                    new AuthError(403, "the user declined to sign in with " + name, "denied", null, null));
        }
        int dot = stored == null ? -1 : stored.indexOf('.');
        if (stored == null || dot < 0) {
            return ProviderHttp.failed(AuthError.refused("no " + name + " sign-in is in progress in this browser:"
                    + " the cookie " + cookieName + " is missing, tampered with or expired; start the sign-in again"));
        }
        String requestToken = unb64(stored.substring(0, dot));
        String requestSecret = unb64(stored.substring(dot + 1));
        String token = handler.getQueryArgumentOrNull("oauth_token");
        if (token == null || !OAuth2Client.constantTimeEquals(token, requestToken)) {
            return ProviderHttp.failed(AuthError.refused("the " + name + " callback's oauth_token "
                    + (token == null ? "is missing" : "is not the request token this browser was sent with")
                    + "; start the sign-in again"));
        }
        String verifier = handler.getQueryArgumentOrNull("oauth_verifier");
        if (verifier == null || verifier.isEmpty()) {
            return ProviderHttp.failed(AuthError.badCallback("the " + name + " callback has no oauth_verifier"));
        }
        String what = name + "'s access token endpoint " + accessTokenUrl;
        Map<String, String> oauth = Map.of("oauth_token", requestToken, "oauth_verifier", verifier);
        return ProviderHttp.map(send("POST", accessTokenUrl, Map.of(), oauth, requestSecret, what), response -> {
            Map<String, String> form = formOf(response, what);
            String access = form.remove("oauth_token");
            String secret = form.remove("oauth_token_secret");
            if (access == null || secret == null) {
                throw AuthError.provider(what + " sent no oauth_token and oauth_token_secret; got " + form.keySet());
            }
            return new OAuth1Token(access, secret, form);
        });
    }

    /**
     * Calls an API with an access token, signed with HMAC-SHA1: {@code params} go in the query for GET and
     * DELETE, in a form body otherwise, and are signed either way.
     *
     * @param method the HTTP method
     * @param url the URL
     * @param params the parameters
     * @param token the access token
     * @return the response, whatever its status, on the caller's loop; or failed with an {@link AuthError}
     *     when there is no answer
     */
    public CompletableFuture<HttpResponse> oauth1Request(
            String method, String url, Map<String, String> params, OAuth1Token token) {
        return send(method, url, params, Map.of("oauth_token", token.token()), token.secret(), name + " API " + url);
    }

    private CompletableFuture<HttpResponse> send(
            String method,
            String url,
            Map<String, String> params,
            Map<String, String> extraOauth,
            @Nullable String tokenSecret,
            String what) {
        boolean inQuery = method.equals("GET") || method.equals("DELETE") || method.equals("HEAD");
        String target = inQuery && !params.isEmpty() ? OAuth2Client.withQuery(url, params) : url;
        Map<String, String> oauth = new TreeMap<>(extraOauth);
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", Pkce.randomToken(16));
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", Long.toString(IOLoop.current().clock().currentTimeMillis() / 1000));
        oauth.put("oauth_version", "1.0");
        List<Map.Entry<String, String>> signed = new ArrayList<>(oauth.entrySet());
        if (!inQuery) {
            signed.addAll(params.entrySet());
        }
        oauth.put(
                "oauth_signature",
                OAuth1Signer.hmacSha1(OAuth1Signer.baseString(method, target, signed), consumerSecret, tokenSecret));
        HttpRequest.Builder request = HttpRequest.builder(target)
                .method(method)
                .header("Authorization", OAuth1Signer.authorizationHeader(oauth));
        if (!inQuery) {
            request.form(params);
        }
        return ProviderHttp.send(http, request, timeout, what);
    }

    private static Map<String, String> formOf(HttpResponse response, String what) {
        if (!response.isSuccessful()) {
            throw ProviderHttp.errorOf(response, what);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (Map.Entry<String, String> e :
                OAuth1Signer.parseForm(response.bodyText().trim())) {
            form.put(e.getKey(), e.getValue());
        }
        return form;
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OAuth1Client[" + name + ", consumerKey=" + consumerKey + "]";
    }

    /** Configures an {@link OAuth1Client}. */
    public static final class Builder {
        private final String name;
        private @Nullable String consumerKey;
        private @Nullable String consumerSecret;
        private @Nullable String requestTokenUrl;
        private @Nullable String authorizeUrl;
        private @Nullable String accessTokenUrl;
        private Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;
        private Duration stateMaxAge = OAuth2Client.DEFAULT_STATE_MAX_AGE;
        private @Nullable AsyncHttpClient http;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the consumer (API) key. Required.
         *
         * @param key the key
         * @return this builder
         */
        public Builder consumerKey(String key) {
            this.consumerKey = key;
            return this;
        }

        /**
         * Sets the consumer (API) secret. Required.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder consumerSecret(String secret) {
            this.consumerSecret = secret;
            return this;
        }

        /**
         * Sets the temporary-credentials (request token) endpoint. Required.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder requestTokenUrl(String url) {
            this.requestTokenUrl = url;
            return this;
        }

        /**
         * Sets the page the browser is sent to for authorization. Required.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder authorizeUrl(String url) {
            this.authorizeUrl = url;
            return this;
        }

        /**
         * Sets the token-credentials (access token) endpoint. Required.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder accessTokenUrl(String url) {
            this.accessTokenUrl = url;
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
         * Sets how long the request-token cookie lives; {@link OAuth2Client#DEFAULT_STATE_MAX_AGE} by default.
         *
         * @param maxAge the lifetime
         * @return this builder
         */
        public Builder stateMaxAge(Duration maxAge) {
            this.stateMaxAge = maxAge;
            return this;
        }

        /**
         * Sets the client to call the provider with; by default the caller's loop's shared client.
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
         * @return the client
         * @throws IllegalStateException if a key, secret or URL is missing
         */
        public OAuth1Client build() {
            return new OAuth1Client(this);
        }
    }
}
