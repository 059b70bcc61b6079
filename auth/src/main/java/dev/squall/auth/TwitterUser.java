package dev.squall.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user signed in with X (Twitter).
 *
 * @param id the numeric user id, as text: the key to store (a user name can change)
 * @param username the user name (the {@code @handle} without {@code @})
 * @param name the display name, or null
 * @param profileImageUrl the profile image's URL, or null
 * @param token the access token and secret, for more API calls ({@link TwitterAuth#twitterRequest})
 * @param profile the members of {@code /2/users/me}'s {@code data}, or the access token's extras when the
 *     app's access level does not allow that call
 */
public record TwitterUser(
        String id,
        String username,
        @Nullable String name,
        @Nullable String profileImageUrl,
        OAuth1Token token,
        Map<String, Object> profile) {

    /** Copies the profile. */
    public TwitterUser {
        profile = Map.copyOf(profile);
    }
}
