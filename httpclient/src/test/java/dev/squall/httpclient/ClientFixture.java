package dev.squall.httpclient;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.loop.Clock;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the client tests share: a client loop per test (optionally on virtual time), Squall servers on
 * loopback on a daemon loop shared by all tests, raw socket servers, and waiting on futures with a bound.
 */
@SuppressWarnings("try") // close() may throw InterruptedException from the resources it closes; tests do not care
final class ClientFixture implements AutoCloseable {
    private static LoopGroup serverLoops;

    final IOLoop loop;
    private final List<AutoCloseable> resources = new ArrayList<>();

    ClientFixture() {
        this(Clock.SYSTEM);
    }

    ClientFixture(Clock clock) {
        this.loop =
                IOLoop.builder().name("client-test").daemon(true).clock(clock).build();
    }

    static synchronized LoopGroup serverLoops() {
        if (serverLoops == null) {
            serverLoops = LoopGroup.of(
                    IOLoop.builder().name("client-test-server").daemon(true).build());
        }
        return serverLoops;
    }

    /** Starts a Squall server on 127.0.0.1 and a free port; closed with the fixture. */
    HttpServer server(HttpHandler handler) {
        return server(handler, b -> b);
    }

    HttpServer server(HttpHandler handler, UnaryOperator<HttpServer.Builder> config) {
        HttpServer s = config.apply(HttpServer.builder().handler(handler).loops(serverLoops()))
                .build()
                .listen(0, "127.0.0.1");
        resources.add(s);
        return s;
    }

    /** Starts a raw socket server running {@code script} for each connection; closed with the fixture. */
    RawServer raw(RawServer.Script script) {
        RawServer s = new RawServer(script);
        resources.add(s);
        return s;
    }

    /** Closes {@code resource} with the fixture. */
    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    /** An independent client on this fixture's loop, configured by {@code config}; closed with the fixture. */
    AsyncHttpClient client(Consumer<AsyncHttpClient.Builder> config) {
        AsyncHttpClient.Builder b = AsyncHttpClient.builder().loop(loop);
        config.accept(b);
        AsyncHttpClient c = b.build();
        resources.add(c);
        return c;
    }

    AsyncHttpClient client() {
        return client(b -> {});
    }

    /** Waits (at most 10 s) for {@code f} and returns its value, rethrowing its failure's cause. */
    static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Waits for {@code f} to fail with {@code type} and returns that failure. */
    static <E extends Throwable> E failure(Class<E> type, CompletableFuture<?> f) {
        return assertThrows(type, () -> await(f));
    }

    /** Runs {@code task} on the loop and waits for it. */
    <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return await(f);
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        loop.close();
    }
}
