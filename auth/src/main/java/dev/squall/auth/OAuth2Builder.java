package dev.squall.auth;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the OAuth 2.0 client's and the OpenID Connect provider's builders set the same way: the client's
 * registration, how it authenticates to the token endpoint and how long the state cookie lives. Package-private:
 * its public setters are documented on each builder.
 *
 * @param <B> the builder's own class, returned by the setters
 */
abstract class OAuth2Builder<B extends OAuth2Builder<B>> extends ProviderBuilder<B> {
    @Nullable
    String clientId;

    @Nullable
    String clientSecret;

    OAuth2Client.ClientAuthentication clientAuthentication = OAuth2Client.ClientAuthentication.POST_BODY;
    Duration stateMaxAge = OAuth2Client.DEFAULT_STATE_MAX_AGE;

    OAuth2Builder() {}

    /**
     * Sets the client id the provider issued when the application was registered. Required.
     *
     * @param clientId the id
     * @return this builder
     */
    public B clientId(String clientId) {
        this.clientId = clientId;
        return self();
    }

    /**
     * Sets the client secret; leave it unset for a public client (PKCE alone).
     *
     * @param clientSecret the secret, kept out of the source code
     * @return this builder
     */
    public B clientSecret(@Nullable String clientSecret) {
        this.clientSecret = clientSecret;
        return self();
    }

    /**
     * Sets how the client authenticates to the token endpoint;
     * {@link OAuth2Client.ClientAuthentication#POST_BODY} by default.
     *
     * @param how the method
     * @return this builder
     */
    public B clientAuthentication(OAuth2Client.ClientAuthentication how) {
        this.clientAuthentication = Objects.requireNonNull(how, "how");
        return self();
    }

    /**
     * Sets how long the state cookie lives: how long a user may take on the provider's pages;
     * {@link OAuth2Client#DEFAULT_STATE_MAX_AGE} by default.
     *
     * @param maxAge the lifetime
     * @return this builder
     * @throws IllegalArgumentException if the lifetime is under a second
     */
    public B stateMaxAge(Duration maxAge) {
        if (maxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("stateMaxAge must be at least 1 s, got " + maxAge);
        }
        this.stateMaxAge = maxAge;
        return self();
    }
}
