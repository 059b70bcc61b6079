package dev.squall.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A provider's OpenID Connect discovery document ({@code /.well-known/openid-configuration}, OpenID Connect
 * Discovery 1.0): where its endpoints and keys are.
 *
 * @param issuer the issuer, which ID tokens carry as {@code iss}
 * @param authorizationEndpoint where the browser is sent to sign in
 * @param tokenEndpoint where codes are traded for tokens
 * @param userinfoEndpoint the UserInfo endpoint, or null
 * @param jwksUri the signing keys
 * @param raw every member
 */
public record OidcDiscovery(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        @Nullable String userinfoEndpoint,
        String jwksUri,
        Map<String, Object> raw) {

    /** Copies the members. */
    public OidcDiscovery {
        raw = Map.copyOf(raw);
    }

    /**
     * Reads a discovery document.
     *
     * @param json its members
     * @param what where it came from, for errors
     * @return the document
     * @throws AuthError (502) when a required member is missing
     */
    static OidcDiscovery fromJson(Map<String, Object> json, String what) {
        return new OidcDiscovery(
                required(json, "issuer", what),
                required(json, "authorization_endpoint", what),
                required(json, "token_endpoint", what),
                Json.string(json, "userinfo_endpoint"),
                required(json, "jwks_uri", what),
                json);
    }

    private static String required(Map<String, Object> json, String name, String what) {
        String v = Json.string(json, name);
        if (v == null || v.isEmpty()) {
            throw AuthError.provider(what + " has no " + name);
        }
        return v;
    }
}
