package dev.squall.web;

import dev.squall.http.HttpServer;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.loop.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the web tests: a loop on virtual time, and {@link #client(Application)}, which runs requests in memory.
 * A subclass that overrides {@code client} to use real sockets runs the same test bodies over the network.
 */
abstract class WebTestSupport {
    static ManualClock clock;
    static IOLoop loop;

    @BeforeAll
    static void startLoop() {
        clock = new ManualClock();
        loop = IOLoop.builder().name("web-test").clock(clock).daemon(true).build();
    }

    @AfterAll
    static void stopLoop() {
        loop.close();
    }

    private final List<HttpServer> servers = new ArrayList<>();

    /** Returns a client for {@code app}; in memory here, over sockets in a socket subclass. */
    WebClient client(Application app) {
        return new InMemoryClient(app, loop);
    }

    /**
     * Starts {@code app} on a free port of 127.0.0.1, served by the test loop (so virtual time applies), and
     * returns a socket client for it. The server is closed after the test.
     */
    WebClient socket(Application app) {
        HttpServer server = app.listen(0, "127.0.0.1", b -> b.loops(LoopGroup.of(loop)));
        servers.add(server);
        return new SocketClient(server.port(), loop);
    }

    @AfterEach
    void closeServers() {
        servers.forEach(HttpServer::close);
        servers.clear();
    }

    /** An application with a single route {@code /} served by {@code factory}. */
    WebClient serve(Supplier<? extends BaseRequestHandler> factory) {
        return client(
                Application.builder().route("/", factory).logFunction(h -> {}).build());
    }

    /**
     * Returns {@code client} as the in-memory transport, for a test that drives the handler step by step
     * (holds flushes, closes the connection by hand); such a test is skipped over sockets, where its socket
     * counterpart runs instead.
     */
    static InMemoryClient inMemory(WebClient client) {
        Assumptions.assumeTrue(client instanceof InMemoryClient, "this test drives the in-memory transport");
        return (InMemoryClient) client;
    }

    /** Runs {@code task} on the loop and waits for it. */
    static void onLoop(Runnable task) {
        loop.runSync(
                () -> {
                    task.run();
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                },
                Duration.ofSeconds(5));
    }
}
