package dev.squall.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IOLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final IOLoop loop = IOLoop.builder()
            .clock(clock)
            .daemon(true)
            .exceptionHandler((l, t) -> uncaught.add(t))
            .build();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Runs {@code r} on the loop and waits until it (and everything queued before it) has run. */
    private void onLoop(Runnable r) {
        loop.runSync(
                () -> {
                    r.run();
                    return CompletableFuture.completedFuture(null);
                },
                WAIT);
    }

    @Test
    void tasksFromOneThreadRunInSubmissionOrder() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> seen.add(n));
        }
        onLoop(() -> {});
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, seen);
    }

    @Test
    void tasksSubmittedOnTheLoopRunAfterTheCurrentTaskInOrder() {
        List<String> seen = new ArrayList<>();
        onLoop(() -> {
            loop.execute(() -> seen.add("b"));
            loop.execute(() -> seen.add("c"));
            seen.add("a");
        });
        onLoop(() -> {});
        assertEquals(List.of("a", "b", "c"), seen);
    }

    @Test
    void executeFromManyThreadsRunsEveryTaskOnTheLoopThread() throws Exception {
        int threads = 4;
        int perThread = 1000;
        AtomicInteger onLoop = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread p = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    loop.execute(() -> {
                        if (loop.inEventLoop() && IOLoop.current() == loop) {
                            onLoop.incrementAndGet();
                        }
                        done.countDown();
                    });
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join();
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(threads * perThread, onLoop.get());
    }

    @Test
    void anExceptionInACallbackIsReportedAndTheLoopGoesOn() {
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        AtomicInteger after = new AtomicInteger();
        onLoop(after::incrementAndGet);
        assertEquals(1, after.get());
        assertEquals(1, uncaught.size());
        assertEquals("boom", uncaught.get(0).getMessage());
    }

    @Test
    void theDefaultExceptionHandlerLogsAndKeepsRunning() {
        try (IOLoop plain = IOLoop.builder().daemon(true).build()) {
            plain.execute(() -> {
                throw new IllegalStateException("logged, not fatal");
            });
            assertEquals("still alive", plain.runSync(() -> CompletableFuture.completedFuture("still alive"), WAIT));
        }
    }

    @Test
    void timersFireInDeadlineOrderWhenTimeAdvances() {
        List<String> fired = new ArrayList<>();
        onLoop(() -> {
            loop.callLater(Duration.ofSeconds(3), () -> fired.add("3s"));
            loop.callLater(Duration.ofSeconds(1), () -> fired.add("1s"));
            loop.callLater(Duration.ofSeconds(2), () -> fired.add("2s"));
        });
        clock.advance(Duration.ofMillis(1500));
        onLoop(() -> {});
        assertEquals(List.of("1s"), fired);
        clock.advance(Duration.ofSeconds(2));
        onLoop(() -> {});
        assertEquals(List.of("1s", "2s", "3s"), fired);
    }

    @Test
    void timersWithTheSameDeadlineFireInSchedulingOrder() {
        List<Integer> fired = new ArrayList<>();
        onLoop(() -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                loop.callLater(Duration.ofSeconds(1), () -> fired.add(n));
            }
        });
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> {});
        assertEquals(List.of(0, 1, 2, 3, 4), fired);
    }

    @Test
    void aCancelledTimerNeverRuns() {
        AtomicInteger fired = new AtomicInteger();
        Timeout[] t = new Timeout[1];
        onLoop(() -> t[0] = loop.callLater(Duration.ofSeconds(1), fired::incrementAndGet));
        assertTrue(t[0].cancel());
        assertFalse(t[0].cancel());
        clock.advance(Duration.ofSeconds(2));
        onLoop(() -> {});
        assertEquals(0, fired.get());
    }

    @Test
    void callLaterFromAnotherThreadHopsOntoTheLoopAndCanBeCancelled() {
        AtomicInteger fired = new AtomicInteger();
        List<Boolean> ranOnLoop = new CopyOnWriteArrayList<>();
        loop.callLater(Duration.ofSeconds(1), () -> {
            ranOnLoop.add(loop.inEventLoop());
            fired.incrementAndGet();
        });
        Timeout cancelled = loop.callLater(Duration.ofSeconds(1), fired::incrementAndGet);
        cancelled.cancel();
        onLoop(() -> {});
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> {});
        assertEquals(1, fired.get());
        assertEquals(List.of(true), ranOnLoop);
    }

    @Test
    void manyCancelledTimersAreCompactedAndLiveOnesStillFire() {
        AtomicInteger fired = new AtomicInteger();
        onLoop(() -> {
            for (int i = 0; i < 2000; i++) {
                loop.callLater(Duration.ofSeconds(10), fired::incrementAndGet).cancel();
            }
            loop.callLater(Duration.ofSeconds(10), fired::incrementAndGet);
        });
        clock.advance(Duration.ofSeconds(10));
        onLoop(() -> {});
        assertEquals(1, fired.get());
    }

    @Test
    void realTimeTimersFireWithoutAnyoneAdvancingTime() {
        try (IOLoop real = IOLoop.builder().daemon(true).build()) {
            CompletableFuture<String> fired = new CompletableFuture<>();
            real.execute(() -> real.callLater(
                    Duration.ofMillis(5),
                    () -> fired.complete(Thread.currentThread().getName())));
            assertEquals(real.name(), fired.orTimeout(5, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void periodicCallbackRunsOnAFixedGrid() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicCallback pc = new PeriodicCallback(loop, Duration.ofSeconds(1), 0, runs::incrementAndGet);
        onLoop(pc::start);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            onLoop(() -> {});
        }
        assertEquals(3, runs.get());
        onLoop(pc::stop);
        clock.advance(Duration.ofSeconds(5));
        onLoop(() -> {});
        assertEquals(3, runs.get());
        assertFalse(pc.isRunning());
    }

    @Test
    void anOverrunningPeriodicCallbackSkipsTheMissedTicks() {
        List<Long> runTimes = new ArrayList<>();
        long start = clock.nanoTime();
        PeriodicCallback pc = new PeriodicCallback(loop, Duration.ofSeconds(1), 0, () -> {
            runTimes.add((clock.nanoTime() - start) / 1_000_000_000L);
            if (runTimes.size() == 1) {
                clock.advance(Duration.ofMillis(3500)); // this run "takes" 3.5 s: ticks 2, 3 and 4 are missed
            }
        });
        onLoop(pc::start);
        clock.advance(Duration.ofSeconds(1));
        onLoop(() -> {});
        assertEquals(List.of(1L), runTimes);
        clock.advance(Duration.ofMillis(500)); // now 5.0 s: the next grid point
        onLoop(() -> {});
        assertEquals(List.of(1L, 5L), runTimes, "missed ticks are skipped, not fired back to back");
        onLoop(pc::stop);
    }

    @Test
    void periodicCallbackJitterStaysWithinBounds() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicCallback pc = new PeriodicCallback(loop, Duration.ofSeconds(10), 0.5, runs::incrementAndGet);
        onLoop(pc::start);
        // With jitter 0.5 the first run is between 7.5 s and 12.5 s from now.
        clock.advance(Duration.ofMillis(7499));
        onLoop(() -> {});
        assertEquals(0, runs.get());
        clock.advance(Duration.ofMillis(5002));
        onLoop(() -> {});
        assertEquals(1, runs.get());
        onLoop(pc::stop);
    }

    @Test
    void periodicCallbackRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodicCallback(loop, Duration.ZERO, 0, () -> {}));
        assertThrows(
                IllegalArgumentException.class, () -> new PeriodicCallback(loop, Duration.ofSeconds(1), 2, () -> {}));
    }

    @Test
    void runSyncReturnsTheValueAndRethrowsTheFailureUnwrapped() {
        assertEquals(42, loop.runSync(() -> CompletableFuture.completedFuture(42), WAIT));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> loop.runSync(() -> CompletableFuture.failedFuture(new IllegalArgumentException("bad")), WAIT));
        assertEquals("bad", e.getMessage());
    }

    @Test
    void runSyncTimesOutWithAClearMessage() {
        AsyncTimeoutException e = assertThrows(
                AsyncTimeoutException.class, () -> loop.runSync(CompletableFuture::new, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("PT0.05S"), e.getMessage());
    }

    @Test
    void runSyncOnTheLoopThreadIsRefused() {
        IllegalStateException e = loop.runSync(
                () -> {
                    try {
                        loop.runSync(() -> CompletableFuture.completedFuture(1), WAIT);
                        return CompletableFuture.completedFuture(null);
                    } catch (IllegalStateException expected) {
                        return CompletableFuture.completedFuture(expected);
                    }
                },
                WAIT);
        assertTrue(e.getMessage().contains("would block"), e.getMessage());
    }

    @Test
    void currentIsTheLoopOnItsThreadAndAClearErrorElsewhere() {
        assertSame(loop, loop.runSync(() -> CompletableFuture.completedFuture(IOLoop.current()), WAIT));
        assertNull(IOLoop.currentOrNull());
        IllegalStateException e = assertThrows(IllegalStateException.class, IOLoop::current);
        assertTrue(e.getMessage().contains("not an event loop"), e.getMessage());
        assertFalse(loop.inEventLoop());
    }

    @Test
    void adoptCompletesOnTheLoopWhenAForeignStageCompletesElsewhere() throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> threadOfContinuation = new CompletableFuture<>();
        onLoop(() -> loop.adopt(foreign)
                .thenAccept(v ->
                        threadOfContinuation.complete(Thread.currentThread().getName() + ":" + v)));
        Thread other = new Thread(() -> foreign.complete("x"), "foreign");
        other.start();
        other.join();
        assertEquals(loop.name() + ":x", threadOfContinuation.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aClosedLoopRefusesNewTasks() throws Exception {
        IOLoop other = IOLoop.builder().daemon(true).build();
        other.close();
        assertTrue(other.awaitTermination(WAIT));
        assertTrue(other.isClosed());
        assertThrows(RejectedExecutionException.class, () -> other.execute(() -> {}));
    }

    @Test
    void loopGroupHandsOutLoopsRoundRobin() {
        try (LoopGroup group = LoopGroup.create(3)) {
            assertEquals(3, group.size());
            assertSame(group.loops().get(0), group.next());
            assertSame(group.loops().get(1), group.next());
            assertSame(group.loops().get(2), group.next());
            assertSame(group.loops().get(0), group.next());
            assertEquals("squall-loop-2", group.loops().get(1).name());
        }
        assertThrows(IllegalArgumentException.class, () -> LoopGroup.create(0));
    }
}
