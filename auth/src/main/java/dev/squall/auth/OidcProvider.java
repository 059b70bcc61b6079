package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.loop.IOLoop;
import dev.squall.web.BaseRequestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in with an OpenID Connect provider found from its issuer URL (Google, Keycloak, Auth0, Okta, Microsoft
 * Entra...): discovery, the authorization-code flow with {@code state}, PKCE and {@code nonce}
 * ({@link OAuth2Client}), and the ID token verified — signature with the provider's published keys
 * ({@code RS256}, {@code ES256}), issuer, audience and authorized party, expiry and issue time with a clock
 * skew, nonce. Immutable and thread-safe; the discovery document (for {@link Builder#discoveryMaxAge}) and the
 * key set are cached and shared by every loop.
 *
 * <pre>{@code
 * OidcProvider keycloak = OidcProvider.builder("https://sso.example.com/realms/main")
 *         .clientId(id).clientSecret(secret).build();
 *
 * final class LoginHandler extends CoroutineRequestHandler {
 *     @Override public void get() {
 *         if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
 *             await(keycloak.authorizeRedirect(this, "/auth/login"));
 *             return;
 *         }
 *         OidcLogin login = await(keycloak.completeLogin(this, "/auth/login"));
 *         setSignedCookie("user", login.idToken().subject());
 *         redirect("/");
 *     }
 * }
 * }</pre>
 */
public final class OidcProvider {
    /** Default scopes: the ID token, with the user's e-mail address and profile. */
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
    /** Default clock skew allowed when checking {@code exp}, {@code iat} and {@code nbf}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Default shortest time between two fetches of the key set for an unknown key id. */
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(60);
    /** Default time a discovery document is used before it is fetched again. */
    public static final Duration DEFAULT_DISCOVERY_MAX_AGE = Duration.ofHours(24);

    private final String name;
    private final String issuer;
    private final String discoveryUrl;
    private final Set<String> acceptedIssuers;
    private final String clientId;
    private final @Nullable String clientSecret;
    private final List<String> scopes;
    private final Duration clockSkew;
    private final Duration timeout;
    private final Duration stateMaxAge;
    private final Duration discoveryMaxAge;
    private final OAuth2Client.ClientAuthentication clientAuthentication;
    private final @Nullable AsyncHttpClient http;
    private final JwksCache jwks;

    private final Object lock = new Object();
    private @Nullable CompletableFuture<Discovered> discovered; // guarded by lock
    private long discoveredAtMillis; // guarded by lock

    /** The discovery document and the OAuth 2.0 client built on its endpoints. */
    private record Discovered(OidcDiscovery document, OAuth2Client client) {}

    private OidcProvider(Builder b) {
        this.name = b.name;
        this.issuer = b.issuer;
        this.discoveryUrl =
                b.discoveryUrl != null ? b.discoveryUrl : stripSlash(b.issuer) + "/.well-known/openid-configuration";
        Set<String> issuers = new LinkedHashSet<>();
        issuers.add(b.issuer);
        issuers.addAll(b.extraIssuers);
        this.acceptedIssuers = Set.copyOf(issuers);
        if (b.clientId == null || b.clientId.isEmpty()) {
            throw new IllegalStateException(
                    "OidcProvider for " + b.name + " needs clientId(...): set it on the builder");
        }
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.scopes = List.copyOf(b.scopes);
        this.clockSkew = b.clockSkew;
        this.timeout = b.timeout;
        this.stateMaxAge = b.stateMaxAge;
        this.discoveryMaxAge = b.discoveryMaxAge;
        this.clientAuthentication = b.clientAuthentication;
        this.http = b.http;
        this.jwks = new JwksCache(b.jwksMinRefreshInterval);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Returns a builder for the provider with this issuer.
     *
     * @param issuer the issuer URL, exactly as the provider's ID tokens carry it in {@code iss}
     *     ({@code https://accounts.google.com}, {@code https://sso.example.com/realms/main})
     * @return a new builder
     */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** Returns the issuer. */
    public String issuer() {
        return issuer;
    }

    /** Returns the client id. */
    public String clientId() {
        return clientId;
    }

    /**
     * Returns the discovery document, from the cache when it is younger than {@link Builder#discoveryMaxAge}.
     *
     * @return the document, on the caller's loop; or failed with an {@link AuthError} (502, 504)
     * @throws IllegalStateException if the caller is not on a loop
     */
    public CompletableFuture<OidcDiscovery> discovery() {
        return ProviderHttp.map(discovered(), Discovered::document);
    }

    private CompletableFuture<Discovered> discovered() {
        IOLoop loop = IOLoop.current();
        long now = loop.clock().currentTimeMillis();
        CompletableFuture<Discovered> f;
        synchronized (lock) {
            f = discovered;
            boolean stale = f != null
                    && (f.isCompletedExceptionally()
                            || (f.isDone() && now - discoveredAtMillis > discoveryMaxAge.toMillis()));
            if (f == null || stale) {
                discoveredAtMillis = now;
                f = fetchDiscovery();
                discovered = f;
            }
        }
        return loop.adopt(f);
    }

    private CompletableFuture<Discovered> fetchDiscovery() {
        String what = name + "'s discovery document " + discoveryUrl;
        return ProviderHttp.map(
                ProviderHttp.send(
                        http, HttpRequest.builder(discoveryUrl).header("Accept", "application/json"), timeout, what),
                response -> {
                    OidcDiscovery doc = OidcDiscovery.fromJson(ProviderHttp.json(response, what), what);
                    if (!doc.issuer().equals(issuer)) {
                        // OpenID Connect Discovery section 4.3: a document for another issuer is not this provider's
                        throw AuthError.provider(what + " is for issuer " + doc.issuer() + ", not " + issuer);
                    }
                    OAuth2Client client = OAuth2Client.builder(name)
                            .clientId(clientId)
                            .clientSecret(clientSecret)
                            .authorizeUrl(doc.authorizationEndpoint())
                            .tokenUrl(doc.tokenEndpoint())
                            .scopes(scopes)
                            .clientAuthentication(clientAuthentication)
                            .timeout(timeout)
                            .stateMaxAge(stateMaxAge)
                            .httpClient(http)
                            .build();
                    return new Discovered(doc, client);
                });
    }

    /**
     * Sends the browser to the provider's sign-in page (after discovery, so the result is a future), with the
     * builder's scopes and a fresh {@code state}, PKCE verifier and {@code nonce} kept in a signed cookie.
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri the callback URL registered with the provider, or a path on this site
     * @return completes (on the caller's loop) once the redirect is set; or fails with an {@link AuthError}
     *     when discovery fails
     */
    public CompletableFuture<Void> authorizeRedirect(BaseRequestHandler handler, String redirectUri) {
        return authorizeRedirect(handler, redirectUri, Map.of());
    }

    /**
     * Sends the browser to the provider's sign-in page with more authorization parameters ({@code prompt},
     * {@code login_hint}, {@code hd}...).
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri the callback URL registered with the provider, or a path on this site
     * @param extraParams the parameters
     * @return completes once the redirect is set; or fails with an {@link AuthError}
     */
    public CompletableFuture<Void> authorizeRedirect(
            BaseRequestHandler handler, String redirectUri, Map<String, String> extraParams) {
        return ProviderHttp.accept(
                discovered(), d -> d.client().authorizeRedirect(handler, redirectUri, List.of(), extraParams));
    }

    /**
     * On the callback: checks {@code state}, trades the code for tokens and verifies the ID token.
     *
     * @param handler the handler answering the callback
     * @param redirectUri the same redirect URI (or path) as for {@link #authorizeRedirect}
     * @return the sign-in, on the caller's loop; or failed with an {@link AuthError} (see {@link
     *     OAuth2Client#exchangeCode(BaseRequestHandler, String)}, and 403 for an ID token that is missing or
     *     does not verify)
     */
    public CompletableFuture<OidcLogin> completeLogin(BaseRequestHandler handler, String redirectUri) {
        return ProviderHttp.then(
                discovered(),
                d -> ProviderHttp.then(d.client().completeCallback(handler, redirectUri), callback -> {
                    String idToken = callback.token().idToken();
                    if (idToken == null) {
                        throw AuthError.refused(
                                name + "'s token response has no id_token; was the openid scope" + " asked for?");
                    }
                    return ProviderHttp.map(
                            verifyIdToken(d, idToken, callback.nonce()),
                            claims -> new OidcLogin(claims, callback.token()));
                }));
    }

    /**
     * Verifies an ID token obtained some other way (a mobile app's sign-in sent to this server).
     *
     * @param idToken the token
     * @param nonce the nonce it must carry, or null to skip that check
     * @return the claims, on the caller's loop; or failed with an {@link AuthError} (403) naming the failed
     *     check
     */
    public CompletableFuture<IdToken> verifyIdToken(String idToken, @Nullable String nonce) {
        return ProviderHttp.then(discovered(), d -> verifyIdToken(d, idToken, nonce));
    }

    private CompletableFuture<IdToken> verifyIdToken(Discovered d, String idToken, @Nullable String nonce) {
        Jws jws;
        try {
            jws = Jws.parse(idToken);
        } catch (IllegalArgumentException e) {
            return ProviderHttp.failed(AuthError.refused(name + "'s ID token is malformed: " + e.getMessage()));
        }
        String alg = jws.algorithm();
        if (!"RS256".equals(alg) && !"ES256".equals(alg)) {
            return ProviderHttp.failed(AuthError.refused(
                    name + "'s ID token is signed with " + alg + "; only RS256 and ES256 are accepted"));
        }
        IOLoop loop = IOLoop.current();
        long now = loop.clock().currentTimeMillis();
        String jwksUri = d.document().jwksUri();
        return ProviderHttp.map(jwks.key(jws, now, () -> fetchJwks(jwksUri)), key -> {
            if (!jws.verify(key.key())) {
                throw AuthError.refused(name + "'s ID token has an invalid signature (kid " + jws.keyId() + ")");
            }
            return IdToken.check(
                    Json.object(jws.payloadText(), name + "'s ID token payload"),
                    acceptedIssuers,
                    clientId,
                    nonce,
                    Math.floorDiv(loop.clock().currentTimeMillis(), 1000L),
                    clockSkew);
        });
    }

    private CompletableFuture<List<JsonWebKey>> fetchJwks(String jwksUri) {
        String what = name + "'s key set " + jwksUri;
        return ProviderHttp.map(
                ProviderHttp.send(
                        http, HttpRequest.builder(jwksUri).header("Accept", "application/json"), timeout, what),
                response -> JsonWebKey.parseSet(ProviderHttp.json(response, what)));
    }

    @Override
    public String toString() {
        return "OidcProvider[" + name + ", issuer=" + issuer + ", clientId=" + clientId + "]";
    }

    /** Configures an {@link OidcProvider}. */
    public static final class Builder {
        private final String issuer;
        private String name;
        private @Nullable String discoveryUrl;
        private final List<String> extraIssuers = new ArrayList<>();
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private List<String> scopes = DEFAULT_SCOPES;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;
        private Duration stateMaxAge = OAuth2Client.DEFAULT_STATE_MAX_AGE;
        private Duration jwksMinRefreshInterval = DEFAULT_JWKS_MIN_REFRESH_INTERVAL;
        private Duration discoveryMaxAge = DEFAULT_DISCOVERY_MAX_AGE;
        private OAuth2Client.ClientAuthentication clientAuthentication = OAuth2Client.ClientAuthentication.POST_BODY;
        private @Nullable AsyncHttpClient http;

        private Builder(String issuer) {
            if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
                throw new IllegalArgumentException("an OpenID Connect issuer is an https URL, got '" + issuer + "'");
            }
            this.issuer = issuer;
            this.name = issuer;
        }

        /**
         * Sets the provider's name, for messages and the state cookie; the issuer by default.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets where the discovery document is, instead of {@code ISSUER/.well-known/openid-configuration}.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder discoveryUrl(String url) {
            this.discoveryUrl = url;
            return this;
        }

        /**
         * Accepts another {@code iss} value in ID tokens (Google also issues {@code accounts.google.com}).
         *
         * @param issuer the value
         * @return this builder
         */
        public Builder acceptIssuer(String issuer) {
            this.extraIssuers.add(issuer);
            return this;
        }

        /**
         * Sets the client id. Required.
         *
         * @param clientId the id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets the client secret; unset for a public client.
         *
         * @param clientSecret the secret
         * @return this builder
         */
        public Builder clientSecret(@Nullable String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Sets the scopes; {@link #DEFAULT_SCOPES} by default. Must contain {@code openid}.
         *
         * @param scopes the scopes
         * @return this builder
         * @throws IllegalArgumentException without {@code openid}
         */
        public Builder scopes(List<String> scopes) {
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("OpenID Connect needs the openid scope, got " + scopes);
            }
            this.scopes = List.copyOf(scopes);
            return this;
        }

        /**
         * Sets the clock skew allowed for {@code exp}, {@code iat} and {@code nbf}; {@link #DEFAULT_CLOCK_SKEW}
         * by default.
         *
         * @param skew the skew
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /**
         * Sets the limit for each call to the provider; {@link OAuth2Client#DEFAULT_TIMEOUT} by default.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how long the state cookie lives; {@link OAuth2Client#DEFAULT_STATE_MAX_AGE} by default.
         *
         * @param maxAge the lifetime
         * @return this builder
         */
        public Builder stateMaxAge(Duration maxAge) {
            this.stateMaxAge = maxAge;
            return this;
        }

        /**
         * Sets the shortest time between two fetches of the key set for a token with an unknown key id;
         * {@link #DEFAULT_JWKS_MIN_REFRESH_INTERVAL} by default.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder jwksMinRefreshInterval(Duration interval) {
            this.jwksMinRefreshInterval = interval;
            return this;
        }

        /**
         * Sets how long the discovery document is used before it is fetched again; {@link
         * #DEFAULT_DISCOVERY_MAX_AGE} by default.
         *
         * @param maxAge the age
         * @return this builder
         */
        public Builder discoveryMaxAge(Duration maxAge) {
            this.discoveryMaxAge = maxAge;
            return this;
        }

        /**
         * Sets how the client authenticates to the token endpoint; form body by default.
         *
         * @param how the method
         * @return this builder
         */
        public Builder clientAuthentication(OAuth2Client.ClientAuthentication how) {
            this.clientAuthentication = how;
            return this;
        }

        /**
         * Sets the client to call the provider with; by default the caller's loop's shared client.
         *
         * @param http the client, or null for the default
         * @return this builder
         */
        public Builder httpClient(@Nullable AsyncHttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * Builds the provider. Nothing is fetched until the first sign-in.
         *
         * @return the provider
         * @throws IllegalStateException without a client id
         */
        public OidcProvider build() {
            return new OidcProvider(this);
        }
    }
}
