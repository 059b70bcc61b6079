package dev.squall.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ways back onto a loop ({@code tryExecute}, {@code runOnLoop}, {@code complete}, {@code adopt}), on
 * running and closed loops; {@link Futures#unwrap}; and {@link Timeout#cancel()}'s exact answer.
 */
class LoopHandoffTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = IOLoop.builder().clock(clock).daemon(true).build();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static IOLoop closedLoop() throws InterruptedException {
        IOLoop closed = IOLoop.builder().name("gone").daemon(true).build();
        closed.close();
        assertTrue(closed.awaitTermination(WAIT));
        return closed;
    }

    private <T> T onLoop(java.util.function.Supplier<T> body) {
        return loop.runSync(() -> CompletableFuture.completedFuture(body.get()), WAIT);
    }

    @Test
    void runOnLoopRunsAtOnceOnTheLoopButTryExecuteQueues() {
        List<String> seen = new ArrayList<>(); // touched on the loop only; the test thread reads copies
        List<String> first = onLoop(() -> {
            assertTrue(loop.tryExecute(() -> seen.add("queued")));
            assertTrue(loop.runOnLoop(() -> seen.add("at once")));
            seen.add("caller goes on");
            return List.copyOf(seen);
        });
        assertEquals(List.of("at once", "caller goes on"), first);
        assertEquals(List.of("at once", "caller goes on", "queued"), onLoop(() -> List.copyOf(seen)));
    }

    @Test
    void runOnLoopFromAnotherThreadRunsTheTaskOnTheLoop() throws Exception {
        CompletableFuture<String> thread = new CompletableFuture<>();
        assertTrue(loop.runOnLoop(() -> thread.complete(Thread.currentThread().getName())));
        assertEquals(loop.name(), thread.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aClosedLoopReportsRatherThanRunsTasks() throws Exception {
        IOLoop closed = closedLoop();
        AtomicInteger ran = new AtomicInteger();
        assertFalse(closed.tryExecute(ran::incrementAndGet));
        assertFalse(closed.runOnLoop(ran::incrementAndGet));
        LoopClosedException e = assertThrows(LoopClosedException.class, () -> closed.execute(ran::incrementAndGet));
        assertInstanceOf(RejectedExecutionException.class, e);
        assertEquals("gone", e.loopName());
        assertTrue(e.getMessage().contains("loop gone is closed"), e.getMessage());
        assertEquals(0, ran.get());
    }

    @Test
    void stoppingAPeriodicCallbackOfAClosedLoopIsQuiet() throws Exception {
        IOLoop closing = IOLoop.builder().daemon(true).build();
        PeriodicCallback heartbeat = PeriodicCallback.start(closing, Duration.ofSeconds(1), () -> {});
        closing.close();
        assertTrue(closing.awaitTermination(WAIT));
        heartbeat.stop(); // nothing to stop any more: no LoopClosedException for a shutdown path
        assertThrows(LoopClosedException.class, heartbeat::start, "starting it is a mistake worth hearing about");
    }

    @Test
    void completeFromAnotherThreadCompletesOnTheLoop() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<String> continuation =
                f.thenApply(v -> v + "@" + Thread.currentThread().getName());
        Thread other = new Thread(() -> loop.complete(f, "x", null), "other");
        other.start();
        other.join();
        assertEquals("x@" + loop.name(), continuation.get(5, TimeUnit.SECONDS));
    }

    @Test
    void completeOnTheLoopCompletesAtOnceWithTheErrorAsGiven() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable seen = onLoop(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            loop.complete(f, null, boom);
            assertTrue(f.isDone());
            return f.handle((v, e) -> e).join();
        });
        assertSame(boom, seen);
    }

    @Test
    void completeOnAClosedLoopFailsTheFutureWithLoopClosedExceptionKeepingTheError() throws Exception {
        IOLoop closed = closedLoop();
        CompletableFuture<String> value = new CompletableFuture<>();
        closed.complete(value, "lost", null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> value.get(5, TimeUnit.SECONDS));
        assertInstanceOf(LoopClosedException.class, e.getCause());

        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> failure = new CompletableFuture<>();
        closed.complete(failure, null, boom);
        Throwable cause = assertThrows(ExecutionException.class, () -> failure.get(5, TimeUnit.SECONDS))
                .getCause();
        assertInstanceOf(LoopClosedException.class, cause);
        assertArrayEquals(new Throwable[] {boom}, cause.getSuppressed());
    }

    @Test
    void aCompletionStillQueuedWhenTheLoopStopsFailsItsFutureInsteadOfLeavingItPending() throws Exception {
        IOLoop stopping = IOLoop.builder().daemon(true).build();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        stopping.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        // More tasks than one iteration runs, so that the completion is still queued when the loop stops.
        for (int i = 0; i < IOLoop.MAX_TASKS_PER_ITERATION; i++) {
            stopping.execute(() -> {});
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        stopping.complete(f, "late", null);
        stopping.stop();
        release.countDown();
        Throwable cause = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS))
                .getCause();
        assertInstanceOf(LoopClosedException.class, cause);
        assertTrue(stopping.awaitTermination(WAIT));
    }

    @Test
    void adoptOfAStageCompletingAfterTheLoopClosedFailsWithLoopClosedException() throws Exception {
        IOLoop closing = IOLoop.builder().daemon(true).build();
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> adopted = closing.adopt(foreign);
        closing.close();
        foreign.complete("late");
        Throwable cause = assertThrows(ExecutionException.class, () -> adopted.get(5, TimeUnit.SECONDS))
                .getCause();
        assertInstanceOf(LoopClosedException.class, cause);
    }

    @Test
    void adoptUnwrapsTheForeignFailure() throws Exception {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> adopted = loop.adopt(foreign.thenApply(v -> v));
        foreign.completeExceptionally(new ExecutionException(bad));
        Throwable cause = assertThrows(ExecutionException.class, () -> adopted.get(5, TimeUnit.SECONDS))
                .getCause();
        assertSame(bad, cause);
    }

    @Test
    void unwrapRemovesCompletionAndExecutionWrappersAndNothingElse() {
        IllegalStateException root = new IllegalStateException("root");
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(root)));
        assertSame(root, Futures.unwrap(wrapped));
        assertSame(root, Futures.unwrap(root));
        RuntimeException other = new RuntimeException(root);
        assertSame(other, Futures.unwrap(new CompletionException(other)), "only the future wrappers are removed");
        ExecutionException empty = new ExecutionException("no cause", null);
        assertSame(empty, Futures.unwrap(empty));
    }

    @Test
    void cancellingATimerThatAlreadyRanReturnsFalse() {
        AtomicInteger fired = new AtomicInteger();
        Timeout t = onLoop(() -> loop.callLater(Duration.ofSeconds(1), fired::incrementAndGet));
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> null);
        assertEquals(1, fired.get());
        assertFalse(t.cancel(), "the callback ran: nothing was cancelled");
        assertFalse(t.isCancelled());
    }

    @Test
    void cancellingATimerScheduledFromAnotherThreadAfterItRanReturnsFalse() {
        AtomicInteger fired = new AtomicInteger();
        Timeout t = loop.callLater(Duration.ofSeconds(1), fired::incrementAndGet);
        onLoop(() -> null);
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> null);
        assertEquals(1, fired.get());
        assertFalse(t.cancel());
    }

    @Test
    void ofCancelsRacingFromSeveralThreadsExactlyOneWins() throws Exception {
        for (int round = 0; round < 50; round++) {
            Timeout t = onLoop(() -> loop.callLater(Duration.ofSeconds(1), () -> {}));
            int threads = 4;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            List<Thread> racers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread r = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (t.cancel()) {
                        wins.incrementAndGet();
                    }
                });
                r.start();
                racers.add(r);
            }
            start.countDown();
            for (Thread r : racers) {
                r.join();
            }
            assertEquals(1, wins.get());
            assertTrue(t.isCancelled());
        }
    }
}
