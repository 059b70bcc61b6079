package dev.squall.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user signed in with Facebook.
 *
 * @param id the app-scoped user id: the key to store
 * @param name the display name, or null
 * @param email the e-mail address (with the {@code email} permission), or null
 * @param pictureUrl the profile picture's URL, or null
 * @param accessToken the user access token, for more Graph calls ({@link FacebookAuth#facebookRequest})
 * @param profile every member of {@code GET /me}
 */
public record FacebookUser(
        String id,
        @Nullable String name,
        @Nullable String email,
        @Nullable String pictureUrl,
        String accessToken,
        Map<String, Object> profile) {

    /** Copies the profile. */
    public FacebookUser {
        profile = Map.copyOf(profile);
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
        return "FacebookUser[id=" + id + ", name=" + name + ", email=" + email + "]";
    }
}
