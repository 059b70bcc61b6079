package dev.squall.testing;

import static dev.squall.async.Coroutines.await;
import static dev.squall.testing.SquallExtensionTest.onlyFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.commons.PreconditionViolationException;
import org.opentest4j.AssertionFailedError;

/** {@link AsyncTest}: stage-returning and coroutine bodies on the test loop (Kotlin suspend ones in src/test/kotlin). */
@SquallTest
class AsyncTestTest {
    static HttpHandler app() {
        return TestClientTest::handle;
    }

    @AsyncTest
    CompletionStage<Void> aReturnedStageRunsOnTheLoopAndIsWaitedFor(IOLoop loop, TestClient client) {
        assertTrue(loop.inEventLoop());
        return client.fetchAsync("/").thenAccept(r -> {
            assertTrue(loop.inEventLoop());
            assertEquals("Hello, world", r.bodyText());
        });
    }

    @AsyncTest
    void aVoidBodyIsACoroutineThatMayAwait(IOLoop loop, TestClient client) {
        assertSame(loop, IOLoop.current());
        CompletableFuture<String> later = new CompletableFuture<>();
        loop.callLater(Duration.ofMillis(5), () -> later.complete("later"));
        assertEquals("later", await(later));
        assertEquals("Hello, world", await(client.fetchAsync("/")).bodyText());
    }

    @Test
    void theTestWaitsForTheStageAndLifecycleMethodsRunAroundIt() {
        Samples.run(Recorded.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
        assertEquals(
                List.of("before", "coroutine", "after", "before", "stage started", "stage completed", "after"),
                Recorded.events);
    }

    @Test
    void aFailedStageFailsTheTestWithItsException() {
        Throwable failure = onlyFailure(Samples.run(StageFails.class));
        assertInstanceOf(AssertionFailedError.class, failure);
        assertEquals("expected: <200> but was: <404>", failure.getMessage());
    }

    @Test
    void aMethodThatThrowsBeforeReturningItsStageFailsTheTest() {
        Throwable failure = onlyFailure(Samples.run(ThrowsEarly.class));
        assertInstanceOf(IOException.class, failure);
        assertEquals("thrown before any stage", failure.getMessage());
    }

    @Test
    void aCoroutineThatFailsFailsTheTest() {
        Throwable failure = onlyFailure(Samples.run(CoroutineFails.class));
        assertEquals("awaited failure", failure.getMessage());
    }

    @Test
    void aStageThatNeverCompletesTimesOutNamingTheTest() {
        Throwable failure = onlyFailure(Samples.run(NeverCompletes.class));
        assertTrue(
                failure.getMessage().startsWith("waitsForever() did not finish within 300 ms"), failure.getMessage());
        // The harness gives up on the stage and cancels it (from the abandoned waiting thread, so wait a little).
        assertThrows(CancellationException.class, () -> NeverCompletes.stage.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWrongReturnTypeIsExplained() {
        Throwable failure = onlyFailure(Samples.run(ReturnsAString.class));
        assertInstanceOf(PreconditionViolationException.class, failure);
        assertEquals(
                "@AsyncTest method notAStage returns String; an @AsyncTest returns a CompletionStage, or void to "
                        + "run as a coroutine, or is a Kotlin suspend function",
                failure.getMessage());
    }

    @Test
    void aCallbackThatThrowsAfterTheStageFailsTheTest() {
        Throwable failure = onlyFailure(Samples.run(CallbackThrowsLater.class));
        assertTrue(failure.getMessage().contains("A callback on the test loop"), failure.getMessage());
        assertEquals("late boom", failure.getCause().getMessage());
    }

    @Test
    void theAnnotationBringsTheHarnessWithoutSquallTest() {
        Samples.run(WithoutSquallTest.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void aJupiterThatWouldSkipAStageTestIsRefusedWithTheWayOut() {
        AsyncBodies.checkStageTestsCanRun(AsyncTestTest.class, "5.11.4");
        AsyncBodies.checkStageTestsCanRun(AsyncTestTest.class, null);
        PreconditionViolationException e = assertThrows(
                PreconditionViolationException.class,
                () -> AsyncBodies.checkStageTestsCanRun(AsyncTestTest.class, "5.13.0-M1"));
        assertTrue(
                e.getMessage()
                        .startsWith("@AsyncTest method aReturnedStageRunsOnTheLoopAndIsWaitedFor returns a "
                                + "CompletionStage, which JUnit Jupiter 5.13.0-M1 does not run"),
                e.getMessage());
        assertThrows(
                PreconditionViolationException.class,
                () -> AsyncBodies.checkStageTestsCanRun(AsyncTestTest.class, "6.0.1"));
        assertTrue(AsyncBodies.atLeast("5.13", 5, 13));
        assertFalse(AsyncBodies.atLeast("5.12.2", 5, 13));
    }

    // ---- samples, run by the tests above

    @Samples.Sample
    @SquallTest
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Recorded {
        static final List<String> events = new CopyOnWriteArrayList<>();

        @BeforeEach
        void before() {
            events.add("before");
        }

        @AfterEach
        void after() {
            events.add("after");
        }

        @AsyncTest
        CompletionStage<Void> stage(IOLoop loop) {
            events.add("stage started");
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.callLater(Duration.ofMillis(20), () -> {
                events.add("stage completed");
                done.complete(null);
            });
            return done;
        }

        @AsyncTest
        void coroutine() {
            events.add("coroutine");
        }
    }

    @Samples.Sample
    @SquallTest
    static class StageFails {
        static HttpHandler app() {
            return TestClientTest::handle;
        }

        @AsyncTest
        CompletionStage<Void> missingPage(TestClient client) {
            return client.fetchAsync("/missing").thenAccept(r -> assertEquals(200, r.code()));
        }
    }

    @Samples.Sample
    @SquallTest
    static class ThrowsEarly {
        @AsyncTest
        CompletionStage<Void> throwsEarly() throws IOException {
            throw new IOException("thrown before any stage");
        }
    }

    @Samples.Sample
    @SquallTest
    static class CoroutineFails {
        @AsyncTest
        void fails() {
            await(CompletableFuture.failedFuture(new IllegalStateException("awaited failure")));
        }
    }

    @Samples.Sample
    @SquallTest
    @SquallTimeout(value = 300, unit = TimeUnit.MILLISECONDS)
    static class NeverCompletes {
        static final CompletableFuture<Void> stage = new CompletableFuture<>();

        @AsyncTest
        CompletionStage<Void> waitsForever() {
            return stage;
        }
    }

    @Samples.Sample
    @SquallTest
    static class ReturnsAString {
        @AsyncTest
        String notAStage() {
            return "no";
        }
    }

    @Samples.Sample
    @SquallTest
    static class CallbackThrowsLater {
        @AsyncTest
        CompletionStage<Void> stage(IOLoop loop) {
            loop.execute(() -> {
                throw new IllegalStateException("late boom");
            });
            return CompletableFuture.completedFuture(null);
        }
    }

    @Samples.Sample
    static class WithoutSquallTest {
        @AsyncTest
        CompletionStage<String> stage(IOLoop loop) {
            assertTrue(loop.inEventLoop());
            return CompletableFuture.completedFuture("ok");
        }

        @AsyncTest
        void coroutine(TestLoop loop) {
            assertSame(loop.loop(), IOLoop.current());
        }
    }
}
