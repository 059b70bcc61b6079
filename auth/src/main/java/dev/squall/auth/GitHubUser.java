package dev.squall.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A user signed in with GitHub.
 *
 * @param id the numeric account id: the key to store (a login can be renamed)
 * @param login the user name
 * @param name the display name, or null
 * @param email the primary verified e-mail address (from {@code /user/emails} with the {@code user:email}
 *     scope), or null
 * @param avatarUrl the avatar image URL, or null
 * @param accessToken the token, for more API calls ({@link GitHubAuth#githubRequest})
 * @param profile every member of {@code GET /user}
 */
public record GitHubUser(
        long id,
        String login,
        @Nullable String name,
        @Nullable String email,
        @Nullable String avatarUrl,
        String accessToken,
        Map<String, Object> profile) {

    /** Copies the profile. */
    public GitHubUser {
        profile = Map.copyOf(profile);
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
        return "GitHubUser[id=" + id + ", login=" + login + ", name=" + name + ", email=" + email + "]";
    }
}
