package dev.squall.httpclient;

import dev.squall.net.ConnectTimeoutException;
import dev.squall.net.IOStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Opens one connection for a {@link HostPool}: direct TCP, TLS, or through a proxy (a plain connection to
 * it, or a {@code CONNECT} tunnel and TLS for https). The attempt belongs to the pool, not to the call that
 * started it: if that call goes away (cancelled, timed out) the connection still joins the pool when it
 * opens. Loop-confined.
 */
final class ConnectAttempt {
    /** Stands for "no connect timeout" where the TCP layer needs a duration. */
    private static final Duration NO_LIMIT = Duration.ofDays(3650);

    private final HostPool pool;
    private @Nullable Call waiter;
    private final Duration connectTimeout;
    private final String userAgent;

    ConnectAttempt(HostPool pool, Call waiter) {
        this.pool = pool;
        this.waiter = waiter;
        this.connectTimeout = waiter.connectTimeoutNanos > 0 ? Duration.ofNanos(waiter.connectTimeoutNanos) : NO_LIMIT;
        this.userAgent = waiter.userAgent;
    }

    @Nullable
    Call waiter() {
        return waiter;
    }

    /** The call stopped waiting; the connection, if it opens, goes to the pool. */
    void abandon() {
        waiter = null;
    }

    void start() {
        AsyncHttpClient client = pool.client;
        PoolKey key = pool.key;
        CompletableFuture<IOStream> opening;
        Origin origin = key.origin();
        if (key.proxy() != null && origin.secure()) {
            opening = TunnelConnector.open(client, key, connectTimeout, userAgent);
        } else if (origin.secure()) {
            TlsOptions tls = key.tls() != null ? key.tls() : TlsOptions.DEFAULT;
            try {
                opening = client.tcp.connectTls(
                        client.loop,
                        origin.connectHost(),
                        origin.port(),
                        tls.context(),
                        tls.validateCertificates(),
                        connectTimeout);
            } catch (GeneralSecurityException e) {
                opening = CompletableFuture.failedFuture(
                        new SSLException("could not set up TLS with " + tls + ": " + e.getMessage(), e));
            }
        } else {
            opening = client.tcp.connect(client.loop, key.connectHost(), key.connectPort(), connectTimeout);
        }
        opening.whenComplete((stream, error) -> {
            if (error != null) {
                failed(error);
            } else {
                pool.attemptSucceeded(this, new ClientConnection(pool, stream));
            }
        });
    }

    private void failed(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Call w = waiter;
        if (e instanceof ConnectTimeoutException && w != null) {
            e = w.connectTimeout();
        }
        pool.attemptFailed(this, e);
    }
}
