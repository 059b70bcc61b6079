package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request options and headers a client applies to requests that do not set them, from
 * {@link AsyncHttpClient.Builder#defaults}.
 */
record RequestDefaults(
        HttpHeaders headers,
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

    static final RequestDefaults NONE = new RequestDefaults(new HttpHeaders(2), null, null, null, null, null, null,
            null, null, null, null);
}
