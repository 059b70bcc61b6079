package dev.squall.net;

import static dev.squall.net.NetFixture.WAIT;
import static dev.squall.net.NetFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.Clock;
import dev.squall.loop.LoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpServerTest {
    private LoopGroup group;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<TcpServer> servers = new ArrayList<>();

    @BeforeEach
    void start() {
        group = LoopGroup.create(2, "server-test", Clock.SYSTEM, null);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        servers.forEach(TcpServer::stop);
        group.close();
    }

    /**
     * The default backlog is the kernel's limit, not Tornado's 128: at 4,096 clients connecting at once a
     * 128-deep queue dropped SYNs, and those clients waited seconds for a retransmit (latency.sh).
     */
    @Test
    void defaultBacklogIsTheKernelsLimit() throws IOException {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        if (Files.isReadable(somaxconn)) {
            assertEquals(
                    Integer.parseInt(Files.readAllLines(somaxconn).get(0).strip()),
                    TcpServer.DEFAULT_BACKLOG,
                    "the default backlog should be the kernel's somaxconn");
        } else {
            assertEquals(4096, TcpServer.DEFAULT_BACKLOG, "without /proc the default backlog is 4096");
        }
    }

    /** Echoes lines back, on whatever loop the connection landed, and records that loop's name. */
    private TcpServer lineEcho(TcpServer.AcceptStrategy strategy, Set<String> loopsSeen) throws IOException {
        TcpServer server = TcpServer.builder()
                .loops(group)
                .acceptStrategy(strategy)
                .handler((stream, remote) -> {
                    loopsSeen.add(Thread.currentThread().getName());
                    echoLines(stream);
                })
                .build()
                .listen(0, "127.0.0.1");
        servers.add(server);
        return server;
    }

    private static void echoLines(IOStream stream) {
        stream.readUntil(ByteString.encodeUtf8("\n"), 1024)
                .thenCompose(stream::write)
                .whenComplete((v, e) -> {
                    if (e == null) {
                        echoLines(stream);
                    }
                });
    }

    private Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
        s.setSoTimeout((int) WAIT.toMillis());
        sockets.add(s);
        return s;
    }

    private static String exchange(Socket s, String line) throws IOException {
        s.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
        return new String(s.getInputStream().readNBytes(line.length()), StandardCharsets.UTF_8);
    }

    @Test
    void echoesOverLoopback() throws Exception {
        TcpServer server = lineEcho(TcpServer.AcceptStrategy.ACCEPTOR, ConcurrentHashMap.newKeySet());
        Socket s = connect(server.port());
        assertEquals("hello\n", exchange(s, "hello\n"));
        assertEquals("again\n", exchange(s, "again\n"));
    }

    @Test
    void portZeroBindsAFreePort() throws Exception {
        TcpServer server = lineEcho(TcpServer.AcceptStrategy.ACCEPTOR, ConcurrentHashMap.newKeySet());
        assertTrue(server.port() > 0);
        assertEquals(server.port(), server.localAddress().getPort());
    }

    @Test
    void acceptorModeSpreadsConnectionsOverEveryLoop() throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        TcpServer server = lineEcho(TcpServer.AcceptStrategy.ACCEPTOR, loops);
        for (int i = 0; i < 4; i++) {
            assertEquals("ping\n", exchange(connect(server.port()), "ping\n"));
        }
        assertEquals(Set.of("server-test-1", "server-test-2"), loops);
    }

    @Test
    void reusePortModeServesConnectionsOnEveryLoop() throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        TcpServer server = lineEcho(TcpServer.AcceptStrategy.REUSE_PORT, loops);
        // The kernel hashes connections over the two listening sockets: within 64 connections both loops
        // are chosen unless the hash is broken (a chance of 2^-63).
        for (int i = 0; i < 64 && loops.size() < 2; i++) {
            try (Socket s = connect(server.port())) {
                assertEquals("ping\n", exchange(s, "ping\n"));
            }
        }
        assertEquals(Set.of("server-test-1", "server-test-2"), loops);
    }

    @Test
    void connectionCountFollowsOpenConnections() throws Exception {
        java.util.concurrent.BlockingQueue<IOStream> accepted = new java.util.concurrent.LinkedBlockingQueue<>();
        TcpServer server = TcpServer.builder()
                .loops(group)
                .handler((stream, remote) -> {
                    accepted.add(stream);
                    echoLines(stream);
                })
                .build()
                .listen(0, "127.0.0.1");
        servers.add(server);
        Socket a = connect(server.port());
        exchange(a, "x\n");
        IOStream first = accepted.take();
        Socket b = connect(server.port());
        exchange(b, "y\n");
        assertEquals(2, server.connectionCount());
        a.close();
        await(first.closeFuture()); // its pending readUntil sees the end of the stream
        assertEquals(1, server.connectionCount());
    }

    @Test
    void stopClosesTheListeningSocket() throws Exception {
        TcpServer server = lineEcho(TcpServer.AcceptStrategy.ACCEPTOR, ConcurrentHashMap.newKeySet());
        int port = server.port();
        Socket before = connect(port);
        assertEquals("first\n", exchange(before, "first\n")); // accepted, not just queued in the backlog
        server.stop();
        assertThrows(ConnectException.class, () -> connect(port));
        assertEquals("still\n", exchange(before, "still\n"), "accepted connections stay open");
    }

    @Test
    void aHandlerThatThrowsClosesOnlyItsConnection() throws Exception {
        TcpServer server = TcpServer.builder()
                .loops(group)
                .handler((stream, remote) -> {
                    throw new IllegalStateException("handler bug");
                })
                .build()
                .listen(0, "127.0.0.1");
        servers.add(server);
        for (int i = 0; i < 3; i++) {
            Socket s = connect(server.port());
            assertEquals(-1, s.getInputStream().read(), "the connection is closed");
        }
    }

    @Test
    void listeningOnABusyPortFailsWithAClearMessage() throws Exception {
        TcpServer first = lineEcho(TcpServer.AcceptStrategy.ACCEPTOR, ConcurrentHashMap.newKeySet());
        TcpServer second =
                TcpServer.builder().loops(group).handler((s, r) -> {}).build();
        IOException e = assertThrows(IOException.class, () -> second.listen(first.port(), "127.0.0.1"));
        assertTrue(e.getMessage().contains("cannot listen on"), e.getMessage());
    }

    @Test
    void anAcceptFailureIsLoggedOncePerEpisodeWithACount() throws Exception {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.squall.net");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters())
                            + (r.getThrown() != null ? " [with stack trace]" : ""));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try {
            java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(3);
            TcpServer server = TcpServer.builder()
                    .loops(group)
                    .acceptFunction(ch -> {
                        if (failuresLeft.getAndDecrement() > 0) {
                            throw new IOException("Too many open files");
                        }
                        return ch.accept();
                    })
                    .handler((stream, remote) -> echoLines(stream))
                    .build()
                    .listen(0, "127.0.0.1");
            servers.add(server);
            assertEquals("ping\n", exchange(connect(server.port()), "ping\n"));
            assertEquals(2, warnings.size(), () -> "expected one warning per episode and one at its end: " + warnings);
            assertTrue(warnings.get(0).contains("Too many open files"), warnings.get(0));
            assertTrue(warnings.get(1).contains("works again after 3 failure(s)"), warnings.get(1));
            assertTrue(warnings.stream().noneMatch(w -> w.contains("[with stack trace]")), warnings::toString);
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void atMaxConnectionsANewClientWaitsUntilOneCloses() throws Exception {
        TcpServer server = TcpServer.builder()
                .loops(group)
                .maxConnections(1)
                .handler((stream, remote) -> echoLines(stream))
                .build()
                .listen(0, "127.0.0.1");
        servers.add(server);
        Socket first = connect(server.port());
        assertEquals("a\n", exchange(first, "a\n"));
        Socket second = connect(server.port()); // queued in the backlog
        second.getOutputStream().write("b\n".getBytes(StandardCharsets.UTF_8));
        first.close();
        assertEquals("b\n", new String(second.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
        assertEquals(1, server.maxConnections());
    }
}
