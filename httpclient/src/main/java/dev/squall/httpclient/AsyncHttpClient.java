package dev.squall.httpclient;

import com.squareup.moshi.Moshi;
import dev.squall.http.HttpHeaders;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.Resolver;
import dev.squall.net.StreamClosedException;
import dev.squall.net.TcpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A non-blocking HTTP/1.1 client bound to one {@link IOLoop}, as Tornado's {@code AsyncHTTPClient}, with
 * what Tornado's simple client lacks: keep-alive connection pooling per origin, HTTP proxies (with
 * {@code CONNECT} tunnels for https) and cancellation.
 *
 * <pre>{@code
 * AsyncHttpClient http = AsyncHttpClient.shared(loop);        // one per loop, created on first use
 * http.fetch("https://api.example.com/users/42")
 *     .thenApply(response -> response.json(User.class))
 *     .thenAccept(user -> ...);
 *
 * AsyncHttpClient custom = AsyncHttpClient.builder()          // an independent client
 *     .loop(loop).maxClients(50).maxConnectionsPerHost(8)
 *     .defaults(d -> d.requestTimeout(Duration.ofSeconds(5)).header("X-Api-Key", key))
 *     .build();
 * }</pre>
 *
 * <h2>Limits and queueing</h2>
 * At most {@code maxClients} requests are in flight at once; more wait in a queue, in order. A request in
 * flight needs a connection to its origin: a pooled idle one, or a new one while the origin has fewer than
 * {@code maxConnectionsPerHost} open; otherwise it waits for one to be released. Time spent waiting counts
 * toward the request timeout ({@link HttpClientTimeoutException.Phase#QUEUE}). Idle connections close after
 * {@code idleTimeout} (the server's setting of the same name). A GET, HEAD, OPTIONS, PUT or DELETE whose
 * reused connection turns out to have been closed by the server before any response byte is sent again, once,
 * on a new connection.
 *
 * <h2>Threading</h2>
 * {@link #fetch} may be called from any thread. Its future completes on the caller's loop when the caller
 * runs on one, else on this client's loop; callbacks of a request (streaming, header, body producer) run on
 * this client's loop. Cancelling the future (or completing it from outside) aborts the request: a queued
 * request leaves the queue, a request in flight closes its connection, which frees its pool slot. Cancelling
 * a future derived with {@code thenApply} and the like does not reach the request.
 */
public final class AsyncHttpClient implements AutoCloseable {
    /** Requests in flight at once: 10, as Tornado's {@code max_clients}. */
    public static final int DEFAULT_MAX_CLIENTS = 10;
    /** Connections open to one origin at once (idle ones included). */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 10;
    /** How long an idle pooled connection is kept: 60 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a request with {@code expect100Continue} waits for {@code 100 Continue} before sending its
     * body anyway (RFC 9110 section 10.1.1 tells a client not to wait indefinitely): 1 s.
     */
    public static final Duration EXPECT_CONTINUE_TIMEOUT = Duration.ofSeconds(1);
    /** Largest response head accepted: 64 KiB, as Tornado. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final ConcurrentHashMap<IOLoop, AsyncHttpClient> SHARED = new ConcurrentHashMap<>();

    final IOLoop loop;
    final int maxClients;
    final int maxConnectionsPerHost;
    final long idleTimeoutNanos;
    /** Options requests leave unset, as configured with {@link Builder#defaults}. */
    final RequestOptions defaults;
    /** {@link #defaults} completed with the built-in values: what a request that sets nothing gets. */
    final RequestOptions resolvedDefaults;
    /** Headers added to every request that does not set them. */
    final HttpHeaders defaultHeaders;

    final Resolver resolver;
    final TcpClient tcp;
    final Moshi moshi;
    final RequestHeadEncoder encoder = new RequestHeadEncoder();
    private final boolean shared;

    // Loop-confined state.
    private final HashMap<PoolKey, HostPool> pools = new HashMap<>();
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private int active;
    /** Calls started and not finished, as an intrusive list (no allocation per call). */
    private @Nullable Call firstLive;

    private @Nullable Timeout sweepTimer;
    private volatile boolean closed;

    private AsyncHttpClient(Builder b, IOLoop loop, boolean shared) {
        this.loop = loop;
        this.maxClients = b.maxClients;
        this.maxConnectionsPerHost = b.maxConnectionsPerHost;
        this.idleTimeoutNanos = b.idleTimeout.toNanos();
        this.defaults = b.defaults;
        this.resolvedDefaults = b.defaults.merge(RequestOptions.BUILT_IN);
        this.defaultHeaders = b.defaultHeaders;
        this.resolver = b.resolver;
        this.tcp = TcpClient.builder().resolver(b.resolver).build();
        this.moshi = b.moshi;
        this.shared = shared;
    }

    /**
     * Returns the client shared by all code on {@code loop}, creating it with the defaults on first use (or
     * after the previous one was closed), as Tornado's {@code AsyncHTTPClient()}. To give it other settings,
     * install it first with {@link Builder#buildShared()}. Any thread.
     *
     * @param loop the loop
     * @return the loop's shared client
     */
    public static AsyncHttpClient shared(IOLoop loop) {
        SHARED.keySet().removeIf(IOLoop::isClosed);
        return SHARED.compute(
                loop,
                (l, existing) ->
                        existing != null && !existing.closed ? existing : new AsyncHttpClient(new Builder(), l, true));
    }

    /**
     * Returns the shared client of the loop the caller runs on.
     *
     * @return the shared client
     * @throws IllegalStateException if the caller is not on a loop
     */
    public static AsyncHttpClient shared() {
        return shared(IOLoop.current());
    }

    /**
     * Returns a builder for an independent client with its own pool and limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the loop this client runs on. */
    public IOLoop loop() {
        return loop;
    }

    /**
     * Fetches {@code url} with GET.
     *
     * @param url an absolute http or https URL
     * @return a future for the response; see {@link #fetch(HttpRequest)}
     */
    public CompletableFuture<HttpResponse> fetch(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.get(url);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetch(request);
    }

    /**
     * Sends {@code request} and receives the response, following redirects as the request says. Any thread.
     *
     * @param request the request
     * @return a future completed on the caller's loop (or this client's loop when the caller is on none) with
     *     the response; failed with {@link HttpClientError} for a non-2xx response (unless
     *     {@code raiseError(false)}), {@link HttpClientTimeoutException} when a time limit passed,
     *     {@link HttpProtocolException} for a malformed response, {@link ResponseTooLargeException}, or the
     *     network error ({@link java.net.ConnectException}, {@link java.net.UnknownHostException},
     *     {@link javax.net.ssl.SSLHandshakeException}, {@link StreamClosedException}, ...); cancelling it
     *     aborts the request
     */
    public CompletableFuture<HttpResponse> fetch(HttpRequest request) {
        IOLoop caller = IOLoop.currentOrNull();
        Call call = new Call(this, request, caller == null || caller == loop ? null : caller);
        if (!loop.runOnLoop(call::start)) {
            call.failBeforeStart(new IllegalStateException("the loop " + loop.name()
                    + " of this AsyncHttpClient is closed; fetch with a client on a running loop"));
        }
        return call.future;
    }

    /**
     * Opens a WebSocket, as Tornado's {@code websocket_connect}. Any thread.
     *
     * <pre>{@code
     * http.websocketConnect("ws://127.0.0.1:8888/echo")
     *     .thenCompose(ws -> ws.writeMessage("hi").thenCompose(v -> ws.readMessage()))
     *     .thenAccept(reply -> System.out.println(reply.asText()));
     * }</pre>
     *
     * @param url a {@code ws://} or {@code wss://} URL
     * @return a future completed on this client's loop with the open connection; failed as
     *     {@link #websocketConnect(WebSocketRequest)} says, or with {@link IllegalArgumentException} for a bad URL
     */
    public CompletableFuture<WebSocketConnection> websocketConnect(String url) {
        WebSocketRequest request;
        try {
            request = WebSocketRequest.builder(url).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return websocketConnect(request);
    }

    /**
     * Opens a WebSocket with headers, subprotocols, options (compression, message size, keep-alive), TLS or a
     * proxy. The connection uses this client's loop and resolver but not its pool or {@code maxClients}. Any
     * thread.
     *
     * @param request the request
     * @return a future completed on this client's loop with the open connection; failed with
     *     {@link WebSocketHandshakeException} when the server does not accept the WebSocket,
     *     {@link dev.squall.net.ConnectTimeoutException} when the connect timeout passed, or the network error
     */
    public CompletableFuture<WebSocketConnection> websocketConnect(WebSocketRequest request) {
        return WebSocketConnector.open(this, request);
    }

    /**
     * Closes the client: queued and in-flight requests fail with {@link StreamClosedException}, pooled
     * connections close, and later fetches fail. A shared client is replaced by a new one on the next
     * {@link #shared(IOLoop)}. Any thread; idempotent.
     */
    @Override
    public void close() {
        closed = true;
        loop.runOnLoop(this::closeOnLoop); // a closed loop took every connection with it
        if (shared) {
            SHARED.remove(loop, this);
        }
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void closeOnLoop() {
        Timeout t = sweepTimer;
        if (t != null) {
            t.cancel();
            sweepTimer = null;
        }
        StreamClosedException why = new StreamClosedException("the AsyncHttpClient was closed");
        for (Call c = firstLive; c != null; ) {
            Call next = c.nextLive;
            c.abort(why);
            c = next;
        }
        for (HostPool pool : new ArrayList<>(pools.values())) {
            pool.closeAll();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Loop-confined bookkeeping, used by Call, HostPool and ClientConnection.

    void link(Call call) {
        call.nextLive = firstLive;
        if (firstLive != null) {
            firstLive.prevLive = call;
        }
        firstLive = call;
    }

    void unlink(Call call) {
        if (call.prevLive != null) {
            call.prevLive.nextLive = call.nextLive;
        } else if (firstLive == call) {
            firstLive = call.nextLive;
        }
        if (call.nextLive != null) {
            call.nextLive.prevLive = call.prevLive;
        }
        call.prevLive = null;
        call.nextLive = null;
    }

    /** Gives {@code call} a slot among maxClients, now or when one frees. */
    void admit(Call call) {
        if (active < maxClients) {
            active++;
            call.slotGranted();
        } else {
            call.queued();
            queue.add(call);
        }
    }

    void releaseSlot() {
        active--;
        Call next;
        while (active < maxClients && (next = queue.poll()) != null) {
            active++;
            next.slotGranted();
        }
    }

    void dequeue(Call call) {
        queue.remove(call);
    }

    HostPool pool(PoolKey key) {
        HostPool p = pools.get(key);
        if (p == null) {
            p = new HostPool(this, key);
            pools.put(key, p);
        }
        return p;
    }

    void removePool(HostPool pool) {
        pools.remove(pool.key, pool);
    }

    /** A connection went idle at {@code idleSinceNanos}: make sure a sweep will close it in time. */
    void connectionIdle(long idleSinceNanos) {
        if (sweepTimer == null && idleTimeoutNanos > 0) {
            sweepTimer = loop.callAt(idleSinceNanos + idleTimeoutNanos, this::sweep);
        }
    }

    private void sweep() {
        sweepTimer = null;
        long now = loop.nanoTime();
        long next = Long.MAX_VALUE;
        for (HostPool pool : new ArrayList<>(pools.values())) {
            next = Math.min(next, pool.closeExpired(now));
        }
        if (next != Long.MAX_VALUE && !closed) {
            sweepTimer = loop.callAt(next, this::sweep);
        }
    }

    /** Returns the number of open connections (idle, busy or connecting) to {@code key}'s origin. For tests. */
    int openConnections(PoolKey key) {
        HostPool p = pools.get(key);
        return p == null ? 0 : p.open;
    }

    /** Returns the number of requests waiting for a free maxClients slot. For tests. */
    int queuedCount() {
        return queue.size();
    }

    /** Returns the number of requests waiting for a connection to {@code key}'s origin. For tests. */
    int waitingForConnection(PoolKey key) {
        HostPool p = pools.get(key);
        return p == null ? 0 : p.waiterCount();
    }

    /** Returns the number of idle pooled connections to {@code key}'s origin. For tests. */
    int idleConnections(PoolKey key) {
        HostPool p = pools.get(key);
        return p == null ? 0 : p.idleCount();
    }

    @Override
    public String toString() {
        return "AsyncHttpClient[" + loop.name() + ", maxClients=" + maxClients + ", maxConnectionsPerHost="
                + maxConnectionsPerHost + (closed ? ", closed" : "") + "]";
    }

    /** Builds an independent {@link AsyncHttpClient}. Not thread-safe. */
    public static final class Builder {
        private @Nullable IOLoop loop;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS_PER_HOST;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private RequestOptions defaults = RequestOptions.NONE;
        private HttpHeaders defaultHeaders = new HttpHeaders(2);
        private Resolver resolver = Resolver.system();
        private Moshi moshi = Json.MOSHI;

        private Builder() {}

        /**
         * Binds the client to {@code loop} (default: the loop {@link #build()} is called on).
         *
         * @param loop the loop
         * @return this builder
         */
        public Builder loop(IOLoop loop) {
            this.loop = loop;
            return this;
        }

        /**
         * Sets how many requests may be in flight at once (default {@link #DEFAULT_MAX_CLIENTS}); more wait.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxClients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxClients must be at least 1, got " + max);
            }
            this.maxClients = max;
            return this;
        }

        /**
         * Sets how many connections may be open to one origin (scheme, host, port) at once, idle ones included
         * (default {@link #DEFAULT_MAX_CONNECTIONS_PER_HOST}).
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, got " + max);
            }
            this.maxConnectionsPerHost = max;
            return this;
        }

        /**
         * Sets how long an idle connection stays in the pool (default
         * {@link #DEFAULT_IDLE_TIMEOUT}); {@link Duration#ZERO} disables pooling.
         *
         * @param timeout the idle time
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Sets default headers and options for every request that does not set them itself (Tornado's
         * {@code defaults}): timeouts, redirects, user agent, decompression, body limit, proxy, TLS,
         * raiseError.
         *
         * <pre>{@code
         * .defaults(d -> d.userAgent("my-service/2").connectTimeout(Duration.ofSeconds(2)).header("X-Team", "core"))
         * }</pre>
         *
         * @param configure sets the defaults on a request builder that has no URL
         * @return this builder
         * @throws IllegalArgumentException if {@code configure} sets a URL, method, body or callback
         */
        public Builder defaults(Consumer<HttpRequest.Builder> configure) {
            HttpRequest.Builder template = new HttpRequest.Builder();
            configure.accept(template);
            this.defaults = template.toDefaults();
            this.defaultHeaders = template.defaultHeaders();
            return this;
        }

        /**
         * Sets how host names are resolved (default {@link Resolver#system()}); an
         * {@link dev.squall.net.OverrideResolver} points real-looking names at fake servers in tests.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder resolver(Resolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /**
         * Sets the Moshi instance {@link HttpResponse#json} decodes with (default: Moshi's built-in adapters).
         *
         * @param moshi the Moshi instance, with your adapters
         * @return this builder
         */
        public Builder moshi(Moshi moshi) {
            this.moshi = moshi;
            return this;
        }

        /**
         * Creates the client.
         *
         * @return the client
         * @throws IllegalStateException if no loop was set and the caller is not on a loop
         */
        public AsyncHttpClient build() {
            return new AsyncHttpClient(this, loopOrCurrent("build"), false);
        }

        /**
         * Builds the client and makes it the one {@link AsyncHttpClient#shared(IOLoop)} returns for its loop
         * from now on, as Tornado's {@code AsyncHTTPClient.configure}: every piece of code that takes the
         * loop's shared client gets these limits, defaults and resolver. Call it before anything asks for the
         * loop's shared client — at startup, or in a test harness that points the shared client at fake
         * services. Closing it makes {@code shared(loop)} create a default one again. Any thread.
         *
         * @return the new shared client
         * @throws IllegalStateException if called off a loop without {@link #loop(IOLoop)}, or if the loop
         *     already has an open shared client (close that one first, or configure earlier)
         */
        public AsyncHttpClient buildShared() {
            IOLoop l = loopOrCurrent("buildShared");
            AsyncHttpClient client = new AsyncHttpClient(this, l, true);
            SHARED.keySet().removeIf(IOLoop::isClosed);
            AsyncHttpClient existing =
                    SHARED.compute(l, (k, current) -> current != null && !current.closed ? current : client);
            if (existing != client) {
                throw new IllegalStateException("loop " + l.name() + " already has a shared AsyncHttpClient; "
                        + "call buildShared() before the first AsyncHttpClient.shared(loop), or close that one first");
            }
            return client;
        }

        private IOLoop loopOrCurrent(String method) {
            IOLoop l = loop;
            if (l == null) {
                l = IOLoop.currentOrNull();
                if (l == null) {
                    throw new IllegalStateException("AsyncHttpClient.builder()." + method + "() was called off a "
                            + "loop; pass the loop with .loop(loop)");
                }
            }
            return l;
        }
    }
}
