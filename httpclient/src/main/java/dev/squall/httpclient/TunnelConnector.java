package dev.squall.httpclient;

import dev.squall.internal.http.Http1ResponseParser;
import dev.squall.internal.net.Resolving;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.ConnectTimeoutException;
import dev.squall.net.IOStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Opens an https connection through an HTTP proxy: TCP to the proxy, {@code CONNECT host:port} (RFC 9110
 * section 9.3.6), and once the proxy answers 2xx, TLS with the origin through the tunnel.
 *
 * <p>Works on the raw {@link SocketChannel} until the tunnel is up, then wraps it with
 * {@link IOStream#tls}: {@link IOStream} cannot start TLS on a stream that is already open, and
 * {@link dev.squall.net.TcpClient} cannot talk to the proxy before the handshake. The connect timeout covers
 * all of it. Loop-confined.
 */
final class TunnelConnector {
    private final AsyncHttpClient client;
    private final IOLoop loop;
    private final PoolKey key;
    private final HttpProxy proxy;
    private final Duration timeout;
    private final String userAgent;
    private final CompletableFuture<IOStream> result = new CompletableFuture<>();
    private final Http1ResponseParser parser = new Http1ResponseParser(AsyncHttpClient.MAX_HEADER_BYTES);
    private @Nullable Timeout timer;
    private @Nullable SocketChannel channel;
    private @Nullable IOStream tlsStream;
    private @Nullable SelectionKey selectionKey;
    private @Nullable IOException lastError;
    private @Nullable ByteBuffer out;
    private final ByteBuffer in = ByteBuffer.allocate(4096);
    private String stage = "resolving the proxy";

    private TunnelConnector(AsyncHttpClient client, PoolKey key, Duration timeout, String userAgent) {
        this.client = client;
        this.loop = client.loop;
        this.key = key;
        this.proxy = Objects.requireNonNull(key.proxy(), "a tunnel is made only through a proxy");
        this.timeout = timeout;
        this.userAgent = userAgent;
    }

    /** Opens the tunnel and the TLS session; the future completes on the client's loop. */
    static CompletableFuture<IOStream> open(AsyncHttpClient client, PoolKey key, Duration timeout, String userAgent) {
        TunnelConnector t = new TunnelConnector(client, key, timeout, userAgent);
        t.begin();
        return t.result;
    }

    private void begin() {
        timer = loop.callLater(
                timeout,
                () -> fail(new ConnectTimeoutException(
                        key.origin().host(),
                        key.origin().port(),
                        timeout,
                        stage + " via proxy " + proxy.host() + ":" + proxy.port())));
        Resolving.resolve(loop, client.resolver, proxy.host(), proxy.port(), "proxy host")
                .whenComplete((addresses, error) -> {
                    if (result.isDone()) {
                        return;
                    }
                    if (error != null) {
                        fail(error);
                    } else {
                        stage = "connecting to the proxy";
                        tryAddress(addresses, 0);
                    }
                });
    }

    private void tryAddress(List<InetSocketAddress> addresses, int index) {
        if (result.isDone()) {
            return;
        }
        if (index >= addresses.size()) {
            ConnectException e = new ConnectException("could not connect to proxy " + proxy.host() + ":" + proxy.port()
                    + (lastError != null ? ": " + lastError.getMessage() : ""));
            if (lastError != null) {
                e.initCause(lastError);
            }
            fail(e);
            return;
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SocketChannel pending = ch;
            selectionKey = loop.register(ch, SelectionKey.OP_CONNECT, ready -> onReady(addresses, index, pending));
            if (ch.connect(addresses.get(index))) {
                sendConnect();
            }
        } catch (IOException e) {
            closeQuietly(ch);
            lastError = e;
            tryAddress(addresses, index + 1);
        }
    }

    private void onReady(List<InetSocketAddress> addresses, int index, SocketChannel ch) {
        if (result.isDone()) {
            return;
        }
        try {
            if (stage.equals("connecting to the proxy")) {
                if (ch.finishConnect()) {
                    sendConnect();
                }
            } else if (stage.equals("sending CONNECT")) {
                writeConnect();
            } else {
                readResponse();
            }
        } catch (IOException e) {
            if (stage.equals("connecting to the proxy")) {
                closeQuietly(ch);
                lastError = e;
                tryAddress(addresses, index + 1);
            } else {
                fail(e);
            }
        }
    }

    private void sendConnect() throws IOException {
        stage = "sending CONNECT";
        RequestHeadEncoder encoder = new RequestHeadEncoder();
        encoder.encodeConnect(key.origin(), proxy.authorization(), userAgent);
        out = ByteBuffer.wrap(encoder.bytes(), 0, encoder.length());
        parser.reset(true); // a 2xx answer to CONNECT has no body
        writeConnect();
    }

    private void writeConnect() throws IOException {
        ByteBuffer o = out;
        SocketChannel ch = channel;
        SelectionKey sk = selectionKey;
        assert o != null && ch != null && sk != null : "CONNECT is written on a registered channel";
        ch.write(o);
        if (o.hasRemaining()) {
            sk.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        stage = "waiting for the proxy's answer to CONNECT";
        sk.interestOps(SelectionKey.OP_READ);
    }

    private void readResponse() throws IOException {
        SocketChannel ch = channel;
        assert ch != null : "the answer is read on the connected channel";
        int n = ch.read(in);
        if (n < 0) {
            fail(new ConnectException("proxy " + proxy.host() + ":" + proxy.port() + " closed the connection"
                    + " before answering CONNECT " + key.origin().authority()));
            return;
        }
        in.flip();
        for (; ; ) {
            int ev = parser.next(in);
            if (ev == Http1ResponseParser.NEED_MORE) {
                if (in.remaining() < in.capacity()) {
                    in.compact();
                } else {
                    // A line longer than the buffer: growing it is not worth it for a proxy's answer.
                    fail(new HttpProtocolException("proxy " + proxy.host() + ":" + proxy.port()
                            + " answered CONNECT with a header line longer than " + in.capacity() + " bytes"));
                }
                return;
            }
            if (ev == Http1ResponseParser.ERROR) {
                fail(new HttpProtocolException("proxy " + proxy.host() + ":" + proxy.port() + " answered CONNECT "
                        + key.origin().authority() + " with invalid HTTP: " + parser.errorMessage()));
                return;
            }
            if (ev == Http1ResponseParser.HEAD && parser.code() >= 200) {
                int code = parser.code();
                if (code >= 300) {
                    fail(new ConnectException("proxy " + proxy.host() + ":" + proxy.port() + " refused the tunnel to "
                            + key.origin().authority() + ": " + code + " " + parser.reason()
                            + (code == 407 ? " (give the proxy credentials with HttpProxy.withCredentials)" : "")));
                    return;
                }
                if (in.hasRemaining()) {
                    fail(new HttpProtocolException("proxy " + proxy.host() + ":" + proxy.port()
                            + " sent bytes after its answer to CONNECT, before the TLS handshake"));
                    return;
                }
                startTls();
                return;
            }
            // an interim answer: read on
        }
    }

    private void startTls() {
        stage = "TLS handshake through the proxy";
        SelectionKey sk = selectionKey;
        SocketChannel ch = channel;
        assert sk != null && ch != null : "TLS starts on the connected channel";
        sk.interestOps(0);
        TlsOptions tls = key.tls() != null ? key.tls() : TlsOptions.DEFAULT;
        IOStream stream;
        try {
            stream = IOStream.tls(
                    loop,
                    ch,
                    tls.newEngine(key.origin().connectHost(), key.origin().port()),
                    IOStream.Options.DEFAULTS);
        } catch (IOException e) {
            fail(e);
            return;
        } catch (GeneralSecurityException e) {
            fail(new SSLException("could not set up TLS with " + tls + ": " + e.getMessage(), e));
            return;
        }
        channel = null; // the stream owns it now
        tlsStream = stream;
        stream.handshakeFuture().whenComplete((v, e) -> {
            if (e == null) {
                cancelTimer();
                if (!result.complete(stream)) {
                    stream.close();
                }
            } else {
                Throwable cause = e.getCause() instanceof SSLException ssl ? ssl : e;
                stream.close(cause);
                fail(cause);
            }
        });
    }

    private void fail(Throwable error) {
        if (result.completeExceptionally(error)) {
            cancelTimer();
            closeQuietly(channel);
            IOStream s = tlsStream;
            if (s != null) {
                s.close(error);
            }
        }
    }

    private void cancelTimer() {
        Timeout t = timer;
        if (t != null) {
            t.cancel();
            timer = null;
        }
    }

    private static void closeQuietly(@Nullable SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
