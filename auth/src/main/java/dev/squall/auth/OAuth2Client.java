package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.BaseRequestHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 authorization-code flow (RFC 6749 section 4.1) with PKCE (RFC 7636) and a {@code state}
 * bound to the browser, as Tornado's {@code OAuth2Mixin} but with both checks built in. Immutable and
 * thread-safe: build one per provider at startup and share it between handlers and loops.
 *
 * <pre>{@code
 * OAuth2Client client = OAuth2Client.builder("Example")
 *         .clientId(id).clientSecret(secret)
 *         .authorizeUrl("https://auth.example.com/authorize").tokenUrl("https://auth.example.com/token")
 *         .scopes(List.of("profile"))
 *         .build();
 *
 * // in an AsyncRequestHandler at /auth/example:
 * public CompletionStage<?> get() {
 *     if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
 *         client.authorizeRedirect(this, "/auth/example");
 *         return done();
 *     }
 *     return client.exchangeCode(this, "/auth/example")
 *             .thenCompose(token -> client.oauth2Request("https://api.example.com/me", token.accessToken()))
 *             .thenAccept(me -> { setSignedCookie("user", me.bodyText()); redirect("/"); });
 * }
 * }</pre>
 *
 * <p>{@link #authorizeRedirect} makes a random {@code state}, a PKCE verifier (and, with the {@code openid}
 * scope, a {@code nonce}), keeps them in a signed, {@code HttpOnly} cookie that lives {@link
 * #DEFAULT_STATE_MAX_AGE 10 minutes}, and redirects. {@link #exchangeCode(BaseRequestHandler, String)} on the
 * callback deletes that cookie (it serves once), checks that the {@code state} the provider sent back is the
 * cookie's, and trades the code and the verifier for a token. Requests go through the caller's loop's
 * shared {@link AsyncHttpClient} (or {@link Builder#httpClient}); futures complete on the caller's loop.
 * The handler's application needs a {@code cookieSecret}.
 */
public final class OAuth2Client {
    /** Default limit for each call to the provider. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default lifetime of the state cookie: how long the user may take on the provider's page. */
    public static final Duration DEFAULT_STATE_MAX_AGE = Duration.ofMinutes(10);

    /** How the client proves its identity to the token endpoint (RFC 6749 section 2.3.1). */
    public enum ClientAuthentication {
        /** {@code client_id} and {@code client_secret} in the form body (GitHub, Google, Facebook). */
        POST_BODY,
        /** HTTP Basic with the form-encoded id and secret ({@code client_secret_basic}, the RFC's default). */
        BASIC
    }

    private final String name;
    private final String clientId;
    private final @Nullable String clientSecret;
    private final String authorizeUrl;
    private final String tokenUrl;
    private final List<String> scopes;
    private final boolean pkce;
    private final ClientAuthentication clientAuthentication;
    private final Duration timeout;
    private final Duration stateMaxAge;
    private final String cookieName;
    private final @Nullable AsyncHttpClient http;

    private OAuth2Client(Builder b) {
        this.name = b.name;
        this.clientId = require(b.clientId, "clientId");
        this.clientSecret = b.clientSecret;
        this.authorizeUrl = require(b.authorizeUrl, "authorizeUrl");
        this.tokenUrl = require(b.tokenUrl, "tokenUrl");
        this.scopes = List.copyOf(b.scopes);
        this.pkce = b.pkce;
        this.clientAuthentication = b.clientAuthentication;
        this.timeout = b.timeout;
        this.stateMaxAge = b.stateMaxAge;
        this.cookieName = "squall_auth_" + cookieSafe(b.name);
        this.http = b.http;
    }

    private String require(@Nullable String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(
                    "OAuth2Client for " + name + " needs " + what + "(...): set it on the builder");
        }
        return value;
    }

    static String cookieSafe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }

    /**
     * Returns a builder.
     *
     * @param name the provider's name, for messages and the state cookie's name ({@code squall_auth_NAME})
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns the provider's name. */
    public String name() {
        return name;
    }

    /** Returns the client id. */
    public String clientId() {
        return clientId;
    }

    /** Returns the limit for each call to the provider. */
    public Duration timeout() {
        return timeout;
    }

    /** Returns the configured client, or null for the caller's loop's shared client. */
    @Nullable
    AsyncHttpClient http() {
        return http;
    }

    /**
     * Returns a new authorization request with fresh {@code state}, PKCE verifier and (with the {@code openid}
     * scope) {@code nonce}; nothing is stored. For code that keeps the secrets itself.
     *
     * @param redirectUri the callback URL registered with the provider
     * @param scopes the scopes to ask for; empty for the builder's
     * @param extraParams more authorization parameters ({@code prompt}, {@code login_hint}, {@code access_type}...)
     * @return the request
     */
    public AuthorizationRequest newAuthorization(
            String redirectUri, List<String> scopes, Map<String, String> extraParams) {
        List<String> s = scopes.isEmpty() ? this.scopes : scopes;
        String state = Pkce.randomToken(24);
        String verifier = pkce ? Pkce.newVerifier() : null;
        String nonce = s.contains("openid") ? Pkce.randomToken(24) : null;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        if (!s.isEmpty()) {
            params.put("scope", String.join(" ", s));
        }
        params.put("state", state);
        if (verifier != null) {
            params.put("code_challenge", Pkce.challengeS256(verifier));
            params.put("code_challenge_method", "S256");
        }
        if (nonce != null) {
            params.put("nonce", nonce);
        }
        params.putAll(extraParams);
        return new AuthorizationRequest(withQuery(authorizeUrl, params), state, verifier, nonce);
    }

    /**
     * Sends the browser to the provider's authorization page, with the builder's scopes. Call it from the
     * handler's method (any style), then finish as usual.
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri the callback URL registered with the provider; a path ({@code /auth/github}) is made
     *     absolute with the request's scheme and host
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public void authorizeRedirect(BaseRequestHandler handler, String redirectUri) {
        authorizeRedirect(handler, redirectUri, List.of(), Map.of());
    }

    /**
     * Sends the browser to the provider's authorization page: keeps {@code state}, the PKCE verifier and the
     * {@code nonce} in a signed cookie that lives {@link Builder#stateMaxAge}, and redirects (302).
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri the callback URL registered with the provider, or a path on this site
     * @param scopes the scopes to ask for; empty for the builder's
     * @param extraParams more authorization parameters
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public void authorizeRedirect(
            BaseRequestHandler handler, String redirectUri, List<String> scopes, Map<String, String> extraParams) {
        AuthorizationRequest request = newAuthorization(absolute(handler, redirectUri), scopes, extraParams);
        StateCookie.set(
                handler,
                cookieName,
                request.state() + "." + Objects.requireNonNullElse(request.codeVerifier(), "") + "."
                        + Objects.requireNonNullElse(request.nonce(), ""),
                stateMaxAge);
        handler.redirect(request.url());
    }

    /**
     * On the callback: checks that it belongs to the sign-in this browser started, and trades the code for a
     * token. The state cookie is deleted first, so a callback is accepted at most once.
     *
     * @param handler the handler answering the callback
     * @param redirectUri the same redirect URI (or path) that {@link #authorizeRedirect} was given
     * @return the token, on the caller's loop; or failed with an {@link AuthError}: 403 when the provider
     *     reports an error ({@code ?error=access_denied}), when no sign-in is in progress in this browser
     *     (cookie missing or older than {@link Builder#stateMaxAge}), when {@code state} does not match (a
     *     forged or crossed callback) or when the token endpoint refuses the code (used already, expired);
     *     400 when the callback has no {@code code}; 502/504 when the provider fails or does not answer
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public CompletableFuture<OAuth2Token> exchangeCode(BaseRequestHandler handler, String redirectUri) {
        return ProviderHttp.map(completeCallback(handler, redirectUri), Callback::token);
    }

    /** The callback's outcome: the token and the nonce the sign-in was started with. */
    record Callback(OAuth2Token token, @Nullable String nonce) {}

    CompletableFuture<Callback> completeCallback(BaseRequestHandler handler, String redirectUri) {
        String stored = StateCookie.take(handler, cookieName, stateMaxAge);
        String error = handler.getQueryArgumentOrNull("error");
        if (error != null) {
            String description = handler.getQueryArgumentOrNull("error_description");
            return ProviderHttp.failed(new AuthError(
                    403,
                    name + " did not sign the user in: " + error
                            + (description != null ? " (" + description + ")" : ""),
                    error,
                    description,
                    null));
        }
        if (stored == null) {
            return ProviderHttp.failed(AuthError.refused("no " + name + " sign-in is in progress in this browser:"
                    + " the state cookie " + cookieName + " is missing, tampered with or older than "
                    + stateMaxAge.toSeconds() + " s; start the sign-in again"));
        }
        int dot1 = stored.indexOf('.');
        int dot2 = stored.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0) {
            return ProviderHttp.failed(AuthError.refused("the " + name + " state cookie is malformed"));
        }
        String state = handler.getQueryArgumentOrNull("state");
        if (state == null || !constantTimeEquals(state, stored.substring(0, dot1))) {
            return ProviderHttp.failed(AuthError.refused("the " + name + " callback's state "
                    + (state == null ? "is missing" : "does not match the one this browser was sent with")
                    + ": a forged callback, or one from another sign-in; start the sign-in again"));
        }
        String code = handler.getQueryArgumentOrNull("code");
        if (code == null || code.isEmpty()) {
            return ProviderHttp.failed(
                    AuthError.badCallback("the " + name + " callback has neither a code nor an error parameter"));
        }
        String verifier = stored.substring(dot1 + 1, dot2);
        String nonce = stored.substring(dot2 + 1);
        return ProviderHttp.map(
                exchangeCode(code, absolute(handler, redirectUri), verifier.isEmpty() ? null : verifier),
                token -> new Callback(token, nonce.isEmpty() ? null : nonce));
    }

    /**
     * Trades an authorization code for a token, without the browser checks of {@link
     * #exchangeCode(BaseRequestHandler, String)}: for code that checked {@code state} itself.
     *
     * @param code the code from the callback
     * @param redirectUri the redirect URI of the authorization request, absolute
     * @param codeVerifier the PKCE verifier of the authorization request, or null without PKCE
     * @return the token, on the caller's loop, or failed with an {@link AuthError}
     * @throws IllegalStateException if the caller is not on a loop and no client was configured
     */
    public CompletableFuture<OAuth2Token> exchangeCode(String code, String redirectUri, @Nullable String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        HttpRequest.Builder request =
                HttpRequest.builder(tokenUrl).method("POST").header("Accept", "application/json");
        if (clientSecret != null) {
            if (clientAuthentication == ClientAuthentication.BASIC) {
                String credentials = formEncode(clientId) + ":" + formEncode(clientSecret);
                request.header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            } else {
                form.put("client_secret", clientSecret);
            }
        }
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        String what = name + "'s token endpoint " + tokenUrl;
        return ProviderHttp.map(
                ProviderHttp.send(http, request.form(form), timeout, what),
                response -> OAuth2Token.fromJson(ProviderHttp.json(response, what), what));
    }

    /**
     * Calls an API with an access token ({@code Authorization: Bearer}), as Tornado's {@code oauth2_request}.
     * The response comes back whatever its status.
     *
     * @param url the API URL
     * @param accessToken the token
     * @return the response, on the caller's loop; or failed with an {@link AuthError} (502, 504) when there
     *     is no answer
     */
    public CompletableFuture<HttpResponse> oauth2Request(String url, String accessToken) {
        return oauth2Request(HttpRequest.builder(url), accessToken);
    }

    /**
     * Calls an API with an access token: {@code request} plus {@code Authorization: Bearer} and the client's
     * time limit, for other methods and bodies.
     *
     * @param request the request (method, headers, body)
     * @param accessToken the token
     * @return the response, whatever its status, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<HttpResponse> oauth2Request(HttpRequest.Builder request, String accessToken) {
        HttpRequest.Builder r = request.setHeader("Authorization", "Bearer " + accessToken);
        return ProviderHttp.send(http, r, timeout, name + " API " + r.build().url());
    }

    /** Calls an API with a token and returns its JSON object, failing with an {@link AuthError} otherwise. */
    CompletableFuture<Map<String, Object>> getJson(String url, String accessToken, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.builder(url).header("Accept", "application/json");
        headers.forEach(request::setHeader);
        return ProviderHttp.map(
                oauth2Request(request, accessToken), response -> ProviderHttp.json(response, name + " API " + url));
    }

    /** Makes a path on this site absolute with the request's scheme and host; leaves URLs alone. */
    static String absolute(BaseRequestHandler handler, String uri) {
        if (uri.startsWith("/") && !uri.startsWith("//")) {
            return handler.request().protocol() + "://" + handler.request().host() + uri;
        }
        return uri;
    }

    static String withQuery(String url, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(url);
        char sep = url.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(formEncode(e.getKey())).append('=').append(formEncode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "OAuth2Client[" + name + ", clientId=" + clientId + ", authorizeUrl=" + authorizeUrl + "]";
    }

    /** Configures an {@link OAuth2Client}. */
    public static final class Builder {
        private final String name;
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private @Nullable String authorizeUrl;
        private @Nullable String tokenUrl;
        private List<String> scopes = List.of();
        private boolean pkce = true;
        private ClientAuthentication clientAuthentication = ClientAuthentication.POST_BODY;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration stateMaxAge = DEFAULT_STATE_MAX_AGE;
        private @Nullable AsyncHttpClient http;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Sets the client id the provider issued when the application was registered. Required.
         *
         * @param clientId the id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the client secret; leave it unset for a public client (PKCE alone).
         *
         * @param clientSecret the secret, kept out of the source code
         * @return this builder
         */
        public Builder clientSecret(@Nullable String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Sets the authorization endpoint the browser is sent to. Required.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder authorizeUrl(String url) {
            this.authorizeUrl = url;
            return this;
        }

        /**
         * Sets the token endpoint. Required.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder tokenUrl(String url) {
            this.tokenUrl = url;
            return this;
        }

        /**
         * Sets the scopes asked for when a call names none.
         *
         * @param scopes the scopes
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            this.scopes = new ArrayList<>(scopes);
            return this;
        }

        /**
         * Turns PKCE ({@code S256}) on or off; on by default. Turn it off only for a provider that refuses the
         * parameters.
         *
         * @param pkce whether to use PKCE
         * @return this builder
         */
        public Builder pkce(boolean pkce) {
            this.pkce = pkce;
            return this;
        }

        /**
         * Sets how the client authenticates to the token endpoint; {@link ClientAuthentication#POST_BODY} by
         * default.
         *
         * @param how the method
         * @return this builder
         */
        public Builder clientAuthentication(ClientAuthentication how) {
            this.clientAuthentication = Objects.requireNonNull(how, "how");
            return this;
        }

        /**
         * Sets the limit for each call to the provider; {@link #DEFAULT_TIMEOUT} by default.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how long the state cookie lives: how long a user may take on the provider's pages;
         * {@link #DEFAULT_STATE_MAX_AGE} by default.
         *
         * @param maxAge the lifetime
         * @return this builder
         */
        public Builder stateMaxAge(Duration maxAge) {
            if (maxAge.toSeconds() < 1) {
                throw new IllegalArgumentException("stateMaxAge must be at least 1 s, got " + maxAge);
            }
            this.stateMaxAge = maxAge;
            return this;
        }

        /**
         * Sets the client to call the provider with; by default the shared client of the loop the call is made
         * on ({@code AsyncHttpClient.shared()}), which the test harness points at fake providers.
         *
         * @param http the client, or null for the default
         * @return this builder
         */
        public Builder httpClient(@Nullable AsyncHttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws IllegalStateException if the client id, authorization URL or token URL is missing
         */
        public OAuth2Client build() {
            return new OAuth2Client(this);
        }
    }
}
