package dev.squall.async;

import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;

/** A loop on virtual time per test, and helpers to run code on it and wait for futures (never for time). */
abstract class LoopTestSupport {
    static final Duration WAIT = Duration.ofSeconds(5);
    final ManualClock clock = new ManualClock();
    final IOLoop loop =
            IOLoop.builder().name("test-loop").clock(clock).daemon(true).build();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Runs {@code s} on the loop, after everything queued and every timer due before it, and returns its value. */
    <T> T on(Supplier<T> s) {
        return loop.runSync(() -> CompletableFuture.completedFuture(s.get()), WAIT);
    }

    void onLoop(Runnable r) {
        on(() -> {
            r.run();
            return null;
        });
    }

    /** Moves virtual time and waits until the timers that became due have run. */
    void advance(Duration d) {
        clock.advance(d);
        onLoop(() -> {});
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
        throw new AssertionError("expected the future to fail, it completed normally");
    }
}
