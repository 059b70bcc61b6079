package dev.squall.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Proof Key for Code Exchange (RFC 7636) with the {@code S256} method: the client keeps a random
 * {@link #newVerifier() code verifier}, sends its {@link #challengeS256 challenge} with the authorization
 * request and the verifier with the token request, so an authorization code stolen on its way back to the
 * site is useless to the thief. Thread-safe.
 */
public final class Pkce {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pkce() {}

    /**
     * Returns a new code verifier: 32 random bytes, base64url without padding (43 characters, the RFC's
     * recommended form).
     *
     * @return the verifier
     */
    public static String newVerifier() {
        return randomToken(32);
    }

    /**
     * Returns the {@code S256} code challenge of a verifier: {@code BASE64URL(SHA256(ASCII(verifier)))}.
     *
     * @param verifier the code verifier (43 to 128 characters of {@code [A-Za-z0-9-._~]})
     * @return the challenge
     * @throws IllegalArgumentException if the verifier is not a valid RFC 7636 verifier
     */
    public static String challengeS256(String verifier) {
        if (verifier.length() < 43 || verifier.length() > 128) {
            throw new IllegalArgumentException(
                    "a PKCE code verifier has 43 to 128 characters (RFC 7636 section 4.1), got " + verifier.length());
        }
        for (int i = 0; i < verifier.length(); i++) {
            char c = verifier.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (!ok) {
                throw new IllegalArgumentException("a PKCE code verifier has only the characters A-Z a-z 0-9 - . _ ~"
                        + " (RFC 7636 section 4.1), got '" + c + "' at " + i);
            }
        }
        return base64Url(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Returns {@code bytes} random bytes as base64url without padding. */
    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return base64Url(b);
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
