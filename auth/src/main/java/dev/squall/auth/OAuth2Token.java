package dev.squall.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A token response (RFC 6749 section 5.1), as the provider's token endpoint sent it.
 *
 * @param accessToken the access token, for API calls ({@link OAuth2Client#oauth2Request})
 * @param tokenType its type, usually {@code bearer}
 * @param expiresInSeconds how long it is valid, or null when the provider did not say
 * @param refreshToken a refresh token, or null
 * @param scope the scopes granted (space-separated; GitHub separates them with commas), or null when the
 *     ones asked for were granted
 * @param idToken the OpenID Connect ID token (a signed JWT), or null for plain OAuth 2.0
 * @param raw every member of the response, for provider-specific ones
 */
public record OAuth2Token(
        String accessToken,
        String tokenType,
        @Nullable Long expiresInSeconds,
        @Nullable String refreshToken,
        @Nullable String scope,
        @Nullable String idToken,
        Map<String, Object> raw) {

    /** Copies the raw members. */
    public OAuth2Token {
        raw = Map.copyOf(raw);
    }

    /**
     * Reads a token response.
     *
     * @param json the response's members
     * @param what the endpoint, for the error
     * @return the token
     * @throws AuthError (403) if the response is an OAuth error (GitHub answers 200 with {@code error}), or
     *     (502) if it has no {@code access_token}
     */
    static OAuth2Token fromJson(Map<String, Object> json, String what) {
        String error = Json.string(json, "error");
        if (error != null) {
            String description = Json.string(json, "error_description");
            throw new AuthError(
                    403,
                    what + " refused the code: " + error + (description != null ? " (" + description + ")" : ""),
                    error,
                    description,
                    null);
        }
        String access = Json.string(json, "access_token");
        if (access == null || access.isEmpty()) {
            throw AuthError.provider(what + " sent no access_token; got members " + json.keySet());
        }
        String type = Json.string(json, "token_type");
        return new OAuth2Token(
                access,
                type != null ? type : "bearer",
                Json.number(json, "expires_in"),
                Json.string(json, "refresh_token"),
                Json.string(json, "scope"),
                Json.string(json, "id_token"),
                json);
    }

    /** Leaves the tokens out, so that a token logged by accident does not leak. */
    @Override
    public String toString() {
        return "OAuth2Token[tokenType=" + tokenType + ", expiresInSeconds=" + expiresInSeconds + ", scope=" + scope
                + ", refreshToken=" + (refreshToken != null ? "present" : "absent") + ", idToken="
                + (idToken != null ? "present" : "absent") + "]";
    }
}
