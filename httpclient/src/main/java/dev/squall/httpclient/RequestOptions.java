package dev.squall.httpclient;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The options a request may leave to the client: each null means "not set here". A request carries one
 * ({@link HttpRequest.Builder} fills it), the client carries one as its defaults
 * ({@link AsyncHttpClient.Builder#defaults}), and a fetch resolves them in that order, then against
 * {@link #BUILT_IN}, Tornado's values: {@code request.merge(clientDefaults).merge(BUILT_IN)}.
 *
 * <p>Immutable; the {@code with} methods return changed copies.
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

    RequestOptions withConnectTimeout(Duration v) {
        return new RequestOptions(
                v,
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

    RequestOptions withRequestTimeout(Duration v) {
        return new RequestOptions(
                connectTimeout,
                v,
                followRedirects,
                maxRedirects,
                userAgent,
                decompressResponse,
                maxBodyBytes,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withFollowRedirects(boolean v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                v,
                maxRedirects,
                userAgent,
                decompressResponse,
                maxBodyBytes,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withMaxRedirects(int v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                v,
                userAgent,
                decompressResponse,
                maxBodyBytes,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withUserAgent(String v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                maxRedirects,
                v,
                decompressResponse,
                maxBodyBytes,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withDecompressResponse(boolean v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                maxRedirects,
                userAgent,
                v,
                maxBodyBytes,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withMaxBodyBytes(long v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                maxRedirects,
                userAgent,
                decompressResponse,
                v,
                proxy,
                tls,
                raiseError);
    }

    RequestOptions withProxy(@Nullable HttpProxy v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                maxRedirects,
                userAgent,
                decompressResponse,
                maxBodyBytes,
                v,
                tls,
                raiseError);
    }

    RequestOptions withTls(@Nullable TlsOptions v) {
        return new RequestOptions(
                connectTimeout,
                requestTimeout,
                followRedirects,
                maxRedirects,
                userAgent,
                decompressResponse,
                maxBodyBytes,
                proxy,
                v,
                raiseError);
    }

    RequestOptions withRaiseError(boolean v) {
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
                v);
    }
}
