package dev.squall.httpclient;

import dev.squall.loop.AsyncTimeoutException;
import java.time.Duration;

/**
 * A fetch did not complete within one of its time limits. {@link #phase()} says which limit expired and
 * {@link #limit()} how long it was, so the caller can tell a saturated client (queue) from an unreachable
 * host (connect) from a slow server (request).
 *
 * <p>Unchecked, and an {@link AsyncTimeoutException} so that generic timeout handling catches it too.
 */
public final class HttpClientTimeoutException extends AsyncTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Which limit expired. */
    public enum Phase {
        /**
         * The request timeout expired while the request waited for a free slot ({@code maxClients}) or a free
         * connection to its host ({@code maxConnectionsPerHost}).
         */
        QUEUE,
        /** The connect timeout expired while opening the connection (TCP, proxy tunnel and TLS handshake). */
        CONNECT,
        /** The request timeout expired while sending the request or receiving the response. */
        REQUEST
    }

    private final Phase phase;
    private final Duration limit;

    HttpClientTimeoutException(Phase phase, Duration limit, String message) {
        super(message);
        this.phase = phase;
        this.limit = limit;
    }

    /** Returns the phase whose limit expired. */
    public Phase phase() {
        return phase;
    }

    /** Returns the limit that expired: the connect timeout for {@link Phase#CONNECT}, else the request timeout. */
    public Duration limit() {
        return limit;
    }
}
