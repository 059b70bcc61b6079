package dev.squall.net;

import dev.squall.internal.net.Resolving;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Opens outgoing TCP and TLS connections as {@link IOStream}s, as Tornado's {@code TCPClient}.
 *
 * <pre>{@code
 * TcpClient client = TcpClient.create();
 * client.connectTls(loop, "example.com", 443, null, true, Duration.ofSeconds(20))
 *       .thenCompose(stream -> stream.write(request).thenCompose(v -> stream.readUntilClose()));
 * }</pre>
 *
 * <p>Host names are resolved by a pluggable {@link Resolver} off the loop (the default runs the JDK's resolver
 * on a virtual thread). A host with several addresses is connected by happy eyeballs (RFC 8305, as Tornado): the
 * families alternate, the next attempt starts when the previous fails or after 300 ms without an answer
 * ({@link Builder#happyEyeballsDelay}), and the first to connect wins. The timeout covers resolving,
 * connecting and the TLS handshake together. Immutable and thread-safe; the futures it returns complete on
 * the loop given to {@code connect}.
 */
public final class TcpClient {
    /** Tornado's default connect timeout for HTTP requests: 20 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final Resolver resolver;
    private final IOStream.Options streamOptions;
    private final boolean noDelay;
    private final Duration stagger;
    private final @Nullable InetSocketAddress localAddress;

    private TcpClient(Builder b) {
        this.resolver = b.resolver;
        this.streamOptions = b.streamOptions;
        this.noDelay = b.noDelay;
        this.stagger = b.stagger;
        this.localAddress = b.localAddress;
    }

    /**
     * Returns a client with the system resolver and default stream options.
     *
     * @return the client
     */
    public static TcpClient create() {
        return builder().build();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the resolver this client looks host names up with. */
    public Resolver resolver() {
        return resolver;
    }

    /**
     * Connects over plain TCP.
     *
     * @param loop the loop that will own the stream; the future completes on it
     * @param host a host name or IP literal
     * @param port the port
     * @param timeout the limit for resolving and connecting
     * @return a future completed on {@code loop} with the connected stream; failed with
     *     {@link ConnectTimeoutException} when the time is up, {@link UnknownHostException} when the host does
     *     not resolve, or {@link ConnectException} when no address accepted. Cancelling it abandons the attempt.
     */
    public CompletableFuture<IOStream> connect(IOLoop loop, String host, int port, Duration timeout) {
        return start(loop, host, port, timeout, null);
    }

    /**
     * Connects over TLS (client mode) and completes once the handshake is done.
     *
     * <p>With {@code validate} (HTTPS behaviour): the peer's certificate chain must be trusted by
     * {@code context} (the JDK's default trust store when null) and must name {@code host} (endpoint
     * identification, as an HTTPS client checks). Without it: {@code context} null means trust any certificate
     * (Tornado's {@code validate_cert=False}; for tests and private networks only), and a given context keeps its
     * own trust decisions but the host name is not checked. A host name (not an IP literal) is sent as SNI.
     *
     * @param loop the loop that will own the stream; the future completes on it
     * @param host a host name or IP literal; also what the certificate must name
     * @param port the port
     * @param context the TLS context (trust material, client certificates), or null as above
     * @param validate whether to verify the certificate and host name
     * @param timeout the limit for resolving, connecting and the handshake
     * @return a future completed on {@code loop} with the stream after the handshake; failed as
     *     {@link #connect}, or with the {@link SSLException} (e.g. {@link javax.net.ssl.SSLHandshakeException}
     *     for an untrusted certificate or a wrong host name) when the handshake fails
     */
    public CompletableFuture<IOStream> connectTls(
            IOLoop loop, String host, int port, @Nullable SSLContext context, boolean validate, Duration timeout) {
        SSLContext ctx;
        try {
            ctx = context != null ? context : validate ? SSLContext.getDefault() : InsecureTls.context();
        } catch (NoSuchAlgorithmException e) {
            return CompletableFuture.failedFuture(new SSLException("no default TLS context in this JDK", e));
        }
        return start(loop, host, port, timeout, new TlsSetup(ctx, validate));
    }

    private record TlsSetup(SSLContext context, boolean validate) {
        SSLEngine engine(String host, int port) {
            SSLEngine engine = context.createSSLEngine(host, port);
            engine.setUseClientMode(true);
            SSLParameters params = engine.getSSLParameters();
            if (!Resolver.isIpLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            if (validate) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            engine.setSSLParameters(params);
            return engine;
        }
    }

    private CompletableFuture<IOStream> start(
            IOLoop loop, String host, int port, Duration timeout, @Nullable TlsSetup tls) {
        Attempt attempt = new Attempt(loop, host, port, timeout, tls);
        if (!loop.runOnLoop(attempt::begin)) {
            attempt.result.completeExceptionally(new ConnectException("cannot connect to " + host + ":" + port
                    + ": loop " + loop.name() + " is closed; connect from a running loop"));
        }
        return attempt.result;
    }

    /** One connection attempt; every method runs on its loop. */
    private final class Attempt {
        final IOLoop loop;
        final String host;
        final int port;
        final Duration timeout;
        final @Nullable TlsSetup tls;
        final CompletableFuture<IOStream> result = new CompletableFuture<>();

        @Nullable
        Timeout timer;

        @Nullable
        HappyEyeballs<Connected> eyeballs;

        @Nullable
        IOStream stream;

        String stage = "resolving";

        Attempt(IOLoop loop, String host, int port, Duration timeout, @Nullable TlsSetup tls) {
            this.loop = loop;
            this.host = host;
            this.port = port;
            this.timeout = timeout;
            this.tls = tls;
        }

        void begin() {
            timer = loop.callLater(timeout, () -> fail(new ConnectTimeoutException(host, port, timeout, stage)));
            // A caller that cancels the future abandons the attempt (cancel may run on any thread).
            result.whenComplete((s, e) -> {
                if (e instanceof CancellationException) {
                    loop.runOnLoop(() -> cleanUp(e)); // closed loop: it closed the channels itself
                }
            });
            Resolving.resolve(loop, resolver, host, port, "host").whenComplete((addresses, error) -> {
                if (result.isDone()) {
                    return;
                }
                if (error != null) {
                    fail(error);
                } else {
                    stage = "connecting";
                    connectAll(addresses);
                }
            });
        }

        void connectAll(List<InetSocketAddress> addresses) {
            HappyEyeballs<Connected> race = new HappyEyeballs<>(
                    loop, addresses, stagger, this::dial, c -> connected(c.channel(), c.key()), error -> {
                        ConnectException e = new ConnectException("could not connect to " + host + ":" + port + " ("
                                + (addresses.size() == 1 ? addresses.get(0) : addresses) + "): " + error.getMessage());
                        e.initCause(error);
                        fail(e);
                    });
            eyeballs = race;
            race.start();
        }

        /** One attempt of the race: a non-blocking connect, reported when the channel is connected or failed. */
        HappyEyeballs.Dial dial(InetSocketAddress address, BiConsumer<@Nullable Connected, @Nullable IOException> done)
                throws IOException {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.configureBlocking(false);
                if (noDelay) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                if (localAddress != null) {
                    ch.bind(localAddress);
                }
                if (ch.connect(address)) {
                    done.accept(new Connected(ch, null), null);
                    return () -> {};
                }
                SelectionKey[] key = new SelectionKey[1];
                key[0] = loop.register(ch, SelectionKey.OP_CONNECT, ready -> {
                    try {
                        if (ch.finishConnect()) {
                            done.accept(new Connected(ch, key[0]), null);
                        }
                    } catch (IOException e) {
                        closeQuietly(ch);
                        done.accept(null, e);
                    }
                });
                return () -> closeQuietly(ch);
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }

        void connected(SocketChannel ch, @Nullable SelectionKey key) {
            if (result.isDone()) {
                closeQuietly(ch);
                return;
            }
            IOStream s;
            try {
                Transport transport = tls == null
                        ? new Transport.Plain(ch)
                        : new TlsTransport(ch, tls.engine(host, port), LoopBuffers.of(loop));
                stage = "TLS handshake";
                s = new IOStream(loop, ch, key, transport, streamOptions);
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                fail(e);
                return;
            }
            stream = s;
            s.handshakeFuture().whenComplete((v, e) -> {
                if (e == null) {
                    Timeout t = timer;
                    if (t != null) {
                        t.cancel();
                    }
                    if (!result.complete(s)) {
                        s.close(); // cancelled meanwhile
                    }
                } else {
                    Throwable cause = e.getCause();
                    fail(cause instanceof SSLException ? cause : e);
                }
            });
        }

        void fail(Throwable error) {
            if (result.completeExceptionally(error)) {
                cleanUp(error);
            }
        }

        void cleanUp(Throwable error) {
            Timeout t = timer;
            if (t != null) {
                t.cancel();
            }
            IOStream s = stream;
            if (s != null) {
                s.close(error);
            }
            HappyEyeballs<Connected> race = eyeballs;
            if (race != null) {
                race.abort();
            }
        }
    }

    /** A connected channel and, when the connect had to wait, its selection key. */
    private record Connected(
            SocketChannel channel, @Nullable SelectionKey key) {}

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Builds a {@link TcpClient}. Not thread-safe. */
    public static final class Builder extends SocketBuilder<Builder> {
        private Resolver resolver = Resolver.system();
        private Duration stagger = HappyEyeballs.DEFAULT_STAGGER;
        private @Nullable InetSocketAddress localAddress;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets how host names are looked up (default {@link Resolver#system()}).
         *
         * @param resolver the resolver, e.g. an {@link OverrideResolver}
         * @return this builder
         */
        public Builder resolver(Resolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /**
         * Sets the happy-eyeballs delay (RFC 8305's connection attempt delay; default 300 ms, as Tornado's): when a
         * host has several addresses, the next one is tried after this long without an answer from the previous,
         * IPv6 and IPv4 alternating, and the first to connect wins.
         *
         * @param delay the delay, positive
         * @return this builder
         * @throws IllegalArgumentException if the delay is zero or negative
         */
        public Builder happyEyeballsDelay(Duration delay) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("the happy-eyeballs delay must be positive, got " + delay);
            }
            this.stagger = delay;
            return this;
        }

        /**
         * Sets the local address and port connections are made from (Tornado's {@code source_ip} and
         * {@code source_port}); by default the system chooses.
         *
         * @param localAddress the address to bind before connecting; port 0 for any port; null for the default
         * @return this builder
         */
        public Builder localAddress(@Nullable InetSocketAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /**
         * Creates the client.
         *
         * @return the client
         */
        public TcpClient build() {
            return new TcpClient(this);
        }
    }
}
