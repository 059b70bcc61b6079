package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.Clock;
import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import dev.squall.loop.PeriodicCallback;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@SquallTest
class VirtualTimeTest {

    @Test
    void aTestWithoutVirtualTimeRunsOnTheSystemClock(IOLoop loop) {
        assertSame(Clock.SYSTEM, loop.clock());
    }

    @Test
    void declaringVirtualTimeRunsTheLoopOnAManualClock(IOLoop loop, VirtualTime time) {
        assertSame(time.clock(), loop.clock());
    }

    @Test
    void declaringAManualClockRunsTheLoopOnIt(IOLoop loop, ManualClock clock) {
        assertSame(clock, loop.clock());
    }

    @Test
    void timerFiresAfterFiveVirtualMinutes(TestLoop loop, VirtualTime time) {
        CompletableFuture<String> fired = loop.call(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            IOLoop.current().callLater(Duration.ofMinutes(5), () -> f.complete("fired"));
            return f;
        });
        time.advance(Duration.ofMinutes(5)); // returns at once, with the timer fired
        assertEquals("fired", fired.getNow(null));
    }

    @Test
    void aTimerDoesNotFireBeforeItsTime(TestLoop loop, VirtualTime time) {
        CompletableFuture<String> fired = loop.call(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            IOLoop.current().callLater(Duration.ofSeconds(30), () -> f.complete("fired"));
            return f;
        });
        time.advance(Duration.ofSeconds(29));
        assertFalse(fired.isDone());
        time.advance(Duration.ofSeconds(1));
        assertTrue(fired.isDone());
    }

    @Test
    void timersFireInDeadlineOrderWhenOneAdvanceCoversThemAll(TestLoop loop, VirtualTime time) {
        List<String> order = new CopyOnWriteArrayList<>();
        loop.call(() -> {
            IOLoop l = IOLoop.current();
            l.callLater(Duration.ofSeconds(3), () -> order.add("3s"));
            l.callLater(Duration.ofSeconds(1), () -> order.add("1s"));
            l.callLater(Duration.ofSeconds(2), () -> order.add("2s"));
            return null;
        });
        time.advance(Duration.ofSeconds(10));
        assertEquals(List.of("1s", "2s", "3s"), order);
    }

    @Test
    void workQueuedByAFiringTimerHasRunWhenAdvanceReturns(TestLoop loop, VirtualTime time) {
        CompletableFuture<String> chained = loop.call(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            IOLoop l = IOLoop.current();
            l.callLater(Duration.ofSeconds(1), () -> l.execute(() -> f.complete("queued by the timer")));
            return f;
        });
        time.advance(Duration.ofSeconds(1));
        assertEquals("queued by the timer", chained.getNow(null));
    }

    @Test
    void aPeriodicCallbackTicksOncePerVirtualPeriod(TestLoop loop, VirtualTime time) {
        AtomicInteger ticks = new AtomicInteger();
        loop.call(() -> PeriodicCallback.start(IOLoop.current(), Duration.ofMinutes(1), ticks::incrementAndGet));
        for (int minute = 1; minute <= 60; minute++) {
            time.advance(Duration.ofMinutes(1));
            assertEquals(minute, ticks.get());
        }
    }

    @Test
    void virtualWallClockTimeMovesWithTheClock(VirtualTime time) {
        long before = time.clock().currentTimeMillis();
        time.advance(Duration.ofDays(1));
        assertEquals(before + Duration.ofDays(1).toMillis(), time.clock().currentTimeMillis());
    }

    @Test
    void aTimeoutInVirtualTimeSaysThatTimersWaitForAdvance() {
        Throwable failure = SquallExtensionTest.onlyFailure(Samples.run(ForgetsToAdvance.class));
        assertInstanceOf(org.opentest4j.AssertionFailedError.class, failure);
        assertTrue(
                failure.getMessage().contains("timers fire only when the test calls VirtualTime.advance(...)"),
                failure.getMessage());
    }

    @Nested
    @SquallTest(virtualTime = true)
    class WholeClassInVirtualTime {
        @Test
        void everyTestRunsInVirtualTime(IOLoop loop) {
            assertInstanceOf(ManualClock.class, loop.clock());
        }
    }

    @Samples.Sample
    @SquallTest
    static class ForgetsToAdvance {
        @Test
        @SquallTimeout(value = 200, unit = java.util.concurrent.TimeUnit.MILLISECONDS)
        void waitsForATimerInVirtualTime(TestLoop loop, VirtualTime time) {
            loop.run(() -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                IOLoop.current().callLater(Duration.ofSeconds(1), () -> f.complete(null));
                return f;
            });
        }
    }
}
