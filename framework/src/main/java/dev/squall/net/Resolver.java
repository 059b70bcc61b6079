package dev.squall.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns a host name into socket addresses without blocking the loop, as Tornado's {@code Resolver}.
 * {@link TcpClient} uses one; {@link OverrideResolver} redirects chosen hosts (fake upstreams in tests).
 *
 * <p>Implementations may complete the stage on any thread: the caller adopts it onto its loop.
 */
@FunctionalInterface
public interface Resolver {
    /**
     * Resolves {@code host}.
     *
     * @param host a host name or an IP literal
     * @param port the port to put in each address
     * @return a stage completed (on any thread) with at least one address, in preference order, or failed with
     *     an {@link UnknownHostException}
     */
    CompletionStage<List<InetSocketAddress>> resolve(String host, int port);

    /**
     * Returns the JDK's resolver ({@link InetAddress#getAllByName}) run on a virtual thread per look-up, so
     * the blocking call never holds a loop. IP literals are answered at once, with no thread.
     *
     * @return the system resolver
     */
    static Resolver system() {
        return SystemResolver.INSTANCE;
    }

    /** The system resolver. */
    final class SystemResolver implements Resolver {
        static final SystemResolver INSTANCE = new SystemResolver();

        private SystemResolver() {
        }

        @Override public CompletionStage<List<InetSocketAddress>> resolve(String host, int port) {
            if (isIpLiteral(host)) {
                try {
                    return CompletableFuture.completedFuture(addresses(InetAddress.getAllByName(host), port));
                } catch (UnknownHostException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
            Thread.ofVirtual().name("squall-resolve-" + host).start(() -> {
                try {
                    result.complete(addresses(InetAddress.getAllByName(host), port));
                } catch (UnknownHostException e) {
                    result.completeExceptionally(new UnknownHostException("could not resolve host '" + host
                            + "': " + e.getMessage()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        private static List<InetSocketAddress> addresses(InetAddress[] all, int port) {
            List<InetSocketAddress> out = new ArrayList<>(all.length);
            for (InetAddress a : all) {
                out.add(new InetSocketAddress(a, port));
            }
            return out;
        }

        @Override public String toString() {
            return "Resolver.system()";
        }
    }

    /**
     * Returns whether {@code host} is an IPv4 dotted quad or an IPv6 literal (with or without brackets),
     * which need no look-up.
     *
     * @param host the host
     * @return true for an IP literal
     */
    static boolean isIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return true; // IPv6; a host name cannot contain a colon
        }
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (digits == 0) {
                    return false;
                }
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }
}
