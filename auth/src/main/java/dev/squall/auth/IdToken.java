package dev.squall.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The verified claims of an OpenID Connect ID token: who signed in ({@link #subject()}, stable per provider),
 * for which client, and the profile claims the scopes granted.
 *
 * @param issuer {@code iss}, the provider
 * @param subject {@code sub}, the user's id at the provider: the key to store, never the e-mail
 * @param audience {@code aud}, the client ids the token is for
 * @param expiresAt {@code exp}
 * @param issuedAt {@code iat}
 * @param nonce {@code nonce}, or null
 * @param email {@code email}, or null without the {@code email} scope
 * @param emailVerified {@code email_verified}; an unverified address proves nothing about the user
 * @param name {@code name}, or null
 * @param picture {@code picture} (a URL), or null
 * @param claims every claim
 */
public record IdToken(
        String issuer,
        String subject,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        @Nullable String nonce,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String name,
        @Nullable String picture,
        Map<String, Object> claims) {

    /** Copies the lists. */
    public IdToken {
        audience = List.copyOf(audience);
        claims = Map.copyOf(claims);
    }

    /**
     * Checks the claims of a token whose signature was verified (OpenID Connect Core section 3.1.3.7).
     *
     * @param claims the payload's members
     * @param issuers the accepted {@code iss} values
     * @param clientId this client's id, which {@code aud} must contain (and {@code azp}, when present or when
     *     there are several audiences, must be)
     * @param nonce the nonce the sign-in was started with, or null to skip the check
     * @param nowSeconds now, in seconds since the epoch (the loop's clock)
     * @param clockSkew how far the provider's clock may be from ours
     * @return the token
     * @throws AuthError (403) naming the claim that failed
     */
    static IdToken check(
            Map<String, Object> claims,
            Set<String> issuers,
            String clientId,
            @Nullable String nonce,
            long nowSeconds,
            Duration clockSkew) {
        String iss = Json.string(claims, "iss");
        if (iss == null || !issuers.contains(iss)) {
            throw AuthError.refused("the ID token's issuer is " + iss + ", expected " + issuers);
        }
        String sub = Json.string(claims, "sub");
        if (sub == null || sub.isEmpty()) {
            throw AuthError.refused("the ID token has no subject (sub)");
        }
        List<String> aud = Json.strings(claims, "aud");
        if (!aud.contains(clientId)) {
            throw AuthError.refused("the ID token is for audience " + aud + ", not for this client " + clientId);
        }
        String azp = Json.string(claims, "azp");
        if ((azp != null || aud.size() > 1) && !clientId.equals(azp)) {
            throw AuthError.refused(
                    "the ID token's authorized party (azp) is " + azp + ", not this client " + clientId);
        }
        long skew = clockSkew.toSeconds();
        Long exp = Json.number(claims, "exp");
        if (exp == null || nowSeconds > exp + skew) {
            throw AuthError.refused(
                    exp == null
                            ? "the ID token has no expiry (exp)"
                            : "the ID token expired at " + Instant.ofEpochSecond(exp) + " (now "
                                    + Instant.ofEpochSecond(nowSeconds) + ", clock skew allowed " + skew + " s)");
        }
        Long iat = Json.number(claims, "iat");
        if (iat == null || iat > nowSeconds + skew) {
            throw AuthError.refused(
                    iat == null
                            ? "the ID token has no issue time (iat)"
                            : "the ID token was issued in the future, at " + Instant.ofEpochSecond(iat) + " (now "
                                    + Instant.ofEpochSecond(nowSeconds) + ", clock skew allowed " + skew + " s)");
        }
        Long nbf = Json.number(claims, "nbf");
        if (nbf != null && nbf > nowSeconds + skew) {
            throw AuthError.refused("the ID token is not valid before " + Instant.ofEpochSecond(nbf));
        }
        String tokenNonce = Json.string(claims, "nonce");
        if (nonce != null && (tokenNonce == null || !OAuth2Client.constantTimeEquals(nonce, tokenNonce))) {
            throw AuthError.refused("the ID token's nonce "
                    + (tokenNonce == null ? "is missing" : "does not match the one this sign-in was started with")
                    + ": a replayed or injected token");
        }
        return new IdToken(
                iss,
                sub,
                aud,
                Instant.ofEpochSecond(exp),
                Instant.ofEpochSecond(iat),
                tokenNonce,
                Json.string(claims, "email"),
                Boolean.TRUE.equals(Json.bool(claims, "email_verified")),
                Json.string(claims, "name"),
                Json.string(claims, "picture"),
                claims);
    }
}
