package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import dev.squall.internal.websocket.OptionChecks;
import dev.squall.websocket.WebSocketMessage;
import dev.squall.websocket.WebSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AsyncHttpClient#websocketConnect(WebSocketRequest)} opens: the {@code ws://} or {@code wss://} URL,
 * extra handshake headers (cookies, authorization), subprotocols, the connection's {@link WebSocketOptions}
 * (message size, keep-alive, compression), the connect timeout, TLS and proxy. Immutable.
 *
 * <pre>{@code
 * WebSocketRequest request = WebSocketRequest.builder("wss://chat.example.com/socket")
 *         .header("Cookie", "session=" + token)
 *         .subprotocols("chat.v2")
 *         .options(WebSocketOptions.builder().compression(WebSocketCompression.DEFAULT).build())
 *         .build();
 * }</pre>
 */
public final class WebSocketRequest {
    /** The default limit for connecting, the TLS handshake and the WebSocket handshake: 20 s, as Tornado. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final URI uri;
    private final HttpHeaders headers;
    private final List<String> subprotocols;
    private final WebSocketOptions options;
    private final Duration connectTimeout;
    private final @Nullable TlsOptions tls;
    private final @Nullable HttpProxy proxy;
    private final @Nullable MessageCallback onMessage;

    private WebSocketRequest(Builder b) {
        this.uri = b.uri;
        this.headers = HttpHeaders.copyOf(b.headers);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.options = b.options;
        this.connectTimeout = b.connectTimeout;
        this.tls = b.tls;
        this.proxy = b.proxy;
        this.onMessage = b.onMessage;
    }

    /**
     * Receives each message of a connection opened with {@link Builder#onMessage}, on its loop, instead of
     * {@link WebSocketConnection#readMessage()} (Tornado's {@code on_message_callback}).
     */
    @FunctionalInterface
    public interface MessageCallback {
        /**
         * Called for each message, and once with null when the connection has closed.
         *
         * @param message the message, or null at the end
         * @return null, or a stage: the next message is read once it completes (flow control)
         */
        @Nullable
        CompletionStage<?> onMessage(@Nullable WebSocketMessage message) throws Exception;
    }

    /**
     * Starts a request for {@code url}.
     *
     * @param url a {@code ws://} or {@code wss://} URL ({@code http://} and {@code https://} are taken as the same)
     * @throws IllegalArgumentException if the URL is not valid or has another scheme
     */
    public static Builder builder(String url) {
        return new Builder(parse(url));
    }

    /** Returns a builder holding this request's values. */
    public Builder newBuilder() {
        Builder b = new Builder(uri);
        b.headers = HttpHeaders.copyOf(headers);
        b.subprotocols = subprotocols;
        b.options = options;
        b.connectTimeout = connectTimeout;
        b.tls = tls;
        b.proxy = proxy;
        b.onMessage = onMessage;
        return b;
    }

    /** Returns the URL. */
    public URI uri() {
        return uri;
    }

    /** Returns whether the connection uses TLS ({@code wss}). */
    public boolean isSecure() {
        String s = uri.getScheme().toLowerCase(Locale.ROOT);
        return s.equals("wss") || s.equals("https");
    }

    /** Returns the extra handshake headers (a copy). */
    public HttpHeaders headers() {
        return HttpHeaders.copyOf(headers);
    }

    /** Returns the offered subprotocols, in order of preference. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Returns the connection's options. */
    public WebSocketOptions options() {
        return options;
    }

    /** Returns the limit for connecting and the handshake. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns the TLS options, or null for the client's default (validate). */
    public @Nullable TlsOptions tls() {
        return tls;
    }

    /** Returns the proxy, or null. */
    public @Nullable HttpProxy proxy() {
        return proxy;
    }

    /** Returns the message callback, or null when messages are read with {@code readMessage()}. */
    public @Nullable MessageCallback onMessage() {
        return onMessage;
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid WebSocket URL: \"" + url + "\" (" + e.getReason() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("a WebSocket URL starts with ws:// or wss://, not \"" + url + "\"");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the WebSocket URL \"" + url + "\" has no host");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "WebSocketRequest[" + uri + "]";
    }

    /** Builds a {@link WebSocketRequest}. */
    public static final class Builder {
        private final URI uri;
        private HttpHeaders headers = new HttpHeaders();
        private List<String> subprotocols = List.of();
        private WebSocketOptions options = WebSocketOptions.DEFAULTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private @Nullable TlsOptions tls;
        private @Nullable HttpProxy proxy;
        private @Nullable MessageCallback onMessage;

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * Adds a handshake header ({@code Cookie}, {@code Authorization}, {@code Origin}...).
         *
         * @throws IllegalArgumentException if the name or value is invalid (CR, LF...)
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Offers these subprotocols ({@code Sec-WebSocket-Protocol}), in order of preference. */
        public Builder subprotocols(String... names) {
            this.subprotocols = List.of(names);
            return this;
        }

        /** Sets the connection's options: message size, keep-alive, compression (offered when set). */
        public Builder options(WebSocketOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Sets the limit for resolving, connecting, TLS and the handshake; default 20 s.
         *
         * @throws IllegalArgumentException if negative or zero
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = OptionChecks.positive(timeout, "connectTimeout");
            return this;
        }

        /** Sets how {@code wss} checks the server (trust store, client certificate, or {@code insecure()}). */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Connects through an HTTP proxy with a {@code CONNECT} tunnel ({@code wss} only). */
        public Builder proxy(HttpProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Delivers messages to {@code callback} instead of {@code readMessage()}. */
        public Builder onMessage(MessageCallback callback) {
            this.onMessage = callback;
            return this;
        }

        /** Returns the request. */
        public WebSocketRequest build() {
            return new WebSocketRequest(this);
        }
    }
}
