package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

@SquallTest
class SquallExtensionTest {
    private IOLoop loopSeenBeforeEach;

    @BeforeEach
    void rememberLoop(IOLoop loop) {
        loopSeenBeforeEach = loop;
    }

    // ---- the loop

    @Test
    void eachTestGetsARunningLoop(IOLoop loop) {
        assertFalse(loop.isClosed());
        assertEquals(
                "ran", loop.runSync(() -> CompletableFuture.completedFuture("ran"), java.time.Duration.ofSeconds(5)));
    }

    @Test
    void beforeEachMethodsAndTheTestShareTheLoop(IOLoop loop, TestLoop testLoop) {
        assertSame(loopSeenBeforeEach, loop);
        assertSame(loop, testLoop.loop());
    }

    @Test
    void theTestBodyRunsOnATestThreadNotOnTheLoop() {
        assertNull(IOLoop.currentOrNull());
        assertTrue(
                Thread.currentThread().getName().startsWith("squall-test: "),
                Thread.currentThread().getName());
    }

    @Test
    void eachTestGetsAFreshLoopThatIsClosedWhenTheTestEnds() {
        EngineExecutionResults results = Samples.run(TwoTestsRecordingTheirLoops.class);
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        List<IOLoop> loops = TwoTestsRecordingTheirLoops.loops;
        assertEquals(2, loops.size());
        assertNotSame(loops.get(0), loops.get(1));
        assertTrue(loops.get(0).isClosed());
        assertTrue(loops.get(1).isClosed());
    }

