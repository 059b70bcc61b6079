package dev.squall.auth;

import dev.squall.httpclient.AsyncHttpClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every client's and provider's builder sets the same way: the limit for each call to the provider and
 * the HTTP client that makes the calls. Package-private: its public setters are documented on each builder.
 *
 * @param <B> the builder's own class, returned by the setters
 */
abstract class ProviderBuilder<B extends ProviderBuilder<B>> {
    Duration timeout = OAuth2Client.DEFAULT_TIMEOUT;

    @Nullable
    AsyncHttpClient http;

    ProviderBuilder() {}

    /**
     * Sets the limit for each call to the provider; {@link OAuth2Client#DEFAULT_TIMEOUT} by default.
     *
     * @param timeout the limit
     * @return this builder
     * @throws IllegalArgumentException if the limit is zero or negative
     */
    public B timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        return self();
    }

    /**
     * Sets the client to call the provider with; by default the shared client of the loop the call is made on
     * ({@code AsyncHttpClient.shared()}), which the test harness points at fake providers.
     *
     * @param http the client, or null for the default
     * @return this builder
     */
    public B httpClient(@Nullable AsyncHttpClient http) {
        this.http = http;
        return self();
    }

    @SuppressWarnings("unchecked") // B is this builder's own class (class Builder extends ProviderBuilder<Builder>)
    final B self() {
        return (B) this;
    }

    /** Returns {@code url} without one trailing slash, so that paths can be appended. */
    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
