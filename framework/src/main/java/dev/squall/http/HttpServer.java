package dev.squall.http;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.net.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A non-blocking HTTP/1.1 server that hands each request to an {@link HttpHandler}, as Tornado's
 * {@code HTTPServer(handle_request)}. The web layer's application plugs in as the handler.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder()
 *         .handler((request, response) -> response.end(200, new HttpHeaders(), "Hello".getBytes(UTF_8)))
 *         .build()
 *         .listen(8888, "127.0.0.1");
 * ...
 * server.close();
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>Keep-alive as HTTP/1.1 says (HTTP/1.0 only with {@code Connection: keep-alive}, echoed); pipelined
 *       requests are answered in order, one handler call at a time per connection.</li>
 *   <li>Request bodies with {@code Content-Length} or chunked, read whole before the handler runs; gzip bodies
 *       inflated when {@link Builder#decompressRequest(boolean)} is on; {@code Expect: 100-continue}
 *       answered before the body is read.</li>
 *   <li>Strict parsing against request smuggling (see {@code Http1RequestParser}): bad requests get 400,
 *       other HTTP versions 505.</li>
 *   <li>Limits answered with a real response, {@code Connection: close}, a log line and a close: headers over
 *       {@link #DEFAULT_MAX_HEADER_BYTES} get 431, bodies over {@link #DEFAULT_MAX_BODY_BYTES} get 413, a head
 *       or body that does not arrive in time gets 408. Idle connections close after
 *       {@link #DEFAULT_IDLE_TIMEOUT}.</li>
 *   <li>Responses framed with {@code Content-Length} when known, else chunked (HTTP/1.1) or close-delimited
 *       (HTTP/1.0); {@code Date} and {@code Server} added when absent.</li>
 *   <li>{@link Builder#xheaders(boolean) xheaders} behind a proxy; HTTPS with {@link Builder#tls(SSLContext)}.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Each connection lives on one loop of the server's {@link LoopGroup} and its handler calls run there.
 * {@link #listen}, {@link #stop()}, {@link #close()} and the getters may be called from any thread.
 */
public final class HttpServer implements AutoCloseable {
    /** Squall's version, as sent in the {@code Server} header. */
    public static final String VERSION = "0.1.0";
    /** The {@code Server} header added to responses that have none. */
    public static final String SERVER_HEADER = "Squall/" + VERSION;
    /** Default largest request head (start line and header fields), 64 KiB as Tornado; 431 beyond. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
    /** Default largest request body, 100 MiB as Tornado; 413 beyond. */
    public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;
    /** Default time allowed for a request head to arrive once begun (and for the first one after connecting). */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    /** Default time an idle keep-alive connection is kept, 3600 s as Tornado's {@code idle_connection_timeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(3600);
    /** The largest {@link Builder#maxBodyBytes(long)} accepted: bodies are held in one byte array. */
    public static final long MAX_BODY_BYTES_LIMIT = Integer.MAX_VALUE - 16;

    static final System.Logger LOG = System.getLogger("dev.squall.http");

    final HttpHandler handler;
    /** Whether {@link #handler} overrides {@link HttpHandler#headReceived} (may stream request bodies). */
    final boolean handlerStreams;

    final int maxHeaderBytes;
    final long maxBodyBytes;
    final long headerTimeoutNanos;
    final long idleTimeoutNanos;
    /** 0 when there is no body timeout. */
    final long bodyTimeoutNanos;

    final boolean xheaders;
    final Set<String> trustedDownstream;
    final boolean decompressRequest;
    final String protocol;
    final BodyBudget bodyBudget;
    private final LoopGroup loops;
    private final boolean ownsLoops;
    private final TcpServer tcp;
    private final Map<IOLoop, LoopContext> contexts;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile boolean closed;
    private @Nullable CompletableFuture<Void> shutdownDone;

    private static boolean overridesHeadReceived(HttpHandler handler) {
        try {
            return handler.getClass()
                            .getMethod("headReceived", HttpServerRequest.class, HttpServerResponse.class)
                            .getDeclaringClass()
                    != HttpHandler.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private HttpServer(Builder b) {
        this.handler = Objects.requireNonNull(
                b.handler, "HttpServer needs a handler: call HttpServer.builder().handler((request, response) -> ...)");
        this.handlerStreams = overridesHeadReceived(handler);
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxBodyBytes = b.maxBodyBytes;
        this.headerTimeoutNanos = b.headerTimeout.toNanos();
        this.idleTimeoutNanos = b.idleTimeout.toNanos();
        this.bodyTimeoutNanos = b.bodyTimeout == null ? 0 : b.bodyTimeout.toNanos();
        this.xheaders = b.xheaders;
        this.trustedDownstream = Set.copyOf(b.trustedDownstream);
        this.decompressRequest = b.decompressRequest;
        this.protocol = b.https ? "https" : "http";
        this.bodyBudget =
                new BodyBudget(b.maxBufferedBodyBytes > 0 ? b.maxBufferedBodyBytes : defaultMaxBufferedBodyBytes());
        this.ownsLoops = b.loops == null;
        this.loops = b.loops != null ? b.loops : LoopGroup.create();
        Map<IOLoop, LoopContext> ctx = new IdentityHashMap<>();
        for (IOLoop loop : loops.loops()) {
            ctx.put(loop, new LoopContext(loop));
        }
        this.contexts = ctx;
        this.tcp = b.tcp.onConnectionLimit(this::closeLongestIdle)
                .loops(loops)
                .handler((stream, remote) -> {
                    LoopContext c = contexts.get(stream.loop());
                    if (c == null) {
                        throw new IllegalStateException("connection accepted on a loop outside the server's group");
                    }
                    new Http1ServerConnection(this, c, stream, remote).start();
                })
                .build();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with Tornado's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting connections. May be called again to listen on more addresses.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @param address the address to bind, e.g. {@code "127.0.0.1"}; empty for every interface
     * @return this server
     * @throws UncheckedIOException if the address cannot be bound (in use, no permission, unknown host)
     * @throws UnsupportedOperationException with {@link TcpServer.AcceptStrategy#REUSE_PORT} where the platform
     *     lacks {@code SO_REUSEPORT}
     * @throws IllegalStateException if the server was stopped or closed
     */
    public HttpServer listen(int port, String address) {
        if (stopped) {
            throw new IllegalStateException("this HttpServer was stopped; build a new one to listen again");
        }
        try {
            tcp.listen(port, address);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
        listening = true;
        return this;
    }

    /**
     * Returns the port of the first address listened on (the chosen one after {@code listen(0, ...)}).
     *
     * @return the port
     * @throws IllegalStateException if {@link #listen} was not called
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * Returns the first address listened on.
     *
     * @return the bound address
     * @throws IllegalStateException if {@link #listen} was not called
     */
    public InetSocketAddress localAddress() {
        if (!listening) {
            throw new IllegalStateException("the server is not listening; call listen(port, address) first");
        }
        return tcp.localAddress();
    }

    /**
     * Returns the default of {@link Builder#maxBufferedBodyBytes}: a quarter of the heap's maximum size
     * ({@link Runtime#maxMemory()}).
     *
     * @return bytes
     */
    public static long defaultMaxBufferedBodyBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * Returns how many bytes of request bodies the server holds now, across its loops (bodies being received
     * and bodies of requests whose response is not finished). Any thread.
     *
     * @return bytes reserved from {@link Builder#maxBufferedBodyBytes}
     */
    public long bufferedBodyBytes() {
        return bodyBudget.used();
    }

    /** Returns the loops connections are served on. */
    public LoopGroup loops() {
        return loops;
    }

    /** Returns how accepted connections are spread over the loops (see {@link Builder#acceptStrategy}). */
    public TcpServer.AcceptStrategy acceptStrategy() {
        return tcp.acceptStrategy();
    }

    /**
     * Stops accepting connections and closes idle ones; connections in the middle of a request close once
     * their response is finished (it carries {@code Connection: close}). Returns when the listening sockets
     * are closed (at once when called on a loop). Idempotent.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        tcp.stop();
        onEveryLoop(LoopContext::stopConnections, false);
    }

    /**
     * Stops the server and closes every connection at once; closes the loop group too when the server created
     * it (no {@link Builder#loops(LoopGroup)} given). Called off the loops, waits for the connections to
     * close. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        onEveryLoop(LoopContext::closeConnections, true);
        if (ownsLoops) {
            if (IOLoop.currentOrNull() == null) {
                loops.close();
            } else {
                for (IOLoop loop : loops.loops()) {
                    loop.stop();
                }
            }
        }
    }

    /**
     * Shuts the server down gracefully: stops accepting, closes idle keep-alive connections at once, lets the
     * requests in progress finish (their responses carry {@code Connection: close}; a request whose head has
     * begun to arrive is still served), tells long-lived handlers through
     * {@link HttpServerResponse#onServerShutdown}, and closes whatever remains when {@code grace} ends (on the
     * loops' clock). The loops keep running: call {@link #close()} afterwards to release them. Idempotent: a
     * second call returns the first call's stage.
     *
     * <pre>{@code
     * Runtime.getRuntime().addShutdownHook(new Thread(() -> {
     *     server.shutdown(Duration.ofSeconds(10)).toCompletableFuture().join();
     *     server.close();
     * }));
     * }</pre>
     *
     * Any thread; does not block on a loop (off the loops it waits, at most 5 s, for the listening sockets to
     * close, as {@link #stop()}).
     *
     * @param grace how long requests in progress may take to finish; zero closes every connection at once
     * @return a stage completed when every connection is closed: on the caller's loop when called on a loop,
     *     else on one of the server's loops
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public CompletionStage<Void> shutdown(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, got " + grace);
        }
        CompletableFuture<Void> done;
        boolean first = false;
        synchronized (this) {
            CompletableFuture<Void> existing = shutdownDone;
            if (existing == null) {
                existing = new CompletableFuture<>();
                shutdownDone = existing;
                first = true;
            }
            done = existing;
        }
        if (first) {
            stop();
            long graceNanos = grace.toNanos();
            AtomicInteger loopsLeft = new AtomicInteger(contexts.size());
            Runnable loopDone = () -> {
                if (loopsLeft.decrementAndGet() == 0) {
                    done.complete(null);
                }
            };
            for (LoopContext c : contexts.values()) {
                if (!c.loop.tryExecute(() -> c.awaitConnections(graceNanos, loopDone))) {
                    loopDone.run(); // a closed loop has no connections left to wait for
                }
            }
        }
        IOLoop caller = IOLoop.currentOrNull();
        return caller == null ? done : caller.adopt(done);
    }

    /**
     * Returns the most connections the server keeps open (see {@link Builder#maxConnections}).
     *
     * @return the limit
     */
    public int maxConnections() {
        return tcp.maxConnections();
    }

    /** At the connection limit or out of descriptors: each loop closes its longest-idle keep-alive connection. */
    private void closeLongestIdle() {
        for (LoopContext c : contexts.values()) {
            c.loop.tryExecute(c::closeLongestIdle); // false: the loop is closing anyway
        }
    }

    /** Returns whether {@link #stop()} or {@link #close()} was called (new requests get Connection: close). */
    boolean isStopping() {
        return stopped;
    }

    private void onEveryLoop(Consumer<LoopContext> action, boolean wait) {
        boolean offLoop = IOLoop.currentOrNull() == null;
        CountDownLatch done = new CountDownLatch(contexts.size());
        for (LoopContext c : contexts.values()) {
            boolean onLoop = c.loop.runOnLoop(() -> {
                try {
                    action.accept(c);
                } finally {
                    done.countDown();
                }
            });
            if (!onLoop) { // closed loop: its connections closed with it
                done.countDown();
            }
        }
        if (wait && offLoop) {
            try {
                if (!done.await(5, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "HttpServer.close: connections did not close within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "HttpServer" + (listening ? "[" + tcp.localAddress() + "]" : "[not listening]");
    }

    // Why this file is over ~600 lines: the public Builder below is ~265 of them (its option setters and their
    // javadoc, OkHttp's shape; the TCP-level ones delegate to a TcpServer.Builder). The server itself is ~380.

    /** Builds an {@link HttpServer}. Not thread-safe. */
    public static final class Builder {
        private @Nullable HttpHandler handler;
        private @Nullable LoopGroup loops;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private @Nullable Duration bodyTimeout;
        private boolean xheaders;
        private Set<String> trustedDownstream = Set.of();
        private boolean decompressRequest;
        private boolean https;
        private long maxBufferedBodyBytes;
        /** The TCP-level options (backlog, limit, strategy, TLS) are kept, and checked, by the TCP builder. */
        private final TcpServer.Builder tcp = TcpServer.builder();

        private Builder() {}

        /**
         * Sets the most connections the server keeps open at once (default
         * {@link TcpServer#defaultMaxConnections()}: the process's descriptor limit minus
         * {@link TcpServer#DESCRIPTOR_HEADROOM}). At the limit — and when {@code accept} fails for want of
         * descriptors — each loop closes its longest-idle keep-alive connection to make room (as nginx does),
         * and the server stops accepting until a connection closes; new clients wait in the listen backlog.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxConnections(int max) {
            tcp.maxConnections(max);
            return this;
        }

        /**
         * Sets how many bytes of request bodies the server may hold at once, across all connections and loops
         * (default {@link HttpServer#defaultMaxBufferedBodyBytes()}, a quarter of the maximum heap). A body is
         * reserved before it is buffered (a {@code Content-Length} body at once, a chunked one as it grows) and
         * released when its response finishes or the connection closes. A request whose body does not fit is
         * answered {@code 503 Service Unavailable} with {@code Retry-After: 1} and the connection closed, so
         * that many large bodies at once cannot exhaust the heap. A body larger than this limit always gets 503:
         * keep it above {@link #maxBodyBytes(long)}.
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes < 1}
         */
        public Builder maxBufferedBodyBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBufferedBodyBytes must be positive, got " + bytes);
            }
            this.maxBufferedBodyBytes = bytes;
            return this;
        }

        /**
         * Sets what handles each request. Required.
         *
         * @param handler the request handler (the web layer's application, or a lambda)
         * @return this builder
         */
        public Builder handler(HttpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Serves connections on these loops. The server does not close a group given here. Default: a new
         * group with one loop per core, which {@link HttpServer#close()} closes.
         *
         * @param loops the loops
         * @return this builder
         */
        public Builder loops(LoopGroup loops) {
            this.loops = Objects.requireNonNull(loops, "loops");
            return this;
        }

        /**
         * Sets the largest request head, start line and header fields together (default
         * {@link #DEFAULT_MAX_HEADER_BYTES}). A larger head is answered with 431 (414 if the start line alone
         * is too long).
         *
         * @param bytes at least 64
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes < 64}
         */
        public Builder maxHeaderBytes(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("maxHeaderBytes must be at least 64, got " + bytes);
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /**
         * Sets the largest request body, after gzip decompression (default {@link #DEFAULT_MAX_BODY_BYTES}). A
         * larger body is answered with 413.
         *
         * @param bytes 0 to {@link #MAX_BODY_BYTES_LIMIT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0 || bytes > MAX_BODY_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be between 0 and " + MAX_BODY_BYTES_LIMIT
                        + " (bodies are held in memory), got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Sets how long a request head may take to arrive, from its first byte (and from the connection's
         * start for the first request). Slow heads (slowloris) are answered with 408 and closed. Default
         * {@link #DEFAULT_HEADER_TIMEOUT}.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "headerTimeout");
            return this;
        }

        /**
         * Sets how long a keep-alive connection may wait for its next request (default
         * {@link #DEFAULT_IDLE_TIMEOUT}); also how long a request body may go without receiving a
         * byte when no {@link #bodyTimeout} is set.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Sets how long a request body may take to arrive in full, or null for no limit (the default, as
         * Tornado). A late body is answered with 408 and the connection closed.
         *
         * @param timeout a positive duration, or null
         * @return this builder
         */
        public Builder bodyTimeout(@Nullable Duration timeout) {
            this.bodyTimeout = timeout == null ? null : positive(timeout, "bodyTimeout");
            return this;
        }

        /**
         * Trusts {@code X-Real-Ip}/{@code X-Forwarded-For} for {@link HttpServerRequest#remoteIp()} and
         * {@code X-Scheme}/{@code X-Forwarded-Proto} for {@link HttpServerRequest#protocol()}, as Tornado's
         * {@code xheaders}. Only behind a reverse proxy that sets them. Default false.
         *
         * @param xheaders whether to trust the proxy headers
         * @return this builder
         */
        public Builder xheaders(boolean xheaders) {
            this.xheaders = xheaders;
            return this;
        }

        /**
         * Sets proxy addresses skipped when reading {@code X-Forwarded-For} from the right (Tornado's
         * {@code trusted_downstream}).
         *
         * @param addresses IP addresses of trusted proxies
         * @return this builder
         */
        public Builder trustedDownstream(Set<String> addresses) {
            this.trustedDownstream = Set.copyOf(addresses);
            return this;
        }

        /**
         * Inflates request bodies sent with {@code Content-Encoding: gzip} before the handler sees them
         * (Tornado's {@code decompress_request}); the header is renamed {@code X-Consumed-Content-Encoding}.
         * Invalid gzip is answered with 400. Default false.
         *
         * @param decompress whether to inflate
         * @return this builder
         */
        public Builder decompressRequest(boolean decompress) {
            this.decompressRequest = decompress;
            return this;
        }

        /**
         * Serves HTTPS with this context, or plain HTTP with null (the default).
         *
         * @param context a server {@link SSLContext} holding the key and certificate, or null
         * @return this builder
         */
        public Builder tls(@Nullable SSLContext context) {
            tcp.tls(context);
            this.https = context != null;
            return this;
        }

        /**
         * Sets {@code SO_REUSEPORT} on the listening socket so that several processes can share the port.
         * Default false.
         *
         * @param reusePort whether to set it
         * @return this builder
         */
        public Builder reusePort(boolean reusePort) {
            tcp.reusePort(reusePort);
            return this;
        }

        /**
         * Chooses how accepted connections are spread over the {@link #loops(LoopGroup) loops}, as
         * {@link TcpServer.Builder#acceptStrategy} does:
         * <ul>
         *   <li>{@link TcpServer.AcceptStrategy#ACCEPTOR ACCEPTOR} (the default): one listening socket on the
         *       group's first loop, which accepts every connection and deals them round-robin to the loops;</li>
         *   <li>{@link TcpServer.AcceptStrategy#REUSE_PORT REUSE_PORT}: one listening socket per loop, all bound
         *       to the port with {@code SO_REUSEPORT}, so the kernel spreads connections and no loop accepts for
         *       the others (Linux; {@link HttpServer#listen} throws {@link UnsupportedOperationException} where the
         *       platform lacks the option). Implies {@link #reusePort(boolean) reusePort(true)}.</li>
         * </ul>
         * With one loop they differ only in that {@code REUSE_PORT} sets {@code SO_REUSEPORT}.
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder acceptStrategy(TcpServer.AcceptStrategy strategy) {
            tcp.acceptStrategy(Objects.requireNonNull(strategy, "strategy"));
            return this;
        }

        /**
         * Sets the listen backlog (default {@link TcpServer#DEFAULT_BACKLOG}).
         *
         * @param backlog pending connections the kernel queues, at least 1
         * @return this builder
         */
        public Builder backlog(int backlog) {
            tcp.backlog(backlog);
            return this;
        }

        /**
         * Creates the server. It accepts nothing until {@link HttpServer#listen}.
         *
         * @return the server
         * @throws NullPointerException if no handler was set
         */
        public HttpServer build() {
            return new HttpServer(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
