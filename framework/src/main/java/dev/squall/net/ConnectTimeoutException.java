package dev.squall.net;

import dev.squall.loop.AsyncTimeoutException;
import java.time.Duration;

/**
 * {@link TcpClient} could not resolve, connect to (and, for TLS, shake hands with) a host within its time
 * limit. The message names the host, the port and the limit.
 */
public class ConnectTimeoutException extends AsyncTimeoutException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param host the host connected to
     * @param port the port
     * @param timeout the limit that passed
     * @param stage what was still going on: "resolving", "connecting" or "TLS handshake"
     */
    public ConnectTimeoutException(String host, int port, Duration timeout, String stage) {
        super("connecting to " + host + ":" + port + " timed out after " + format(timeout) + " (while " + stage
                + "); is the host up and the port open, or does the timeout need raising?");
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** Returns the host connected to. */
    public String host() {
        return host;
    }

    /** Returns the port connected to. */
    public int port() {
        return port;
    }

    /** Returns the limit that passed. */
    public Duration timeout() {
        return timeout;
    }
}
