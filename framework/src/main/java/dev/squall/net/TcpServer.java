package dev.squall.net;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * A non-blocking TCP (or TLS) server that hands each accepted connection, as an {@link IOStream}, to a
 * {@link StreamHandler} on one of a {@link LoopGroup}'s loops — Tornado's {@code TCPServer}.
 *
 * <pre>{@code
 * TcpServer server = TcpServer.builder()
 *         .loops(group)
 *         .handler((stream, remote) -> stream.readUntilClose().thenCompose(stream::write))
 *         .build();
 * server.listen(0, "127.0.0.1");
 * System.out.println("listening on " + server.port());
 * }</pre>
 *
 * <h2>Spreading connections over loops</h2>
 * {@link AcceptStrategy#ACCEPTOR} (the default): one listening socket on the group's first loop, which
 * accepts and hands connections round-robin to every loop of the group. {@link AcceptStrategy#REUSE_PORT}:
 * one listening socket per loop, bound to the same port with {@code SO_REUSEPORT}, so the kernel spreads
 * connections and each loop accepts its own (Linux; not available everywhere).
 *
 * <p>Thread-safe: {@link #listen}, {@link #stop()} and the getters may be called from any thread.
 */
public final class TcpServer {
    /**
     * The default listen backlog: the kernel's limit ({@code /proc/sys/net/core/somaxconn}, 4096 on current
     * Linux), or 4096 where that cannot be read (the kernel clamps a larger request to its limit). Not
     * Tornado's 128: at 4,096 clients connecting at once a 128-deep queue overflowed (11,734 SYNs dropped in a
     * 6 s run), and the dropped clients waited for SYN retransmits (1 s, 3 s, ...), which made the
     * server's tail latency and {@code wrk}'s timeouts (benchmarks/README.md, latency.sh). Netty and Vert.x
     * use the kernel's limit too.
     */
    public static final int DEFAULT_BACKLOG = kernelBacklogLimit();
    /** The backlog asked for where the kernel's limit cannot be read. */
    private static final int FALLBACK_BACKLOG = 4096;
    /**
     * Connections accepted per readiness event, so that a burst of connects cannot starve other work (an accept
     * and its set-up cost a few microseconds: 1,024 of them are a few milliseconds of the loop). Not 64: the
     * loop that accepts also serves the connections already open, so with 4,096 clients connecting at once
     * the last ones waited for dozens of loop iterations before their first request was read (p99 1.1–1.3 s
     * and 385–1,281 wrk timeouts in 8 s runs; with 1,024: p99 0.16–0.84 s and none).
     */
    public static final int MAX_ACCEPTS_PER_EVENT = 1024;
    /** How long accepting pauses after an accept error such as EMFILE (too many open files). */
    public static final Duration ACCEPT_ERROR_BACKOFF = Duration.ofMillis(100);

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** Descriptors kept free below the process's limit by the default {@link Builder#maxConnections}. */
    public static final int DESCRIPTOR_HEADROOM = 64;

    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    /** How accepted connections are spread over the loops of the group. */
    public enum AcceptStrategy {
        /** One listening socket; its loop (the group's first) accepts and deals connections round-robin. */
        ACCEPTOR,
        /** One listening socket per loop with {@code SO_REUSEPORT}; each loop accepts its own connections. */
        REUSE_PORT
    }

    final LoopGroup loops;
    private final int backlog;
    private final boolean reusePort;
    final AcceptStrategy strategy;
    private final @Nullable SSLContext sslContext;
    private final StreamHandler handler;
    private final IOStream.Options streamOptions;
    private final boolean noDelay;
    // Read by the acceptors (package-private for them).
    final AtomicInteger connections = new AtomicInteger();
    final int maxConnections;
    final Runnable makeRoom;
    final AcceptFunction acceptFunction;
    private final List<Acceptor> listeners = new CopyOnWriteArrayList<>();

    private TcpServer(Builder b) {
        this.loops = Objects.requireNonNull(b.loops, "TcpServer needs loops: call builder().loops(group)");
        this.handler = Objects.requireNonNull(b.handler, "TcpServer needs a handler: call builder().handler(...)");
        this.backlog = b.backlog;
        this.reusePort = b.reusePort;
        this.strategy = b.strategy;
        this.sslContext = b.sslContext;
        this.streamOptions = b.streamOptions;
        this.noDelay = b.noDelay;
        this.maxConnections = b.maxConnections > 0 ? b.maxConnections : defaultMaxConnections();
        this.makeRoom = b.makeRoom;
        this.acceptFunction = b.acceptFunction;
    }

    /**
     * Returns the default of {@link Builder#maxConnections}: the process's descriptor limit
     * ({@code ulimit -n}, read through {@code com.sun.management.UnixOperatingSystemMXBean}) minus
     * {@link #DESCRIPTOR_HEADROOM} for files, listening sockets and client connections; unlimited
     * ({@link Integer#MAX_VALUE}) where the limit cannot be read.
     *
     * @return the default connection limit, at least 16
     */
    public static int defaultMaxConnections() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
                long max = unix.getMaxFileDescriptorCount();
                if (max > 0) {
                    return (int) Math.max(16, Math.min(Integer.MAX_VALUE, max - DESCRIPTOR_HEADROOM));
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // no jdk.management module, or not Unix: no limit of our own
        }
        return Integer.MAX_VALUE;
    }

    /** Returns the most connections this server keeps open at once (see {@link Builder#maxConnections}). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Reads the kernel's listen-queue limit once, at class initialisation (never on a loop). */
    private static int kernelBacklogLimit() {
        try {
            // Not Files.readString: /proc reports a size of 0 and readString returned "4" of "4096".
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"));
            int limit = lines.isEmpty() ? 0 : Integer.parseInt(lines.get(0).strip());
            return limit > 0 ? limit : FALLBACK_BACKLOG;
        } catch (IOException | NumberFormatException | SecurityException e) {
            return FALLBACK_BACKLOG;
        }
    }

    /** How a listening socket accepts: {@link ServerSocketChannel#accept()}, replaced in tests to fail on demand. */
    @FunctionalInterface
    interface AcceptFunction {
        @Nullable
        SocketChannel accept(ServerSocketChannel channel) throws IOException;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting. May be called more than once to listen on several addresses.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @param address the address to bind, e.g. {@code "127.0.0.1"}; null or empty for every interface
     * @return this server
     * @throws IOException if the address cannot be bound (in use, no permission, unknown host)
     * @throws UnsupportedOperationException for {@link AcceptStrategy#REUSE_PORT} where the platform lacks
     *     {@code SO_REUSEPORT}
     */
    public TcpServer listen(int port, @Nullable String address) throws IOException {
        InetSocketAddress bindTo = address == null || address.isEmpty()
                ? new InetSocketAddress(port)
                : new InetSocketAddress(address, port);
        if (bindTo.isUnresolved()) {
            throw new IOException("cannot listen on " + address + ": the host name does not resolve");
        }
        List<Acceptor> opened = new ArrayList<>();
        try {
            if (strategy == AcceptStrategy.ACCEPTOR) {
                opened.add(Acceptor.open(this, bindTo, reusePort, loops.loops().get(0), backlog));
            } else {
                int actualPort = port;
                for (IOLoop loop : loops.loops()) {
                    InetSocketAddress at = new InetSocketAddress(bindTo.getAddress(), actualPort);
                    Acceptor l = Acceptor.open(this, at, true, loop, backlog);
                    opened.add(l);
                    actualPort = l.address.getPort();
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Acceptor l : opened) {
                closeQuietly(l.channel);
            }
            throw e;
        }
        for (Acceptor l : opened) {
            listeners.add(l);
            l.start();
        }
        LOG.log(Level.DEBUG, "listening on {0} ({1} loop(s), {2})", opened.get(0).address, loops.size(), strategy);
        return this;
    }

    /**
     * Returns the port of the first listening socket.
     *
     * @return the port
     * @throws IllegalStateException if {@link #listen} was not called
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * Returns the address of the first listening socket.
     *
     * @return the bound address
     * @throws IllegalStateException if {@link #listen} was not called
     */
    public InetSocketAddress localAddress() {
        if (listeners.isEmpty()) {
            throw new IllegalStateException("the server is not listening; call listen(port, address) first");
        }
        return listeners.get(0).address;
    }

    /** Returns the number of connections accepted and not yet closed. */
    public int connectionCount() {
        return connections.get();
    }

    /** Returns the strategy this server accepts with. */
    public AcceptStrategy acceptStrategy() {
        return strategy;
    }

    /**
     * Stops accepting: closes every listening socket. Connections already accepted stay open. Called off the
     * loops, returns once the sockets are closed (or after 5 s); called on a loop, returns at once and the
     * sockets close right after.
     */
    public void stop() {
        List<Acceptor> all = new ArrayList<>(listeners);
        listeners.clear();
        boolean wait = IOLoop.currentOrNull() == null;
        CountDownLatch done = new CountDownLatch(all.size());
        for (Acceptor l : all) {
            l.stop(done);
        }
        if (wait) {
            try {
                if (!done.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "listening sockets did not close within {0}", STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A connection closed (or never started): accepting resumes where it paused at the limit. */
    void connectionGone() {
        if (connections.decrementAndGet() < maxConnections) {
            for (Acceptor l : listeners) {
                if (l.pausedAtLimit) {
                    l.resumeAfterLimit();
                }
            }
        }
    }

    void startConnection(SocketChannel ch, IOLoop loop) {
        IOStream stream;
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) ch.getRemoteAddress();
            if (noDelay) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (sslContext != null) {
                SSLEngine engine = sslContext.createSSLEngine();
                engine.setUseClientMode(false);
                stream = IOStream.tls(loop, ch, engine, streamOptions);
            } else {
                stream = IOStream.of(loop, ch, streamOptions);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not set up an accepted connection", e);
            closeQuietly(ch);
            connectionGone();
            return;
        }
        if (stream.isClosed()) {
            connectionGone();
            return; // e.g. the TLS handshake failed at once
        }
        stream.setCloseListener(this::connectionGone);
        try {
            handler.handleStream(stream, remote);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "the stream handler threw for a connection from " + remote + "; closing it", t);
            stream.close(t);
        }
    }

    static void closeQuietly(Channel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a channel", e);
        }
    }

    /** Builds a {@link TcpServer}. Not thread-safe. */
    public static final class Builder extends SocketBuilder<Builder> {
        private @Nullable LoopGroup loops;
        private int backlog = DEFAULT_BACKLOG;
        private boolean reusePort;
        private AcceptStrategy strategy = AcceptStrategy.ACCEPTOR;
        private @Nullable SSLContext sslContext;
        private @Nullable StreamHandler handler;
        private int maxConnections;
        private Runnable makeRoom = () -> {};
        private AcceptFunction acceptFunction = ServerSocketChannel::accept;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the loops connections are spread over. Required (or {@link #loop(IOLoop)}).
         *
         * @param loops the group; the server does not close it
         * @return this builder
         */
        public Builder loops(LoopGroup loops) {
            this.loops = loops;
            return this;
        }

        /**
         * Serves every connection on one loop — Tornado's single-threaded model.
         *
         * @param loop the loop; the server does not close it
         * @return this builder
         */
        public Builder loop(IOLoop loop) {
            this.loops = LoopGroup.of(loop);
            return this;
        }

        /**
         * Sets the listen backlog (default {@link #DEFAULT_BACKLOG}).
         *
         * @param backlog pending connections the kernel queues
         * @return this builder
         */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be positive, got " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * Sets {@code SO_REUSEPORT} on the listening socket, as Tornado's {@code reuse_port}, so that other
         * processes may listen on the same port. Off by default; always on with
         * {@link AcceptStrategy#REUSE_PORT}.
         *
         * @param reusePort whether to set it
         * @return this builder
         */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        /**
         * Chooses how connections are spread over the loops (default {@link AcceptStrategy#ACCEPTOR}).
         *
         * @param strategy the strategy
         * @return this builder
         */
        public Builder acceptStrategy(AcceptStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * Serves TLS with this context (server mode), or plain TCP with null (the default).
         *
         * @param context the server's TLS context (key material), or null
         * @return this builder
         */
        public Builder tls(@Nullable SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Sets what to do with each connection. Required.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(StreamHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Sets the most connections the server keeps open at once (default
         * {@link TcpServer#defaultMaxConnections()}: the descriptor limit minus {@link TcpServer#DESCRIPTOR_HEADROOM}).
         * At the limit the server stops accepting — new clients wait in the listen backlog — runs
         * {@link #onConnectionLimit} to make room, and accepts again as soon as a connection closes.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be positive, got " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Sets what runs, on the accepting loop, when the server reaches {@link #maxConnections} or
         * {@code accept} fails for want of descriptors: typically closing the longest-idle keep-alive
         * connections (the HTTP server does that), from any loop through {@link IOLoop#execute}. Must not
         * block. Default: nothing (new connections wait until one closes by itself).
         *
         * @param makeRoom the action
         * @return this builder
         */
        public Builder onConnectionLimit(Runnable makeRoom) {
            this.makeRoom = Objects.requireNonNull(makeRoom, "makeRoom");
            return this;
        }

        /** Replaces {@code accept()} (package-private seam: tests simulate EMFILE with it). */
        Builder acceptFunction(AcceptFunction accept) {
            this.acceptFunction = Objects.requireNonNull(accept, "accept");
            return this;
        }

        /**
         * Creates the server; it accepts nothing until {@link TcpServer#listen}.
         *
         * @return the server
         * @throws NullPointerException if loops or handler are missing
         */
        public TcpServer build() {
            return new TcpServer(this);
        }
    }
}
