package dev.squall.net;

import java.net.InetSocketAddress;
import java.util.List;
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
     *     an {@link java.net.UnknownHostException}
     */
    CompletionStage<List<InetSocketAddress>> resolve(String host, int port);

    /**
     * Returns the JDK's resolver ({@link java.net.InetAddress#getAllByName}) run on a virtual thread per look-up, so
     * the blocking call never holds a loop. IP literals are answered at once, with no thread.
     *
     * @return the system resolver
     */
    static Resolver system() {
        return SystemResolver.INSTANCE;
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
