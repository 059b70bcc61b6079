package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.awaitFailure;
import static dev.squall.net.NetFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.loop.ManualClock;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private LoopGroup serverLoops;
    private IOLoop clientLoop;
    private TcpServer echo;

    @BeforeEach
    void start() throws Exception {
        serverLoops = LoopGroup.create(1);
        clientLoop = IOLoop.builder().name("client").build();
        echo = TcpServer.builder()
                .loops(serverLoops)
                .handler((stream, remote) -> echoLines(stream))
                .build()
                .listen(0, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        echo.stop();
        serverLoops.close();
        clientLoop.close();
    }

    static void echoLines(IOStream stream) {
        stream.readUntil(utf8("\n"), 1 << 20).thenCompose(stream::write).whenComplete((v, e) -> {
            if (e == null) {
                echoLines(stream);
            }
        });
    }

    /** Calls {@code op} on {@code loop} and returns its future without waiting for it. */
    static <T> CompletableFuture<T> on(IOLoop loop, Supplier<CompletableFuture<T>> op) {
        CompletableFuture<CompletableFuture<T>> holder = new CompletableFuture<>();
        loop.execute(() -> holder.complete(op.get()));
        return await(holder);
    }

    @Test
    void connectsToATcpServerAndTalks() {
        IOStream stream = await(TcpClient.create().connect(clientLoop, "127.0.0.1", echo.port(), TIMEOUT));
        ByteString answer = await(on(
                clientLoop, () -> stream.write(utf8("ping\n")).thenCompose(v -> stream.readUntil(utf8("\n"), 100))));
        assertEquals("ping\n", answer.utf8());
        assertEquals(echo.port(), stream.remoteAddress().getPort());
        assertEquals(clientLoop, stream.loop());
        stream.close();
    }

    @Test
    void connectResolvesHostNamesOffTheLoop() {
        IOStream stream = await(TcpClient.create().connect(clientLoop, "localhost", echo.port(), TIMEOUT));
        assertTrue(stream.remoteAddress().getAddress().isLoopbackAddress());
        stream.close();
    }

    @Test
    void theConnectFutureCompletesOnTheGivenLoop() {
        // Chained on the loop: a continuation attached from the test thread to an already-completed future
        // would run on the test thread and prove nothing.
        boolean onLoop = clientLoop.runSync(
                () -> TcpClient.create()
                        .connect(clientLoop, "127.0.0.1", echo.port(), TIMEOUT)
                        .thenApply(s -> {
                            s.close();
                            return clientLoop.inEventLoop();
                        }),
                TIMEOUT);
        assertTrue(onLoop);
    }

    @Test
    void aRefusedConnectionFailsWithConnectExceptionNamingTheTarget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Throwable e = awaitFailure(TcpClient.create().connect(clientLoop, "127.0.0.1", closedPort, TIMEOUT));
        assertInstanceOf(ConnectException.class, e);
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void anOverrideResolverSendsAFakeUpstreamToLoopback() {
        Resolver resolver = OverrideResolver.builder()
                .host("api.example.test", "127.0.0.1")
                .hostAndPort("auth.example.test", 443, "127.0.0.1", echo.port())
                .build();
        TcpClient client = TcpClient.builder().resolver(resolver).build();
        IOStream a = await(client.connect(clientLoop, "API.example.test", echo.port(), TIMEOUT));
        IOStream b = await(client.connect(clientLoop, "auth.example.test", 443, TIMEOUT));
        assertEquals(echo.port(), a.remoteAddress().getPort());
        assertEquals(echo.port(), b.remoteAddress().getPort());
        a.close();
        b.close();
    }

    @Test
    void aHostThatDoesNotResolveFailsWithUnknownHost() {
        Resolver failing = (host, port) -> CompletableFuture.failedFuture(new UnknownHostException(host));
        Throwable e = awaitFailure(
                TcpClient.builder().resolver(failing).build().connect(clientLoop, "nowhere.test", 80, TIMEOUT));
        assertInstanceOf(UnknownHostException.class, e);
    }

    @Test
    void theConnectTimeoutNamesHostPortAndLimit() throws Exception {
        ManualClock clock = new ManualClock();
        IOLoop virtual = IOLoop.builder().name("virtual").clock(clock).build();
        try {
            Resolver silent = (host, port) -> new CompletableFuture<List<InetSocketAddress>>();
            TcpClient client = TcpClient.builder().resolver(silent).build();
            CompletableFuture<IOStream> f =
                    on(virtual, () -> client.connect(virtual, "slow.example.test", 8080, Duration.ofSeconds(5)));
            clock.advance(Duration.ofSeconds(4));
            assertFalse(f.isDone());
            clock.advance(Duration.ofSeconds(1));
            ConnectTimeoutException e = assertInstanceOf(ConnectTimeoutException.class, awaitFailure(f));
            assertTrue(e.getMessage().contains("slow.example.test:8080"), e.getMessage());
            assertTrue(e.getMessage().contains("5 s"), e.getMessage());
            assertEquals("slow.example.test", e.host());
            assertEquals(8080, e.port());
            assertEquals(Duration.ofSeconds(5), e.timeout());
        } finally {
            virtual.close();
        }
    }

    @Test
    void ipLiteralsNeedNoLookUp() {
        assertTrue(Resolver.isIpLiteral("127.0.0.1"));
        assertTrue(Resolver.isIpLiteral("::1"));
        assertFalse(Resolver.isIpLiteral("localhost"));
        assertFalse(Resolver.isIpLiteral("1.2.3"));
        assertFalse(Resolver.isIpLiteral("1.2.3.4.example"));
        CompletionStage<List<InetSocketAddress>> r = Resolver.system().resolve("127.0.0.1", 80);
        assertTrue(r.toCompletableFuture().isDone(), "answered at once, with no thread");
    }

    @Test
    void aRefusedAddressIsFollowedByTheNextAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        InetSocketAddress refused = new InetSocketAddress("127.0.0.1", closedPort);
        InetSocketAddress good = new InetSocketAddress("127.0.0.1", echo.port());
        Resolver two = (host, port) -> CompletableFuture.completedFuture(List.of(refused, good));
        IOStream stream = await(TcpClient.builder().resolver(two).build().connect(clientLoop, "two.test", 1, TIMEOUT));
        assertEquals(echo.port(), stream.remoteAddress().getPort());
        stream.close();
    }

    @Test
    void connectionsComeFromTheLocalAddressGiven() throws Exception {
        int sourcePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            sourcePort = s.getLocalPort();
        }
        TcpClient client = TcpClient.builder()
                .localAddress(new InetSocketAddress("127.0.0.1", sourcePort))
                .build();
        IOStream stream = await(client.connect(clientLoop, "127.0.0.1", echo.port(), TIMEOUT));
        assertEquals(sourcePort, stream.localAddress().getPort());
        stream.close();
    }
}
