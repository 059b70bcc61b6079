package dev.squall.internal.net;

import dev.squall.loop.IOLoop;
import dev.squall.net.Resolver;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Internal: not API, may change. The name lookup that begins a connection, shared by {@code TcpClient} and the
 * HTTP client's proxy tunnel: what a resolver's failure or empty answer becomes.
 */
public final class Resolving {
    private Resolving() {}

    /**
     * Looks {@code host} up with {@code resolver} and completes the result on {@code loop}. A failure that is not
     * an {@link UnknownHostException} becomes one, and so does an empty answer, naming the host as {@code what}
     * (e.g. {@code "host"}, {@code "proxy host"}). Any thread.
     *
     * @param loop the loop the result completes on
     * @param resolver the resolver
     * @param host the name to look up
     * @param port the port the addresses carry
     * @param what how the messages name the host
     * @return at least one address, or an {@link UnknownHostException}
     */
    public static CompletableFuture<List<InetSocketAddress>> resolve(
            IOLoop loop, Resolver resolver, String host, int port, String what) {
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        loop.adopt(resolver.resolve(host, port)).whenComplete((addresses, error) -> {
            if (error != null) {
                result.completeExceptionally(
                        error instanceof UnknownHostException
                                ? error
                                : new UnknownHostException("could not resolve " + what + " '" + host + "': " + error));
            } else if (addresses == null || addresses.isEmpty()) {
                result.completeExceptionally(
                        new UnknownHostException("resolving " + what + " '" + host + "' gave no address"));
            } else {
                result.complete(addresses);
            }
        });
        return result;
    }
}
