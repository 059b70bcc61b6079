package dev.squall.auth;

import java.util.Map;

/**
 * OAuth 1.0a token credentials: a token and its secret, plus whatever else the provider sent with them
 * (X sends {@code user_id} and {@code screen_name}).
 *
 * @param token {@code oauth_token}
 * @param secret {@code oauth_token_secret}: keep it as secret as a password
 * @param extra the other parameters of the response
 */
public record OAuth1Token(String token, String secret, Map<String, String> extra) {

    /** Copies the extras. */
    public OAuth1Token {
        extra = Map.copyOf(extra);
    }

    /** Leaves the secret out. */
    @Override
    public String toString() {
        return "OAuth1Token[token=" + token + ", extra=" + extra + "]";
    }
}
