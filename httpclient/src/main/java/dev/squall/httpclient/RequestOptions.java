package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The options a request may leave to the client: each null means "not set here". A request carries one
 * ({@link HttpRequest.Builder} fills it), the client carries one as its defaults
 * ({@link AsyncHttpClient.Builder#defaults}), and a fetch resolves them in that order, then against
 * {@link #BUILT_IN}, Tornado's values: {@code request.merge(clientDefaults).merge(BUILT_IN)}.
 *
 * <p>Immutable; {@link #toBuilder()} gives a holder to change some options.
 */
record RequestOptions(
        @Nullable Duration connectTimeout,
        @Nullable Duration requestTimeout,
        @Nullable Boolean followRedirects,
        @Nullable Integer maxRedirects,
        @Nullable String userAgent,
        @Nullable Boolean decompressResponse,
        @Nullable Long maxBodyBytes,
        @Nullable HttpProxy proxy,
        @Nullable TlsOptions tls,
        @Nullable Boolean raiseError) {

    /** Nothing set. */
    static final RequestOptions NONE = new RequestOptions(null, null, null, null, null, null, null, null, null, null);

    /** The values used when neither the request nor the client sets an option (no proxy). */
    static final RequestOptions BUILT_IN = new RequestOptions(
            HttpRequest.DEFAULT_CONNECT_TIMEOUT,
            HttpRequest.DEFAULT_REQUEST_TIMEOUT,
            true,
            HttpRequest.DEFAULT_MAX_REDIRECTS,
            HttpRequest.DEFAULT_USER_AGENT,
            true,
            HttpRequest.DEFAULT_MAX_BODY_BYTES,
            null,
            TlsOptions.DEFAULT,
            true);

    /**
     * Returns these options with every unset one taken from {@code fallback}.
     *
     * @param fallback the options that apply where these say nothing
     * @return the merged options ({@code this} when nothing is unset)
     */
    RequestOptions merge(RequestOptions fallback) {
        return new RequestOptions(
                or(connectTimeout, fallback.connectTimeout),
                or(requestTimeout, fallback.requestTimeout),
                or(followRedirects, fallback.followRedirects),
                or(maxRedirects, fallback.maxRedirects),
                or(userAgent, fallback.userAgent),
                or(decompressResponse, fallback.decompressResponse),
                or(maxBodyBytes, fallback.maxBodyBytes),
                or(proxy, fallback.proxy),
                or(tls, fallback.tls),
                or(raiseError, fallback.raiseError));
    }

    private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
        return value != null ? value : fallback;
    }

    /** Returns a holder with these options, to change some of them. */
    Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.followRedirects = followRedirects;
        b.maxRedirects = maxRedirects;
        b.userAgent = userAgent;
        b.decompressResponse = decompressResponse;
        b.maxBodyBytes = maxBodyBytes;
        b.proxy = proxy;
        b.tls = tls;
        b.raiseError = raiseError;
        return b;
    }

    /**
     * Returns {@code timeout} if it is not negative.
     *
     * @throws IllegalArgumentException naming the option, if it is
     */
    static Duration checkTimeout(Duration timeout, String name) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + timeout);
        }
        return timeout;
    }

    /**
     * Returns {@code value} if it is not negative.
     *
     * @throws IllegalArgumentException naming the option, if it is
     */
    static long checkNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /**
     * Returns {@code userAgent} if it is a valid header value.
     *
     * @throws IllegalArgumentException if it contains CR, LF or NUL
     */
    static String checkUserAgent(String userAgent) {
        new HttpHeaders(1).add("User-Agent", userAgent); // same validation as any header
        return userAgent;
    }

    /**
     * The mutable side of the options: what {@link HttpRequest.Builder}'s option setters write into, for a
     * request and for the client's defaults alike (they check each value with the {@code check} methods above).
     */
    static final class Builder {
        @Nullable
        Duration connectTimeout;

        @Nullable
        Duration requestTimeout;

        @Nullable
        Boolean followRedirects;

        @Nullable
        Integer maxRedirects;

        @Nullable
        String userAgent;

        @Nullable
        Boolean decompressResponse;

        @Nullable
        Long maxBodyBytes;

        @Nullable
        HttpProxy proxy;

        @Nullable
        TlsOptions tls;

        @Nullable
        Boolean raiseError;

        private Builder() {}

        RequestOptions build() {
            return new RequestOptions(
                    connectTimeout,
                    requestTimeout,
                    followRedirects,
                    maxRedirects,
                    userAgent,
                    decompressResponse,
                    maxBodyBytes,
                    proxy,
                    tls,
                    raiseError);
        }
    }
}
