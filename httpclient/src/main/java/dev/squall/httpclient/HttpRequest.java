package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request to fetch: an immutable value built with a {@link Builder}, as Tornado's
 * {@code HTTPRequest}.
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.builder("https://api.example.com/orders")
 *     .method("POST")
 *     .json(new Order("book", 2))
 *     .header("X-Request-Id", requestId)
 *     .requestTimeout(Duration.ofSeconds(5))
 *     .build();
 * HttpRequest retry = request.newBuilder().header("X-Retry", "1").build();
 * }</pre>
 *
 * <h2>Options and client defaults</h2>
 * Options not set on a request (their getters return null) take the value configured on the client with
 * {@link AsyncHttpClient.Builder#defaults}, and failing that the constants below — Tornado's defaults. The
 * request and the client hold these options in the same form (one options record), merged per fetch.
 *
 * <p>Thread-safe: share requests freely. The callbacks and the body producer it carries run on the loop of
 * the client that fetches it.
 */
public final class HttpRequest {
    /** Time allowed to open a connection (TCP, proxy tunnel, TLS handshake): 20 s, as Tornado. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** Time allowed for the whole fetch, queueing and redirects included: 20 s, as Tornado. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Redirects followed at most: 5, as Tornado. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    /** Largest response body accepted, after decompression: 100 MiB, as Tornado. */
    public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;
    /** The {@code User-Agent} sent when none is set. */
    public static final String DEFAULT_USER_AGENT = "Squall/0.1";

    private final String method;
    private final URI uri;
    private final Origin origin;
    private final String originForm;
    private final HttpHeaders headers;
    private final @Nullable ByteString body;
    private final @Nullable BodyProducer bodyProducer;
    private final long bodyProducerLength;
    private final RequestOptions options;
    private final boolean expect100Continue;
    private final boolean allowNonstandardMethods;
    private final @Nullable StreamingCallback streamingCallback;
    private final @Nullable HeaderCallback headerCallback;

    private HttpRequest(Builder b, URI uri) {
        this.method = b.method;
        this.uri = uri;
        this.origin = Origin.of(uri);
        this.originForm = Origin.originForm(uri);
        this.headers = HttpHeaders.copyOf(b.headers);
        this.body = b.body;
        this.bodyProducer = b.bodyProducer;
        this.bodyProducerLength = b.bodyProducerLength;
        this.options = b.builtOptions();
        this.expect100Continue = b.expect100Continue;
        this.allowNonstandardMethods = b.allowNonstandardMethods;
        this.streamingCallback = b.streamingCallback;
        this.headerCallback = b.headerCallback;
    }

    /**
     * Returns a builder for a GET of {@code url}.
     *
     * @param url an absolute http or https URL
     * @return a new builder
     * @throws IllegalArgumentException if the URL is not valid, or not http(s)
     */
    public static Builder builder(String url) {
        return new Builder().url(url);
    }

    /**
     * Returns a builder for a GET of {@code url}.
     *
     * @param url an absolute http or https URL
     * @return a new builder
     * @throws IllegalArgumentException if the URL is not http(s) or has no host
     */
    public static Builder builder(URI url) {
        return new Builder().url(url);
    }

    /**
     * Returns a builder with no URL yet; set one with {@link Builder#url(String)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a plain GET of {@code url} with every option at its default.
     *
     * @param url an absolute http or https URL
     * @return the request
     * @throws IllegalArgumentException if the URL is not valid, or not http(s)
     */
    public static HttpRequest get(String url) {
        return builder(url).build();
    }

    /**
     * Returns a builder holding everything this request holds, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Returns the method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** Returns the URL. */
    public URI uri() {
        return uri;
    }

    /** Returns the URL as text, without any credentials it carries. */
    public String url() {
        return Origin.redact(uri);
    }

    /**
     * Returns a copy of the headers the caller set (the client adds {@code Host}, {@code User-Agent},
     * {@code Accept-Encoding} and the framing headers when it sends).
     *
     * @return a copy; changing it does not change the request
     */
    public HttpHeaders headers() {
        return HttpHeaders.copyOf(headers);
    }

    /**
     * Returns the first value of a header the caller set, or null.
     *
     * @param name the header name, any case
     * @return the value or null
     */
    public @Nullable String header(String name) {
        return headers.get(name);
    }

    /** Returns the body, or null when there is none or it comes from a {@link #bodyProducer()}. */
    public @Nullable ByteString body() {
        return body;
    }

    /** Returns the producer that streams the body, or null. */
    public @Nullable BodyProducer bodyProducer() {
        return bodyProducer;
    }

    /** Returns the declared length of a produced body, or -1 when it is sent chunked. */
    public long bodyProducerLength() {
        return bodyProducerLength;
    }

    /** Returns the connect timeout, or null for the client's default. */
    public @Nullable Duration connectTimeout() {
        return options.connectTimeout();
    }

    /** Returns the request timeout, or null for the client's default. */
    public @Nullable Duration requestTimeout() {
        return options.requestTimeout();
    }

    /** Returns whether redirects are followed, or null for the client's default. */
    public @Nullable Boolean followRedirects() {
        return options.followRedirects();
    }

    /** Returns the most redirects followed, or null for the client's default. */
    public @Nullable Integer maxRedirects() {
        return options.maxRedirects();
    }

    /** Returns the {@code User-Agent}, or null for the client's default. */
    public @Nullable String userAgent() {
        return options.userAgent();
    }

    /** Returns whether gzip responses are decompressed, or null for the client's default. */
    public @Nullable Boolean decompressResponse() {
        return options.decompressResponse();
    }

    /** Returns the largest body accepted, or null for the client's default. */
    public @Nullable Long maxBodyBytes() {
        return options.maxBodyBytes();
    }

    /** Returns the proxy, or null for the client's default. */
    public @Nullable HttpProxy proxy() {
        return options.proxy();
    }

    /** Returns the TLS options, or null for the client's default. */
    public @Nullable TlsOptions tls() {
        return options.tls();
    }

    /** Returns whether a non-2xx response fails the fetch, or null for the client's default (true). */
    public @Nullable Boolean raiseError() {
        return options.raiseError();
    }

    /** Returns whether the body waits for a {@code 100 Continue}. */
    public boolean expect100Continue() {
        return expect100Continue;
    }

    /** Returns whether unusual methods, and bodies where the method expects none, are allowed. */
    public boolean allowNonstandardMethods() {
        return allowNonstandardMethods;
    }

    /** Returns the streaming callback, or null when the body is buffered. */
    public @Nullable StreamingCallback streamingCallback() {
        return streamingCallback;
    }

    /** Returns the header callback, or null. */
    public @Nullable HeaderCallback headerCallback() {
        return headerCallback;
    }

    // Package-private views for the client, no copies.

    /** Returns the options this request sets (nulls left to the client's defaults). */
    RequestOptions options() {
        return options;
    }

    Origin origin() {
        return origin;
    }

    String originForm() {
        return originForm;
    }

    HttpHeaders headersView() {
        return headers;
    }

    boolean hasBody() {
        return body != null || bodyProducer != null;
    }

    /** Returns whether the request may be sent again after a failure: idempotent and with a replayable body. */
    boolean isRetryable() {
        if (bodyProducer != null) {
            return false;
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return method + " " + url();
    }

    // Why this file is over 600 lines: the public Builder below (~500 lines) is 33 public setters, each with its
    // javadoc (~240 lines of it); it stays nested because HttpRequest.Builder is public API. Its logic lives
    // elsewhere: the options and their checks in RequestOptions, form and JSON bodies in RequestBodies, build()'s
    // checks and implied headers in RequestChecks.

    /**
     * Builds an {@link HttpRequest}. Not thread-safe; build on one thread, then share the request.
     */
    public static final class Builder {
        private @Nullable URI uri;
        private String method = "GET";
        private HttpHeaders headers;
        private @Nullable ByteString body;
        /** Whether the body came from {@link #body(String)}: text/plain unless a Content-Type is set. */
        private boolean textBody;

        private @Nullable BodyProducer bodyProducer;
        private long bodyProducerLength = -1;
        /** The options copied from a request; the setters write into {@link #changedOptions} instead. */
        private RequestOptions options = RequestOptions.NONE;
        /** Made on the first option set, so a request that sets none allocates nothing for them. */
        private RequestOptions.@Nullable Builder changedOptions;

        private boolean expect100Continue;
        private boolean allowNonstandardMethods;
        private @Nullable StreamingCallback streamingCallback;
        private @Nullable HeaderCallback headerCallback;

        Builder() {
            headers = new HttpHeaders();
        }

        private Builder(HttpRequest r) {
            uri = r.uri;
            method = r.method;
            headers = HttpHeaders.copyOf(r.headers);
            body = r.body;
            bodyProducer = r.bodyProducer;
            bodyProducerLength = r.bodyProducerLength;
            options = r.options;
            expect100Continue = r.expect100Continue;
            allowNonstandardMethods = r.allowNonstandardMethods;
            streamingCallback = r.streamingCallback;
            headerCallback = r.headerCallback;
        }

        /**
         * Sets the URL. Credentials in it ({@code http://user:pass@host/}) are sent as Basic authorization.
         *
         * @param url an absolute http or https URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is not valid, or not http(s)
         */
        public Builder url(String url) {
            this.uri = Origin.parseUrl(url);
            return this;
        }

        /**
         * Sets the URL.
         *
         * @param url an absolute http or https URL
         * @return this builder
         * @throws IllegalArgumentException if the URL is not http(s) or has no host
         */
        public Builder url(URI url) {
            this.uri = Origin.checkUrl(url);
            return this;
        }

        /**
         * Sets the method (default GET). Methods other than GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS
         * need {@link #allowNonstandardMethods(boolean)}.
         *
         * @param method the method, an HTTP token
         * @return this builder
         * @throws IllegalArgumentException if it is not a token
         */
        public Builder method(String method) {
            RequestChecks.checkMethodToken(method);
            this.method = method;
            return this;
        }

        /**
         * Adds a header value, keeping values already set.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token, or the value contains CR, LF or NUL
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Replaces every value of a header.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token, or the value contains CR, LF or NUL
         */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /**
         * Removes every value of a header.
         *
         * @param name the name, any case
         * @return this builder
         */
        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        /**
         * Adds every header of {@code more}.
         *
         * @param more the headers to add
         * @return this builder
         */
        public Builder headers(HttpHeaders more) {
            more.forEach(headers::add);
            return this;
        }

        /**
         * Sets the body to a copy of {@code bytes}. A POST without a {@code Content-Type} is sent as
         * {@code application/x-www-form-urlencoded}, as Tornado does.
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            return body(ByteString.of(bytes));
        }

        /**
         * Sets the body. A POST without a {@code Content-Type} is sent as
         * {@code application/x-www-form-urlencoded}, as Tornado does.
         *
         * @param bytes the body
         * @return this builder
         */
        public Builder body(ByteString bytes) {
            this.textBody = false;
            this.body = bytes;
            this.bodyProducer = null;
            this.bodyProducerLength = -1;
            return this;
        }

        /**
         * Sets the body to {@code text} in UTF-8, with {@code Content-Type: text/plain; charset=utf-8} unless a
         * content type is set.
         *
         * @param text the body
         * @return this builder
         */
        public Builder body(String text) {
            body(ByteString.encodeUtf8(text));
            this.textBody = true;
            return this;
        }

        /**
         * Sets the body to {@code fields} as an HTML form ({@code application/x-www-form-urlencoded}, UTF-8).
         *
         * @param fields the form fields, in iteration order
         * @return this builder
         */
        public Builder form(Map<String, String> fields) {
            ByteString encoded = RequestBodies.form(fields);
            headers.set("Content-Type", "application/x-www-form-urlencoded");
            return body(encoded);
        }

        /**
         * Sets the body to {@code value} as JSON (with Moshi's built-in adapters), with
         * {@code Content-Type: application/json}.
         *
         * @param value the value; its runtime class picks the adapter (for maps, lists and sets: the interface)
         * @return this builder
         * @throws IllegalArgumentException if Moshi has no adapter for the value's class
         */
        public Builder json(Object value) {
            return json(value, RequestBodies.jsonType(value));
        }

        /**
         * Sets the body to {@code value} as JSON, written with the adapter for {@code type} (for generic types
         * such as {@code Types.newParameterizedType(List.class, Item.class)}).
         *
         * @param value the value, possibly null ({@code null} in JSON)
         * @param type the type whose adapter writes it
         * @return this builder
         * @throws IllegalArgumentException if Moshi has no adapter for the type
         */
        public Builder json(@Nullable Object value, Type type) {
            ByteString encoded = RequestBodies.json(value, type);
            headers.set("Content-Type", "application/json");
            return body(encoded);
        }

        /**
         * Streams the body from {@code producer} with {@code Transfer-Encoding: chunked}.
         *
         * @param producer writes the body once the head is sent
         * @return this builder
         */
        public Builder bodyProducer(BodyProducer producer) {
            return bodyProducer(producer, -1);
        }

        /**
         * Streams the body from {@code producer}, declaring its length; the producer must write exactly that
         * many bytes.
         *
         * @param producer writes the body once the head is sent
         * @param contentLength the exact body length, or -1 to send it chunked
         * @return this builder
         * @throws IllegalArgumentException if the length is below -1
         */
        public Builder bodyProducer(BodyProducer producer, long contentLength) {
            if (contentLength < -1) {
                throw new IllegalArgumentException(
                        "contentLength must be -1 (chunked) or at least 0, got " + contentLength);
            }
            this.bodyProducer = producer;
            this.bodyProducerLength = contentLength;
            this.body = null;
            this.textBody = false;
            return this;
        }

        /**
         * Removes the body (and any body producer).
         *
         * @return this builder
         */
        public Builder noBody() {
            this.textBody = false;
            this.body = null;
            this.bodyProducer = null;
            this.bodyProducerLength = -1;
            return this;
        }

        /**
         * Sets the time allowed to open a connection, TLS handshake and proxy tunnel included (default
         * {@link #DEFAULT_CONNECT_TIMEOUT}). {@link Duration#ZERO} means no limit.
         *
         * @param timeout the limit
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder connectTimeout(Duration timeout) {
            changeOptions().connectTimeout = RequestOptions.checkTimeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the time allowed for the whole fetch, from the call to the last body byte: queueing, connecting
         * and redirects included (default {@link #DEFAULT_REQUEST_TIMEOUT}). {@link Duration#ZERO} means no
         * limit.
         *
         * @param timeout the limit
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder requestTimeout(Duration timeout) {
            changeOptions().requestTimeout = RequestOptions.checkTimeout(timeout, "requestTimeout");
            return this;
        }

        /**
         * Sets whether 301, 302, 303, 307 and 308 responses are followed (default true).
         *
         * @param follow whether to follow
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            changeOptions().followRedirects = follow;
            return this;
        }

        /**
         * Sets how many redirects are followed at most (default {@link #DEFAULT_MAX_REDIRECTS}); past it the
         * redirect response itself is the result.
         *
         * @param max the limit, at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRedirects(int max) {
            changeOptions().maxRedirects = (int) RequestOptions.checkNotNegative(max, "maxRedirects");
            return this;
        }

        /**
         * Sends {@code Authorization: Basic} with these credentials.
         *
         * @param username the user
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String username, String password) {
            headers.set("Authorization", HttpProxy.basic(username, password));
            return this;
        }

        /**
         * Sets the {@code User-Agent} (default {@link #DEFAULT_USER_AGENT}).
         *
         * @param userAgent the value
         * @return this builder
         * @throws IllegalArgumentException if it contains CR, LF or NUL
         */
        public Builder userAgent(String userAgent) {
            changeOptions().userAgent = RequestOptions.checkUserAgent(userAgent);
            return this;
        }

        /**
         * Sets whether the client asks for gzip and decompresses gzip responses (default true). The decoded
         * response loses its {@code Content-Encoding} header, kept as {@code X-Consumed-Content-Encoding}.
         *
         * @param decompress whether to decompress
         * @return this builder
         */
        public Builder decompressResponse(boolean decompress) {
            changeOptions().decompressResponse = decompress;
            return this;
        }

        /**
         * Sets the largest response body accepted, counted after decompression (default
         * {@link #DEFAULT_MAX_BODY_BYTES}); a larger one fails with {@link ResponseTooLargeException}. A buffered
         * body can hold at most 2 GiB whatever the limit; stream larger ones with a streaming callback.
         *
         * @param bytes the limit
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxBodyBytes(long bytes) {
            changeOptions().maxBodyBytes = RequestOptions.checkNotNegative(bytes, "maxBodyBytes");
            return this;
        }

        /**
         * Receives the body in chunks instead of buffering it.
         *
         * @param callback the callback, or null to buffer
         * @return this builder
         */
        public Builder streamingCallback(@Nullable StreamingCallback callback) {
            this.streamingCallback = callback;
            return this;
        }

        /**
         * Receives the final response head before the body.
         *
         * @param callback the callback, or null
         * @return this builder
         */
        public Builder headerCallback(@Nullable HeaderCallback callback) {
            this.headerCallback = callback;
            return this;
        }

        /**
         * Sends {@code Expect: 100-continue} and holds the body back until the server answers
         * {@code 100 Continue} (or until {@link AsyncHttpClient#EXPECT_CONTINUE_TIMEOUT} passes). A final
         * response that comes first is the result, and the body is never sent.
         *
         * @param expect whether to wait for 100 Continue
         * @return this builder
         */
        public Builder expect100Continue(boolean expect) {
            this.expect100Continue = expect;
            return this;
        }

        /**
         * Sends the request through an HTTP proxy.
         *
         * @param proxy the proxy, or null for the client's default
         * @return this builder
         */
        public Builder proxy(@Nullable HttpProxy proxy) {
            changeOptions().proxy = proxy;
            return this;
        }

        /**
         * Sets how {@code https} connections are secured.
         *
         * @param tls the options, or null for the client's default
         * @return this builder
         */
        public Builder tls(@Nullable TlsOptions tls) {
            changeOptions().tls = tls;
            return this;
        }

        /**
         * Shorthand for {@link #tls(TlsOptions)} with {@link TlsOptions#DEFAULT} or {@link TlsOptions#insecure()}.
         *
         * @param validate whether the server's certificate and host name are checked
         * @return this builder
         */
        public Builder validateCertificates(boolean validate) {
            changeOptions().tls = validate ? TlsOptions.DEFAULT : TlsOptions.insecure();
            return this;
        }

        /**
         * Sets whether a response outside 2xx fails the fetch with {@link HttpClientError} (default true).
         * Network errors and timeouts fail it either way.
         *
         * @param raise whether to raise
         * @return this builder
         */
        public Builder raiseError(boolean raise) {
            changeOptions().raiseError = raise;
            return this;
        }

        /**
         * Allows methods other than the standard ones, a body on GET or DELETE and POST without a body.
         *
         * @param allow whether to allow
         * @return this builder
         */
        public Builder allowNonstandardMethods(boolean allow) {
            this.allowNonstandardMethods = allow;
            return this;
        }

        private RequestOptions.Builder changeOptions() {
            RequestOptions.Builder o = changedOptions;
            if (o == null) {
                o = options.toBuilder();
                changedOptions = o;
            }
            return o;
        }

        private RequestOptions builtOptions() {
            RequestOptions.Builder o = changedOptions;
            return o != null ? o.build() : options;
        }

        /**
         * Creates the request.
         *
         * @return the request
         * @throws IllegalStateException if no URL was set, the method is non-standard, or the body does not fit
         *     the method (POST, PUT and PATCH need one, the others take none) without
         *     {@link #allowNonstandardMethods(boolean)}, or framing headers conflict with the body
         */
        public HttpRequest build() {
            URI u = uri;
            if (u == null) {
                throw new IllegalStateException("no URL: call url(...) before build()");
            }
            boolean bodyPresent = body != null || bodyProducer != null;
            if (!allowNonstandardMethods) {
                RequestChecks.checkMethodAndBody(method, bodyPresent);
            }
            RequestChecks.checkFraming(
                    headers, body != null ? body.size() : bodyProducer != null ? bodyProducerLength : 0);
            RequestChecks.addImpliedHeaders(u, headers, method, body != null, textBody);
            return new HttpRequest(this, u);
        }

        // For AsyncHttpClient.Builder#defaults: a builder used as a template, without a URL.

        /** Returns the options set on this template; see {@link #defaultHeaders()}. */
        RequestOptions toDefaults() {
            if (uri != null
                    || body != null
                    || bodyProducer != null
                    || !method.equals("GET")
                    || streamingCallback != null
                    || headerCallback != null
                    || expect100Continue) {
                throw new IllegalArgumentException("client defaults may set headers and options (timeouts,"
                        + " redirects, user agent, decompression, body limit, proxy, TLS, raiseError), not a URL,"
                        + " method, body or callbacks");
            }
            return builtOptions();
        }

        /** Returns a copy of the headers set on this template. */
        HttpHeaders defaultHeaders() {
            return HttpHeaders.copyOf(headers);
        }
    }
}