    @Test
    void resourcesGivenToCloseAfterTestAreClosedWhenTheTestEnds() {
        Samples.run(RegistersAResource.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertEquals(List.of("second", "first"), RegistersAResource.closed);
    }

    @org.junit.jupiter.api.RepeatedTest(2)
    void eachRepetitionOfATemplateGetsItsOwnLoop(IOLoop loop) {
        assertTrue(REPETITION_LOOPS.add(loop));
        assertEquals(REPETITION_LOOPS.size() == 2, REPETITION_LOOPS.get(0).isClosed());
    }

    private static final List<IOLoop> REPETITION_LOOPS = new CopyOnWriteArrayList<>();

    @Test
    void theAnnotationMayBeOnATestMethodAlone() {
        Samples.run(AnnotatedMethodOnly.class).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    // ---- running code on the loop

    @Test
    void runExecutesTheBodyOnTheLoopAndReturnsTheStagesValue(TestLoop loop) {
        String value = loop.run(() -> {
            assertTrue(loop.loop().inEventLoop());
            CompletableFuture<String> f = new CompletableFuture<>();
            IOLoop.current().callLater(java.time.Duration.ofMillis(1), () -> f.complete("done"));
            return f.thenApply(String::toUpperCase);
        });
        assertEquals("DONE", value);
    }

    @Test
    void runRethrowsTheStagesFailureAsItIs(TestLoop loop) {
        IOException e = assertThrows(
                IOException.class,
                () -> loop.run(() -> CompletableFuture.failedFuture(new IOException("disk on fire"))));
        assertEquals("disk on fire", e.getMessage());
    }

    @Test
    void callRunsOnTheLoop(TestLoop loop) {
        assertSame(loop.loop(), loop.call(IOLoop::current));
    }

    @Test
    void joinWaitsForAStageCompletedOnTheLoop(TestLoop loop) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.loop().execute(() -> f.complete(42));
        assertEquals(42, loop.join(f));
    }

    @Test
    void waitingOnTheLoopThreadIsRefusedWithAnExplanation(TestLoop loop) {
        IllegalStateException e = loop.call(() ->
                assertThrows(IllegalStateException.class, () -> loop.run(() -> CompletableFuture.completedFuture(1))));
        assertTrue(e.getMessage().contains("would block it"), e.getMessage());
    }

    @Test
    void settleWaitsForTasksAlreadyQueued(TestLoop loop) {
        AtomicBoolean ran = new AtomicBoolean();
        loop.loop().execute(() -> loop.loop().execute(() -> ran.set(true)));
        loop.settle();
        loop.settle();
        assertTrue(ran.get());
    }

    // ---- callbacks that throw

    @Test
    void aTestMayTakeTheExceptionOfACallbackItExpectedToThrow(TestLoop loop) {
        loop.loop().execute(() -> {
            throw new IllegalStateException("expected");
        });
        loop.settle();
        List<Throwable> thrown = loop.takeCallbackExceptions();
        assertEquals(1, thrown.size());
        assertEquals("expected", thrown.get(0).getMessage());
    }

    @Test
    void aThrowingCallbackFailsTheTestWithTheExceptionAsCause() {
        Throwable failure = onlyFailure(Samples.run(CallbackThrows.class));
        assertInstanceOf(AssertionFailedError.class, failure);
        assertTrue(failure.getMessage().contains("A callback on the test loop"), failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("boom", failure.getCause().getMessage());
    }

    @Test
    void aThrowingCallbackIsAttachedToTheTestsOwnFailure() {
        Throwable failure = onlyFailure(Samples.run(CallbackThrowsAndTheTestFails.class));
        assertEquals("the test's own assertion", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("boom", failure.getSuppressed()[0].getMessage());
    }

    // ---- timeouts

    @Test
    void aTestThatOutlivesItsLimitFailsShowingWhereTheTestAndTheLoopWere() {
        Throwable failure = onlyFailure(Samples.run(WaitsForever.class));
        String m = failure.getMessage();
        assertTrue(
                m.startsWith("waitsForAFutureNobodyCompletes() did not finish within 300 ms "
                        + "(@SquallTimeout on waitsForAFutureNobodyCompletes())"),
                m);
        assertMentions(
                m,
                "The test thread 'squall-test: waitsForAFutureNobodyCompletes()' was waiting here:",
                "at dev.squall.testing.TestLoop.join(",
                "at dev.squall.testing.SquallExtensionTest$WaitsForever.waitsForAFutureNobodyCompletes(",
                "was idle, waiting for I/O or a timer",
                "at java.base/sun.nio.ch."); // the loop's stack, asleep in its selector
        assertEquals("waitsForAFutureNobodyCompletes", firstFrameOfSample(failure, WaitsForever.class));
    }

    @Test
    void aTimeoutShowsTheLoopCallbackThatBlocks() {
        Throwable failure = onlyFailure(Samples.run(LoopBlocked.class));
        assertMentions(
                failure.getMessage(),
                "' was running a task",
                "at dev.squall.testing.SquallExtensionTest$LoopBlocked.lambda$",
                "(@SquallTimeout on LoopBlocked)");
    }

    @Test
    void aLoopStillBusyAfterTheTestEndedFailsTheTest() {
        Throwable failure = onlyFailure(Samples.run(LeavesTheLoopBlocked.class));
        assertMentions(
                failure.getMessage(),
                "was still busy 300 ms after leavesACallbackBlocked() ended",
                "at dev.squall.testing.SquallExtensionTest$LeavesTheLoopBlocked.lambda$");
    }

    // ---- parameters

    @Test
    void injectingIntoAConstructorIsRefusedWithAnExplanation() {
        Throwable failure = onlyFailure(Samples.run(ConstructorInjection.class));
        assertTrue(
                failure.getMessage()
                        .contains("IOLoop can be injected into test methods and @BeforeEach/@AfterEach "
                                + "methods only"),
                failure.getMessage());
    }

    @Test
    void askingForVirtualTimeInARealTimeTestIsRefusedWithAnExplanation() {
        Throwable failure = onlyFailure(Samples.run(VirtualTimeInBeforeEachOnly.class));
        assertTrue(failure.getMessage().contains("runs on the system clock"), failure.getMessage());
    }

    // ---- helpers and samples

    static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.allEvents().failed().list();
        assertEquals(1, failed.size(), () -> "expected one failure, got " + failed);
        return failed.get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow();
    }

    /** Asserts that {@code message} contains each of {@code fragments}; a failure shows the whole message. */
    private static void assertMentions(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "no \"" + fragment + "\" in: " + message);
        }
    }

