package dev.squall.auth;

import org.jspecify.annotations.Nullable;

/**
 * One authorization request: where to send the browser, and the secrets the callback is checked against.
 * {@link OAuth2Client#authorizeRedirect} keeps {@code state}, {@code codeVerifier} and {@code nonce} in a
 * signed cookie; code that keeps them elsewhere (a server-side session) uses {@link
 * OAuth2Client#newAuthorization} and {@link OAuth2Client#exchangeCode(String, String, String)}.
 *
 * @param url the provider's authorization URL with every parameter, to redirect the browser to
 * @param state the random {@code state} the callback must bring back
 * @param codeVerifier the PKCE code verifier to send with the code, or null without PKCE
 * @param nonce the OpenID Connect {@code nonce} the ID token must carry, or null without {@code openid}
 */
public record AuthorizationRequest(
        String url,
        String state,
        @Nullable String codeVerifier,
        @Nullable String nonce) {

    /** Leaves the secrets out. */
    @Override
    public String toString() {
        return "AuthorizationRequest[url=" + url + "]";
    }
}
