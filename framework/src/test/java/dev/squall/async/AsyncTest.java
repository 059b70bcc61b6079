package dev.squall.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.AsyncTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncTest extends LoopTestSupport {
    private static final Logger JUL = Logger.getLogger("dev.squall.async");
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        JUL.addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        JUL.removeHandler(capture);
    }

    private static <T> CompletableFuture<T> completeElsewhere(CompletableFuture<T> f, T value) {
        Thread.ofPlatform().start(() -> f.complete(value));
        return f;
    }

    // ---------------------------------------------------------------------------------------- all

    @Test
    void allReturnsTheValuesInInputOrderOnTheLoop() throws Exception {
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<List<String>> all =
                on(() -> Async.all(List.of(slow, CompletableFuture.completedFuture("b"))));
        CompletableFuture<Thread> completedOn = all.thenApply(v -> Thread.currentThread());
        completeElsewhere(slow, "a");
        // Wait on the dependent only: a thread blocked in get() on `all` itself may run its dependents.
        assertSame(LoopInternals.thread(loop), get(completedOn));
        assertEquals(List.of("a", "b"), all.getNow(null));
    }

    @Test
    void allOfNothingIsAnEmptyList() throws Exception {
        assertEquals(List.of(), get(on(() -> Async.<String>all(List.of()))));
    }

    @Test
    void allFailsWithTheFirstFailureInInputOrderOnceAllHaveCompletedAndLogsTheOthers() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<List<String>> all = on(() -> Async.all(List.of(first, second, pending)));
        IOException e1 = new IOException("first");
        IllegalStateException e2 = new IllegalStateException("second");
        onLoop(() -> {
            second.completeExceptionally(e2);
            first.completeExceptionally(e1);
        });
        assertFalse(all.isDone(), "all() failed before every stage had completed");
        onLoop(() -> pending.complete("late"));
        assertSame(e1, failureOf(all));
        assertEquals(1, logged.size());
        assertSame(e2, logged.get(0).getThrown());
    }

    @Test
    void allDoesNotLogExtraFailuresOfQuietTypes() throws Exception {
        CompletableFuture<List<Object>> all = on(() -> Async.all(
                List.of(
                        CompletableFuture.failedFuture(new IOException("1")),
                        CompletableFuture.failedFuture(new IOException("2"))),
                List.of(IOException.class)));
        assertEquals("1", failureOf(all).getMessage());
        assertEquals(List.of(), logged);
    }

    @Test
    void allOfAMapReturnsTheValuesUnderTheirKeys() throws Exception {
        Map<String, CompletableFuture<Integer>> stages = new LinkedHashMap<>();
        stages.put("one", completeElsewhere(new CompletableFuture<>(), 1));
        stages.put("two", CompletableFuture.completedFuture(2));
        Map<String, Integer> values = get(on(() -> Async.all(stages)));
        assertEquals(Map.of("one", 1, "two", 2), values);
        assertEquals(List.of("one", "two"), List.copyOf(values.keySet()));
    }

    @Test
    void allOffTheLoopSaysWhereToCallIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.all(List.of()));
        assertTrue(e.getMessage().contains("Async.all()"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------- any

    @Test
    void anyReturnsTheFirstValueAndIgnoresEarlierFailures() throws Exception {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> winner = new CompletableFuture<>();
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> any = on(() -> Async.any(List.of(failing, winner, never)));
        onLoop(() -> failing.completeExceptionally(new IOException("x")));
        assertFalse(any.isDone());
        completeElsewhere(winner, "w");
        assertEquals("w", get(any));
        assertFalse(never.isDone(), "any() must not cancel the others");
    }

    @Test
    void anyFailsOnlyWhenAllFailWithTheFirstAndTheOthersSuppressed() throws Exception {
        IOException e1 = new IOException("1");
        IOException e2 = new IOException("2");
        CompletableFuture<Object> any =
                on(() -> Async.any(List.of(CompletableFuture.failedFuture(e1), CompletableFuture.failedFuture(e2))));
        assertSame(e1, failureOf(any));
        assertEquals(List.of(e2), List.of(e1.getSuppressed()));
    }

    @Test
    void anyOfNothingIsRefused() {
        on(() -> assertThrows(IllegalArgumentException.class, () -> Async.any(List.of())));
    }

    // ---------------------------------------------------------------------------------------- withTimeout

    @Test
    void withTimeoutPassesOnAValueThatArrivesInTime() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> timed = on(() -> Async.withTimeout(work, Duration.ofSeconds(1)));
        completeElsewhere(work, "in time");
        assertEquals("in time", get(timed));
    }

    @Test
    void withTimeoutFailsWithAsyncTimeoutExceptionOnTheLoopsClockWithoutCancellingTheWork() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> timed = on(() -> Async.withTimeout(work, Duration.ofSeconds(2)));
        advance(Duration.ofMillis(1999));
        assertFalse(timed.isDone());
        advance(Duration.ofMillis(1));
        Throwable e = failureOf(timed);
        assertInstanceOf(AsyncTimeoutException.class, e);
        assertTrue(e.getMessage().contains("PT2S"), e.getMessage());
        assertFalse(work.isDone(), "withTimeout cancelled the work");
    }

    @Test
    void withTimeoutPassesOnAFailureUnwrapped() throws Exception {
        IOException io = new IOException("io");
        CompletableFuture<Object> timed = on(
                () -> Async.withTimeout(CompletableFuture.failedFuture(io).thenApply(x -> x), Duration.ofSeconds(1)));
        assertSame(io, failureOf(timed));
    }

    @Test
    void aFailureAfterTheTimeoutIsLogged() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> timed = on(() -> Async.withTimeout(work, Duration.ofSeconds(1)));
        advance(Duration.ofSeconds(1));
        failureOf(timed);
        IOException late = new IOException("late");
        onLoop(() -> work.completeExceptionally(late));
        assertEquals(1, logged.size());
        assertSame(late, logged.get(0).getThrown());
    }

    // ---------------------------------------------------------------------------------------- sleep

    @Test
    void sleepCompletesAfterItsDelayOnTheLoopsClock() throws Exception {
        CompletableFuture<Void> nap = on(() -> Async.sleep(Duration.ofHours(1)));
        advance(Duration.ofMinutes(59));
        assertFalse(nap.isDone());
        advance(Duration.ofMinutes(1));
        get(nap);
    }

    @Test
    void aCoroutineSleepsInVirtualTime() throws Exception {
        CompletableFuture<String> woke = Coroutines.async(loop, () -> {
            Coroutines.await(Async.sleep(Duration.ofDays(1)));
            return "a day later";
        });
        on(() -> null); // the coroutine has started and is asleep
        assertFalse(woke.isDone());
        clock.advance(Duration.ofDays(1));
        assertEquals("a day later", get(woke));
    }
}
