package dev.squall.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.squall.loop.IOLoop;
import dev.squall.net.Resolver;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolvingTest {
    private final IOLoop loop = IOLoop.builder().name("resolving").daemon(true).build();

    @AfterEach
    void close() {
        loop.close();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void theAddressesCompleteTheFutureOnTheLoop() {
        List<InetSocketAddress> addresses = List.of(new InetSocketAddress("127.0.0.1", 5432));
        Resolver resolver = (host, port) -> CompletableFuture.completedFuture(addresses);
        Thread[] completedOn = new Thread[1];
        List<InetSocketAddress> got = loop.runSync(
                () -> Resolving.resolve(loop, resolver, "db.test", 5432, "host").whenComplete((a, e) -> {
                    completedOn[0] = Thread.currentThread();
                }),
                TIMEOUT);
        assertEquals(addresses, got);
        assertEquals("resolving", completedOn[0].getName());
    }

    @Test
    void anUnknownHostExceptionIsPassedOnAsItIs() {
        UnknownHostException unknown = new UnknownHostException("db.test");
        assertSame(unknown, unknownHost((host, port) -> CompletableFuture.failedFuture(unknown)));
    }

    @Test
    void anotherFailureBecomesAnUnknownHostExceptionNamingTheHost() {
        Throwable e = unknownHost((host, port) -> CompletableFuture.failedFuture(new IllegalStateException("no DNS")));
        assertEquals("could not resolve proxy host 'db.test': java.lang.IllegalStateException: no DNS", e.getMessage());
    }

    @Test
    void anEmptyAnswerBecomesAnUnknownHostException() {
        Throwable e = unknownHost((host, port) -> CompletableFuture.completedFuture(List.of()));
        assertEquals("resolving proxy host 'db.test' gave no address", e.getMessage());
    }

    private Throwable unknownHost(Resolver resolver) {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        loop.execute(() -> Resolving.resolve(loop, resolver, "db.test", 5432, "proxy host")
                .whenComplete((a, e) -> failure.complete(e)));
        Throwable e = failure.join();
        return assertInstanceOf(UnknownHostException.class, e);
    }
}
