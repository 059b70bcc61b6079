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
        return new Builder(this);
    }

    /**
     * The mutable side of the options: what {@link HttpRequest.Builder}'s option setters write into (for a
     * request and for the client's defaults alike), each setter checking its value once, here.
     */
    static final class Builder {
        private @Nullable Duration connectTimeout;
        private @Nullable Duration requestTimeout;
        private @Nullable Boolean followRedirects;
        private @Nullable Integer maxRedirects;
        private @Nullable String userAgent;
        private @Nullable Boolean decompressResponse;
        private @Nullable Long maxBodyBytes;
        private @Nullable HttpProxy proxy;
        private @Nullable TlsOptions tls;
        private @Nullable Boolean raiseError;

        private Builder(RequestOptions o) {
            connectTimeout = o.connectTimeout;
            requestTimeout = o.requestTimeout;
            followRedirects = o.followRedirects;
            maxRedirects = o.maxRedirects;
            userAgent = o.userAgent;
            decompressResponse = o.decompressResponse;
            maxBodyBytes = o.maxBodyBytes;
            proxy = o.proxy;
            tls = o.tls;
            raiseError = o.raiseError;
        }

        Builder connectTimeout(Duration timeout) {
            connectTimeout = checkTimeout(timeout, "connectTimeout");
            return this;
        }

        Builder requestTimeout(Duration timeout) {
            requestTimeout = checkTimeout(timeout, "requestTimeout");
            return this;
        }

        private static Duration checkTimeout(Duration timeout, String name) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + timeout);
            }
            return timeout;
        }

        Builder followRedirects(boolean follow) {
            followRedirects = follow;
            return this;
        }

        Builder maxRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative, got " + max);
            }
            maxRedirects = max;
            return this;
        }

        Builder userAgent(String value) {
            new HttpHeaders(1).add("User-Agent", value); // same validation as any header
            userAgent = value;
            return this;
        }

        Builder decompressResponse(boolean decompress) {
            decompressResponse = decompress;
            return this;
        }

        Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + bytes);
            }
            maxBodyBytes = bytes;
            return this;
        }

        Builder proxy(@Nullable HttpProxy value) {
            proxy = value;
            return this;
        }

        Builder tls(@Nullable TlsOptions value) {
            tls = value;
            return this;
        }

        Builder raiseError(boolean raise) {
            raiseError = raise;
            return this;
        }

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
