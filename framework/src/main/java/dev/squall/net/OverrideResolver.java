package dev.squall.net;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Resolver} that sends chosen hosts (or host and port pairs) elsewhere and resolves the rest with a
 * delegate, as Tornado's {@code OverrideResolver}. The testing harness points real-looking upstream names at
 * fake servers on loopback with it.
 *
 * <pre>{@code
 * Resolver resolver = OverrideResolver.builder()
 *         .host("api.example.com", "127.0.0.1")                         // any port
 *         .hostAndPort("auth.example.com", 443, "127.0.0.1", fake.port())  // one port
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Host names match case-insensitively; a host-and-port mapping wins over a
 * host mapping.
 */
public final class OverrideResolver implements Resolver {
    private record Target(String host, int port) {}

    private final Resolver delegate;
    private final Map<String, String> hosts;
    private final Map<String, Target> hostPorts;

    private OverrideResolver(Builder b) {
        this.delegate = b.delegate;
        this.hosts = Map.copyOf(b.hosts);
        this.hostPorts = Map.copyOf(b.hostPorts);
    }

    /**
     * Returns a builder whose fallback is {@link Resolver#system()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves the mapped target of {@code host} (and {@code port}) with the delegate, or {@code host} itself
     * when it is not mapped.
     *
     * @param host the host asked for
     * @param port the port asked for
     * @return the delegate's answer for the target
     */
    @Override
    public CompletionStage<List<InetSocketAddress>> resolve(String host, int port) {
        String key = normalize(host);
        Target t = hostPorts.get(key + ":" + port);
        if (t != null) {
            return delegate.resolve(t.host, t.port);
        }
        String toHost = hosts.get(key);
        return delegate.resolve(toHost != null ? toHost : host, port);
    }

    private static String normalize(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "OverrideResolver[hosts=" + hosts + ", hostPorts=" + hostPorts + ", delegate=" + delegate + "]";
    }

    /** Builds an {@link OverrideResolver}. Not thread-safe. */
    public static final class Builder {
        private Resolver delegate = Resolver.system();
        private final Map<String, String> hosts = new HashMap<>();
        private final Map<String, Target> hostPorts = new HashMap<>();

        private Builder() {}

        /**
         * Sends every look-up of {@code host}, whatever the port, to {@code toHost} (same port).
         *
         * @param host the host to redirect
         * @param toHost where it goes, a name or an IP literal
         * @return this builder
         */
        public Builder host(String host, String toHost) {
            hosts.put(normalize(host), toHost);
            return this;
        }

        /**
         * Sends look-ups of {@code host} on {@code port} to {@code toHost}:{@code toPort}.
         *
         * @param host the host to redirect
         * @param port the port to redirect
         * @param toHost where it goes
         * @param toPort the port it goes to
         * @return this builder
         */
        public Builder hostAndPort(String host, int port, String toHost, int toPort) {
            hostPorts.put(normalize(host) + ":" + port, new Target(toHost, toPort));
            return this;
        }

        /**
         * Sets the resolver for unmapped hosts and for the mapped targets (default {@link Resolver#system()}).
         *
         * @param delegate the fallback resolver
         * @return this builder
         */
        public Builder fallback(Resolver delegate) {
            this.delegate = delegate;
            return this;
        }

        /**
         * Creates the resolver.
         *
         * @return the resolver
         */
        public OverrideResolver build() {
            return new OverrideResolver(this);
        }
    }
}
