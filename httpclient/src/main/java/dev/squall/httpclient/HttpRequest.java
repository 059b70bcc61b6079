package dev.squall.httpclient;

import com.squareup.moshi.JsonAdapter;
import dev.squall.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
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
        this.options = b.options;
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
        private RequestOptions options = RequestOptions.NONE;
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
            if (method.isEmpty()) {
                throw new IllegalArgumentException("method is empty");
            }
            for (int i = 0; i < method.length(); i++) {
                if (!HttpHeaders.isTokenChar(method.charAt(i))) {
                    throw new IllegalArgumentException(
                            "method \"" + method.replace("\r", "\\r").replace("\n", "\\n")
                                    + "\" contains a character that is not allowed in an HTTP token at index " + i);
                }
            }
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
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
            headers.set("Content-Type", "application/x-www-form-urlencoded");
            return body(ByteString.encodeUtf8(sb.toString()));
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
            // Moshi knows the collection interfaces, not their implementations (Map.of gives
            // ImmutableCollections$Map1).
            Type type = value instanceof Map
                    ? Map.class
                    : value instanceof List
                            ? List.class
                            : value instanceof Set
                                    ? Set.class
                                    : value instanceof Collection ? Collection.class : value.getClass();
            return json(value, type);
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
            JsonAdapter<Object> adapter = Json.MOSHI.adapter(type);
            Buffer buffer = new Buffer();
            try {
                adapter.toJson(buffer, value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory failed", e);
            }
            headers.set("Content-Type", "application/json");
            return body(buffer.readByteString());
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
            options = options.withConnectTimeout(checkTimeout(timeout, "connectTimeout"));
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
            options = options.withRequestTimeout(checkTimeout(timeout, "requestTimeout"));
            return this;
        }

        private static Duration checkTimeout(Duration timeout, String name) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + timeout);
            }
            return timeout;
        }

        /**
         * Sets whether 301, 302, 303, 307 and 308 responses are followed (default true).
         *
         * @param follow whether to follow
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            options = options.withFollowRedirects(follow);
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
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative, got " + max);
            }
            options = options.withMaxRedirects(max);
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
            new HttpHeaders(1).add("User-Agent", userAgent); // same validation as any header
            options = options.withUserAgent(userAgent);
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
            options = options.withDecompressResponse(decompress);
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
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + bytes);
            }
            options = options.withMaxBodyBytes(bytes);
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
            options = options.withProxy(proxy);
            return this;
        }

        /**
         * Sets how {@code https} connections are secured.
         *
         * @param tls the options, or null for the client's default
         * @return this builder
         */
        public Builder tls(@Nullable TlsOptions tls) {
            options = options.withTls(tls);
            return this;
        }

        /**
         * Shorthand for {@link #tls(TlsOptions)} with {@link TlsOptions#DEFAULT} or {@link TlsOptions#insecure()}.
         *
         * @param validate whether the server's certificate and host name are checked
         * @return this builder
         */
        public Builder validateCertificates(boolean validate) {
            options = options.withTls(validate ? TlsOptions.DEFAULT : TlsOptions.insecure());
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
            options = options.withRaiseError(raise);
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
            checkMethodAndBody();
            if (headers.contains("Transfer-Encoding")) {
                throw new IllegalStateException("do not set Transfer-Encoding: the client frames the body itself"
                        + " (a bodyProducer without a length is sent chunked)");
            }
            String contentLength = headers.get("Content-Length");
            if (contentLength != null) {
                long actual = body != null ? body.size() : bodyProducer != null ? bodyProducerLength : 0;
                if (!contentLength.equals(Long.toString(actual))) {
                    throw new IllegalStateException("Content-Length: " + contentLength + " does not match the body ("
                            + (actual < 0 ? "chunked" : actual + " bytes") + "); leave Content-Length to the client");
                }
                headers.remove("Content-Length");
            }
            if (u.getRawUserInfo() != null && !headers.contains("Authorization")) {
                String info = u.getRawUserInfo();
                int colon = info.indexOf(':');
                String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
                String pass = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
                headers.set("Authorization", HttpProxy.basic(user, pass));
            }
            if (body != null && !headers.contains("Content-Type")) {
                if (textBody) {
                    headers.set("Content-Type", "text/plain; charset=utf-8");
                } else if (method.equals("POST")) {
                    headers.set("Content-Type", "application/x-www-form-urlencoded");
                }
            }
            return new HttpRequest(this, u);
        }

        private void checkMethodAndBody() {
            if (allowNonstandardMethods) {
                return;
            }
            boolean standard = switch (method) {
                case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> true;
                default -> false;
            };
            if (!standard) {
                throw new IllegalStateException("method " + method + " is not one of GET, HEAD, POST, PUT, PATCH,"
                        + " DELETE, OPTIONS; call allowNonstandardMethods(true) to send it anyway");
            }
            boolean bodyExpected = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
            boolean bodyPresent = body != null || bodyProducer != null;
            if (bodyExpected && !bodyPresent) {
                throw new IllegalStateException(method + " needs a body (use body(new byte[0]) for an empty one),"
                        + " or call allowNonstandardMethods(true)");
            }
            if (!bodyExpected && bodyPresent) {
                throw new IllegalStateException(method + " normally has no body; remove it, or call"
                        + " allowNonstandardMethods(true) to send it anyway");
            }
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
            return options;
        }

        /** Returns a copy of the headers set on this template. */
        HttpHeaders defaultHeaders() {
            return HttpHeaders.copyOf(headers);
        }
    }
}
