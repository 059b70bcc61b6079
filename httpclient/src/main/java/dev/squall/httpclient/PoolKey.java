package dev.squall.httpclient;

import org.jspecify.annotations.Nullable;

/**
 * What makes pooled connections interchangeable: the origin, the proxy they go through, and for https the
 * TLS options they were secured with (compared by identity).
 *
 * @param origin the origin
 * @param proxy the proxy, or null for a direct connection
 * @param tls the TLS options of an https origin, or null for http
 */
record PoolKey(
        Origin origin, @Nullable HttpProxy proxy, @Nullable TlsOptions tls) {

    /** Returns the host the socket connects to: the proxy's, or the origin's. */
    String connectHost() {
        return proxy != null ? proxy.host() : origin.connectHost();
    }

    /** Returns the port the socket connects to. */
    int connectPort() {
        return proxy != null ? proxy.port() : origin.port();
    }

    @Override
    public String toString() {
        return origin.base() + (proxy != null ? " via " + proxy.host() + ":" + proxy.port() : "");
    }
}
