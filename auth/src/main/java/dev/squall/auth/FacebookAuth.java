package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.BaseRequestHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Sign in with Facebook: the Facebook Login authorization-code flow with {@code state} and PKCE, then the
 * user from the Graph API's {@code /me}, every Graph call signed with {@code appsecret_proof} (the
 * HMAC-SHA256 of the access token keyed with the app secret, which Facebook checks when the app requires it),
 * as Tornado's {@code FacebookGraphMixin}. Immutable and thread-safe.
 */
public final class FacebookAuth {
    /** Where the login dialog is: {@code https://www.facebook.com}. */
    public static final String DEFAULT_DIALOG_URL = "https://www.facebook.com";
    /** The Graph API: {@code https://graph.facebook.com}. */
    public static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com";
    /** The Graph API version used by default. */
    public static final String DEFAULT_GRAPH_VERSION = "v21.0";
    /** Default permissions: the public profile and the e-mail address. */
    public static final List<String> DEFAULT_SCOPES = List.of("public_profile", "email");
    /** Default {@code /me} fields. */
    public static final String DEFAULT_FIELDS = "id,name,email,picture";

    private final OAuth2Client client;
    private final String graphUrl;
    private final String appSecret;
    private final String fields;

    private FacebookAuth(Builder b) {
        String version = b.graphVersion.isEmpty() ? "" : "/" + b.graphVersion;
        this.graphUrl = strip(b.graphUrl) + version;
        this.appSecret = b.appSecret;
        this.fields = b.fields;
        this.client = OAuth2Client.builder("Facebook")
                .clientId(b.appId)
                .clientSecret(b.appSecret)
                .authorizeUrl(strip(b.dialogUrl) + version + "/dialog/oauth")
                .tokenUrl(this.graphUrl + "/oauth/access_token")
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
     * @param appId the app id
     * @param appSecret the app secret
     * @return a new builder
     */
    public static Builder builder(String appId, String appSecret) {
        return new Builder(appId, appSecret);
    }

    /** Returns the OAuth 2.0 client underneath. */
    public OAuth2Client client() {
        return client;
    }

    /**
     * Sends the browser to Facebook's login dialog (see {@link OAuth2Client#authorizeRedirect}).
     *
     * @param handler the handler answering the browser's request
     * @param redirectUri a valid OAuth redirect URI of the app, or a path on this site
     */
    public void authorizeRedirect(BaseRequestHandler handler, String redirectUri) {
        client.authorizeRedirect(handler, redirectUri);
    }

    /**
     * On the callback: checks {@code state}, trades the code for a token and fetches {@code /me}.
     *
     * @param handler the handler answering the callback
     * @param redirectUri the same redirect URI (or path) as for {@link #authorizeRedirect}
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<FacebookUser> completeLogin(BaseRequestHandler handler, String redirectUri) {
        return ProviderHttp.then(client.exchangeCode(handler, redirectUri), token -> user(token.accessToken()));
    }

    /**
     * Fetches the user a token belongs to ({@code /me} with the builder's fields).
     *
     * @param accessToken the user access token
     * @return the user, on the caller's loop; or failed with an {@link AuthError}
     */
    public CompletableFuture<FacebookUser> user(String accessToken) {
        return ProviderHttp.map(facebookRequest("/me", accessToken, Map.of("fields", fields)), response -> {
            Map<String, Object> me = ProviderHttp.json(response, "Facebook's /me");
            String id = Json.string(me, "id");
            if (id == null) {
                throw AuthError.provider("Facebook's /me has no id; got members " + me.keySet());
            }
            Map<String, Object> picture = Json.child(me, "picture");
            Map<String, Object> data = picture == null ? null : Json.child(picture, "data");
            return new FacebookUser(
                    id,
                    Json.string(me, "name"),
                    Json.string(me, "email"),
                    data == null ? null : Json.string(data, "url"),
                    accessToken,
                    me);
        });
    }

    /**
     * Calls the Graph API with a token and its {@code appsecret_proof}, as Tornado's {@code facebook_request}.
     *
     * @param path the Graph path ({@code /me/friends})
     * @param accessToken the token
     * @param args query arguments
     * @return the response, whatever its status, on the caller's loop; or failed with an {@link AuthError}
     *     when there is no answer
     */
    public CompletableFuture<HttpResponse> facebookRequest(String path, String accessToken, Map<String, String> args) {
        Map<String, String> query = new LinkedHashMap<>(args);
        query.put("appsecret_proof", appSecretProof(accessToken, appSecret));
        return client.oauth2Request(HttpRequest.builder(OAuth2Client.withQuery(graphUrl + path, query)), accessToken);
    }

    /**
     * Returns the {@code appsecret_proof} of a token: the lowercase hex HMAC-SHA256 of the token keyed with the
     * app secret.
     *
     * @param accessToken the token
     * @param appSecret the app secret
     * @return the proof
     */
    public static String appSecretProof(String accessToken, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Configures a {@link FacebookAuth}. */
    public static final class Builder {
        private final String appId;
        private final String appSecret;
        private String dialogUrl = DEFAULT_DIALOG_URL;
        private String graphUrl = DEFAULT_GRAPH_URL;
        private String graphVersion = DEFAULT_GRAPH_VERSION;
        private List<String> scopes = DEFAULT_SCOPES;
        private String fields = DEFAULT_FIELDS;
        private Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;
        private @Nullable AsyncHttpClient http;

        private Builder(String appId, String appSecret) {
            this.appId = appId;
            this.appSecret = appSecret;
        }

        /**
         * Sets the login dialog's base URL; {@link #DEFAULT_DIALOG_URL} by default.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder dialogUrl(String url) {
            this.dialogUrl = url;
            return this;
        }

        /**
         * Sets the Graph API's base URL; {@link #DEFAULT_GRAPH_URL} by default.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder graphUrl(String url) {
            this.graphUrl = url;
            return this;
        }

        /**
         * Sets the Graph API version; {@link #DEFAULT_GRAPH_VERSION} by default, empty for the app's default.
         *
         * @param version the version, e.g. {@code v21.0}
         * @return this builder
         */
        public Builder graphVersion(String version) {
            this.graphVersion = version;
            return this;
        }

        /**
         * Sets the permissions asked for; {@link #DEFAULT_SCOPES} by default.
         *
         * @param scopes the permissions
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            this.scopes = List.copyOf(scopes);
            return this;
        }

        /**
         * Sets the {@code /me} fields; {@link #DEFAULT_FIELDS} by default.
         *
         * @param fields comma-separated fields
         * @return this builder
         */
        public Builder fields(String fields) {
            this.fields = fields;
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
         * Sets the client to call Facebook with; by default the caller's loop's shared client.
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
        public FacebookAuth build() {
            return new FacebookAuth(this);
        }
    }
}