    private static String firstFrameOfSample(Throwable failure, Class<?> sample) {
        for (StackTraceElement e : failure.getStackTrace()) {
            if (e.getClassName().equals(sample.getName())) {
                return e.getMethodName();
            }
        }
        return "none";
    }

    @Samples.Sample
    @SquallTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoTestsRecordingTheirLoops {
        static final List<IOLoop> loops = new CopyOnWriteArrayList<>();

        @Test
        void first(IOLoop loop) {
            loops.add(loop);
        }

        @Test
        void second(IOLoop loop) {
            loops.add(loop);
        }
    }

    @Samples.Sample
    static class AnnotatedMethodOnly {
        @Test
        @SquallTest(virtualTime = true)
        void runsInVirtualTime(IOLoop loop) {
            assertInstanceOf(dev.squall.loop.ManualClock.class, loop.clock());
        }
    }

    @Samples.Sample
    @SquallTest
    static class RegistersAResource {
        static final List<String> closed = new CopyOnWriteArrayList<>();

        @Test
        void registers(TestLoop loop) {
            loop.closeAfterTest(() -> closed.add("first"));
            loop.closeAfterTest(() -> closed.add("second"));
            assertTrue(closed.isEmpty());
        }
    }

    @Samples.Sample
    @SquallTest
    static class CallbackThrows {
        @Test
        void schedulesAThrowingCallback(IOLoop loop) {
            loop.execute(() -> {
                throw new IllegalStateException("boom");
            });
        }
    }

    @Samples.Sample
    @SquallTest
    static class CallbackThrowsAndTheTestFails {
        @Test
        void failsToo(TestLoop loop) {
            loop.loop().execute(() -> {
                throw new IllegalStateException("boom");
            });
            loop.settle();
            throw new AssertionFailedError("the test's own assertion");
        }
    }

    @Samples.Sample
    @SquallTest
    static class WaitsForever {
        @Test
        @SquallTimeout(value = 300, unit = TimeUnit.MILLISECONDS)
        void waitsForAFutureNobodyCompletes(TestLoop loop) {
            loop.join(new CompletableFuture<>());
        }
    }

    @Samples.Sample
    @SquallTest
    @SquallTimeout(value = 300, unit = TimeUnit.MILLISECONDS)
    static class LoopBlocked extends BlocksTheLoop {
        @Test
        void loopCallbackNeverReturns(TestLoop loop) {
            loop.loop().execute(() -> block()); // a lambda, whose frame in the loop's stack names this class
            loop.settle();
        }
    }

    @Samples.Sample
    @SquallTest
    @SquallTimeout(value = 300, unit = TimeUnit.MILLISECONDS)
    static class LeavesTheLoopBlocked extends BlocksTheLoop {
        @Test
        void leavesACallbackBlocked(IOLoop loop) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            loop.execute(() -> {
                started.countDown();
                block();
            });
            started.await();
        }
    }

    /** A sample whose test blocks the loop (to run out of time); the loop is let go after the test. */
    abstract static class BlocksTheLoop {
        private final CountDownLatch release = new CountDownLatch(1);

        /** Called in a loop callback: returns after the test, or after 10 s at the most. */
        final void block() {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @AfterEach
        void releaseTheLoop() {
            release.countDown();
        }
    }

    @Samples.Sample
    @SquallTest
    static class ConstructorInjection {
        ConstructorInjection(IOLoop loop) {}

        @Test
        void neverRuns() {}
    }

    @Samples.Sample
    @SquallTest
    static class VirtualTimeInBeforeEachOnly {
        @BeforeEach
        void wantsVirtualTime(VirtualTime time) {}

        @Test
        void realTime() {}
    }
}
