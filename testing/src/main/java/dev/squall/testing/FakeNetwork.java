package dev.squall.testing;

import dev.squall.net.Resolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resolver of a test's HTTP clients: a {@link FakeService}'s host name (on its port) resolves to the fake
 * served on loopback; loopback names and addresses resolve as usual; every other name fails, so a test never
 * reaches the real network or real DNS — as Tornado's {@code OverrideResolver} and Ktor's
 * {@code externalServices}, but closed by default. Thread-safe.
 */
final class FakeNetwork implements Resolver {
    private final Map<String, Integer> fakes = new ConcurrentHashMap<>();

    /** Routes {@code host:port} to the fake listening on loopback port {@code loopbackPort}. */
    void add(String host, int port, int loopbackPort) {
        fakes.put(key(host, port), loopbackPort);
    }

    @Override
    public CompletionStage<List<InetSocketAddress>> resolve(String host, int port) {
        Integer fake = fakes.get(key(host, port));
        if (fake != null) {
            return CompletableFuture.completedFuture(
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), fake)));
        }
        if (host.equalsIgnoreCase("localhost")) {
            return CompletableFuture.completedFuture(
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        }
        if (Resolver.isIpLiteral(host)) {
            try {
                // An IP literal is parsed, not looked up.
                InetAddress address =
                        InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
                if (address.isLoopbackAddress()) {
                    return CompletableFuture.completedFuture(List.of(new InetSocketAddress(address, port)));
                }
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.failedFuture(new UnknownHostException(host + ":" + port + " is not a fake service "
                + "of this test, and tests do not reach the real network; declare one with @FakeService(host = \""
                + host + "\")" + (fakes.isEmpty() ? "" : " (the fakes are " + new TreeSet<>(fakes.keySet()) + ")")));
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString() {
        return "FakeNetwork" + new TreeSet<>(fakes.keySet());
    }
}
