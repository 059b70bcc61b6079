package dev.squall.net;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopClosedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One listening socket of a {@link TcpServer} and the loop that accepts on it: accepts in batches of
 * {@link TcpServer#MAX_ACCEPTS_PER_EVENT}, pauses at {@link TcpServer#maxConnections()} and backs off when
 * {@code accept} fails (EMFILE). Touched on its loop only, except {@link #start}, {@link #stop} and
 * {@link #resumeAfterLimit} (any thread).
 */
final class Acceptor {
    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    final ServerSocketChannel channel;
    final IOLoop loop;
    final InetSocketAddress address;

    @Nullable
    SelectionKey key;

    boolean stopped;
    /** Accepting paused because the server holds {@link TcpServer#maxConnections()}; a close resumes it. */
    volatile boolean pausedAtLimit;
    /** Accept failures in the current episode (0: accepting works), and when the episode began. */
    int failures;

    long failingSinceNanos;
    boolean backingOff;

    private final TcpServer server;

    private Acceptor(TcpServer server, ServerSocketChannel channel, IOLoop loop, InetSocketAddress address) {
        this.server = server;
        this.channel = channel;
        this.loop = loop;
        this.address = address;
    }

    /**
     * Binds a listening socket (non-blocking) for {@code server}; {@link #start} begins accepting.
     *
     * @throws BindException naming the address, if it is in use
     * @throws UnsupportedOperationException if {@code setReusePort} and the platform lacks {@code SO_REUSEPORT}
     */
    static Acceptor open(TcpServer server, InetSocketAddress at, boolean setReusePort, IOLoop loop, int backlog)
            throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (setReusePort) {
                if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new UnsupportedOperationException("SO_REUSEPORT is not supported on this platform; "
                            + "use TcpServer.AcceptStrategy.ACCEPTOR and reusePort(false)");
                }
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(at, backlog);
            ch.configureBlocking(false);
            return new Acceptor(server, ch, loop, (InetSocketAddress) ch.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            TcpServer.closeQuietly(ch);
            if (e instanceof BindException) {
                throw new BindException(
                        "cannot listen on " + at + ": " + e.getMessage() + " (is another server on that port?)");
            }
            throw e;
        }
    }

    void start() {
        boolean onLoop = loop.runOnLoop(() -> {
            try {
                key = loop.register(channel, SelectionKey.OP_ACCEPT, ops -> acceptAll());
            } catch (ClosedChannelException e) {
                // stopped before it started
            }
        });
        if (!onLoop) {
            TcpServer.closeQuietly(channel);
            throw new LoopClosedException(
                    loop,
                    "cannot accept on " + address + ": loop " + loop.name()
                            + " is closed; listen with a running loop group");
        }
    }

    void stop(CountDownLatch done) {
        boolean onLoop = loop.runOnLoop(() -> {
            stopped = true;
            TcpServer.closeQuietly(channel);
            // The socket really closes when the selector deregisters it on its next pass; a timer runs
            // after that pass (a task would run in this one).
            loop.callLater(Duration.ZERO, done::countDown);
        });
        if (!onLoop) { // closed loop: close the socket here
            TcpServer.closeQuietly(channel);
            done.countDown();
        }
    }

    void acceptAll() {
        for (int i = 0; i < TcpServer.MAX_ACCEPTS_PER_EVENT && !stopped; i++) {
            if (server.connections.get() >= server.maxConnections) {
                if (i == 0) {
                    pauseAtLimit(); // the socket is ready: a client is waiting for room
                }
                return; // else the socket's next readiness tells whether one waits
            }
            SocketChannel ch;
            try {
                ch = server.acceptFunction.accept(channel);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (ch == null) {
                return;
            }
            acceptWorks();
            server.connections.incrementAndGet(); // counted at once: connections on their way to a loop count too
            IOLoop target = server.strategy == TcpServer.AcceptStrategy.ACCEPTOR ? server.loops.next() : loop;
            if (target == loop) {
                server.startConnection(ch, target);
            } else if (!target.tryExecute(() -> server.startConnection(ch, target))) {
                LOG.log(Level.WARNING, "loop {0} is closed; dropping a connection", target.name());
                TcpServer.closeQuietly(ch);
                server.connectionGone();
            }
        }
    }

    /**
     * At {@link TcpServer#maxConnections()}: stop selecting the socket (new clients wait in the backlog), ask the
     * owner to close idle connections, and resume when a connection closes (as nginx does at
     * {@code worker_connections}).
     */
    private void pauseAtLimit() {
        SelectionKey k = key;
        if (pausedAtLimit || k == null || !k.isValid()) {
            return;
        }
        pausedAtLimit = true;
        k.interestOps(0);
        LOG.log(
                Level.DEBUG,
                "{0} connections open (maxConnections); accepting on {1} pauses until one closes",
                server.connections.get(),
                address);
        server.makeRoom.run();
        if (server.connections.get() < server.maxConnections) {
            resumeAfterLimit(); // room was made at once, or a close raced with the pause
        }
    }

    void resumeAfterLimit() {
        Runnable resume = () -> {
            SelectionKey k = key;
            if (pausedAtLimit && !stopped && !backingOff && k != null && k.isValid()) {
                pausedAtLimit = false;
                k.interestOps(SelectionKey.OP_ACCEPT);
            }
        };
        if (loop.inEventLoop()) {
            resume.run();
        } else {
            loop.tryExecute(resume); // false: the loop is gone, and its listening socket with it
        }
    }

    /**
     * EMFILE and friends: the socket stays readable, so stop selecting it for a moment instead of spinning
     * (as Netty does), and close idle connections to free descriptors (as nginx does). Logged once per
     * episode, with a count when accepting works again.
     */
    private void backOff(IOException e) {
        if (failures++ == 0) {
            failingSinceNanos = loop.nanoTime();
            LOG.log(
                    Level.WARNING,
                    "accept() on {0} failed ({1}) with {2} connections open; pausing accepts for "
                            + "{3} ms at a time and closing idle connections until it works again",
                    address,
                    e.getMessage(),
                    server.connections.get(),
                    TcpServer.ACCEPT_ERROR_BACKOFF.toMillis());
        } else {
            LOG.log(Level.DEBUG, "accept() on {0} failed again ({1})", address, e.getMessage());
        }
        server.makeRoom.run();
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        k.interestOps(0);
        backingOff = true;
        loop.callLater(TcpServer.ACCEPT_ERROR_BACKOFF, () -> {
            backingOff = false;
            if (!stopped && !pausedAtLimit && k.isValid()) {
                k.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void acceptWorks() {
        if (failures > 0) {
            LOG.log(
                    Level.WARNING,
                    "accept() on {0} works again after {1} failure(s) over {2} ms",
                    address,
                    failures,
                    (loop.nanoTime() - failingSinceNanos) / 1_000_000);
            failures = 0;
        }
    }

    /** Accept failures in the current episode; 0 when accepting works. Loop thread. */
    int failures() {
        return failures;
    }
}
