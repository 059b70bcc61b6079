package dev.squall.http;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the connections of one loop share: the response encoder (with its Date cache), a scratch buffer,
 * and the set of open connections. Touched only on its loop.
 */
final class LoopContext {
    final IOLoop loop;
    final Http1ResponseEncoder encoder;
    final ByteSink scratch = new ByteSink(4096);
    /** Heap copy of a read batch for the head parser (see {@code Http1ServerConnection.mirror}). */
    ByteBuffer mirrorBuffer = ByteBuffer.allocate(16 * 1024);

    boolean mirrorInUse;
    final Set<Http1ServerConnection> connections = new HashSet<>();
    /** The head parsers' scratch arrays and value caches, shared by the loop's connections. */
    final Http1RequestParser.RequestTables parserTables = new Http1RequestParser.RequestTables();

    private @Nullable InetAddress lastPeer;
    private String lastPeerIp = "";

    LoopContext(IOLoop loop) {
        this.loop = loop;
        this.encoder = new Http1ResponseEncoder(loop.clock(), HttpServer.SERVER_HEADER);
    }

    /**
     * Returns the IP of {@code remote} as text; one string for the loop's connections from the same address in
     * a row (clients behind one proxy or NAT, a load generator), rather than one per connection.
     */
    String ipOf(InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        if (address == null) {
            return remote.getHostString();
        }
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return address.getHostAddress(); // equal addresses on two interfaces print differently
        }
        if (!address.equals(lastPeer)) {
            lastPeer = address;
            lastPeerIp = address.getHostAddress();
        }
        return lastPeerIp;
    }

    /** Set while a graceful shutdown waits for this loop's connections to close. */
    private @Nullable Runnable onAllClosed;

    private @Nullable Timeout graceTimer;

    void connectionGone(Http1ServerConnection c) {
        connections.remove(c);
        if (onAllClosed != null && connections.isEmpty()) {
            Runnable r = onAllClosed;
            onAllClosed = null;
            Timeout t = graceTimer;
            if (t != null) {
                t.cancel();
            }
            r.run();
        }
    }

    /** Waits (on the loop's clock) for the connections to close, closes what remains after the grace. */
    void awaitConnections(long graceNanos, Runnable allClosed) {
        if (connections.isEmpty()) {
            allClosed.run();
            return;
        }
        onAllClosed = allClosed;
        graceTimer = loop.callLater(Duration.ofNanos(graceNanos), () -> {
            graceTimer = null;
            if (onAllClosed != null && !connections.isEmpty()) {
                HttpServer.LOG.log(
                        Level.INFO,
                        "shutdown: the grace period ended; closing {0} connection(s) on {1}",
                        connections.size(),
                        loop.name());
                closeConnections();
            }
        });
    }

    void closeLongestIdle() {
        Http1ServerConnection oldest = null;
        for (Http1ServerConnection c : connections) {
            if (c.isIdle() && (oldest == null || c.idleSinceNanos() < oldest.idleSinceNanos())) {
                oldest = c;
            }
        }
        if (oldest != null) {
            HttpServer.LOG.log(Level.DEBUG, "closing the longest-idle connection, {0}, to make room", oldest);
            oldest.closeNow();
        }
    }

    void stopConnections() {
        for (Http1ServerConnection c : new ArrayList<>(connections)) {
            c.onServerStop();
        }
    }

    void closeConnections() {
        for (Http1ServerConnection c : new ArrayList<>(connections)) {
            c.closeNow();
        }
    }
}
