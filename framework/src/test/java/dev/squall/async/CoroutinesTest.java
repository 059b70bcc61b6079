package dev.squall.async;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoroutinesTest {
    private static final long WAIT_SECONDS = 5;
    private final IOLoop loop = IOLoop.builder().name("co-loop").daemon(true).build();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
        throw new AssertionError("expected the future to fail");
    }

    /** Runs {@code body} in a coroutine whose outcome is the exception {@code body} threw, or null. */
    private Coroutine<Exception> catching(Callable<?> body) {
        return Coroutines.launch(loop, () -> {
            try {
                body.call();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    /**
     * Counts {@code started} down, then blocks until interrupted and completes {@code interrupted} with whether
     * it was (false if the wait ended some other way).
     */
    private static void blockUntilInterrupted(CountDownLatch started, CompletableFuture<Boolean> interrupted) {
        started.countDown();
        try {
            new CountDownLatch(1).await();
            interrupted.complete(false);
        } catch (InterruptedException e) {
            interrupted.complete(true);
        }
    }

    /** Completes {@code f} from a thread that is neither the loop nor the coroutine. */
    private static <T> void completeElsewhere(CompletableFuture<T> f, T value) {
        Thread.ofPlatform().start(() -> f.complete(value));
    }

    // ---------------------------------------------------------------------------------------- await

    @Test
    void awaitOfACompletedFutureReturnsAtOnceWithoutReleasingTheLoop() throws Exception {
        boolean[] taskRan = {false};
        CompletableFuture<Object[]> seen = Coroutines.async(loop, () -> {
            loop.execute(() -> taskRan[0] = true);
            int v = await(CompletableFuture.completedFuture(7));
            return new Object[] {v, taskRan[0]};
        });
        Object[] r = get(seen);
        assertEquals(7, r[0]);
        assertEquals(false, r[1], "a loop task ran during the await of a completed future");
    }

    @Test
    void awaitOfAPendingFutureReturnsTheValueOnceCompletedOnAnotherThread() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> result = Coroutines.async(loop, () -> "got " + await(pending));
        completeElsewhere(pending, "it");
        assertEquals("got it", get(result));
    }

    @Test
    void awaitOfAFailedFutureThrowsItsExceptionUnwrapped() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        IOException boom = new IOException("boom");
        // a dependent: fails with CompletionException(boom)
        CompletableFuture<Exception> caught =
                catching(() -> await(pending.thenApply(s -> s))).future();
        Thread.ofPlatform().start(() -> pending.completeExceptionally(boom));
        assertSame(boom, get(caught));
    }

    @Test
    void awaitOfAnAlreadyFailedFutureThrowsItsExceptionUnwrapped() throws Exception {
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        CompletableFuture<Exception> caught = catching(
                        () -> await(CompletableFuture.failedFuture(bad).thenApply(x -> x)))
                .future();
        assertSame(bad, get(caught));
    }

    @Test
    void awaitOfACancelledFutureThrowsCancellationException() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Exception> caught = catching(() -> await(pending)).future();
        Thread.ofPlatform().start(() -> pending.cancel(false));
        assertInstanceOf(CancellationException.class, get(caught));
    }

    @Test
    void awaitAcceptsACompletionStageThatIsNotAFuture() throws Exception {
        CompletableFuture<Integer> pending = new CompletableFuture<>();
        CompletionStage<Integer> minimal = pending.minimalCompletionStage();
        CompletableFuture<Integer> result = Coroutines.async(
                loop,
                () -> await(minimal)
                        + await(CompletableFuture.completedFuture(1).minimalCompletionStage()));
        completeElsewhere(pending, 41);
        assertEquals(42, get(result));
    }

    @Test
    void awaitOnTheLoopThreadThrowsAndSaysToUseACoroutineOrChain() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                await(new CompletableFuture<String>());
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        Throwable t = get(thrown);
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().contains("event loop thread 'co-loop'"), t.getMessage());
        assertTrue(t.getMessage().contains("Coroutines.async"), t.getMessage());
        assertTrue(t.getMessage().contains("thenCompose"), t.getMessage());
    }

    @Test
    void awaitOnAPlainThreadThrowsAndSaysToStartACoroutineOrBlock() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> await(CompletableFuture.completedFuture(1)));
        assertTrue(e.getMessage().contains("which is not a coroutine"), e.getMessage());
        assertTrue(e.getMessage().contains("Coroutines.async"), e.getMessage());
        assertTrue(e.getMessage().contains("join()"), e.getMessage());
    }

    @Test
    void inCoroutineIsTrueOnlyInsideACoroutine() throws Exception {
        assertFalse(Coroutines.inCoroutine());
        assertTrue(get(Coroutines.async(loop, Coroutines::inCoroutine)));
    }

    // ---------------------------------------------------------------------------------------- the loop

    @Test
    void insideACoroutineTheCodeIsOnTheLoop() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<List<Object>> seen = Coroutines.async(loop, () -> {
            List<Object> s = new ArrayList<>();
            s.add(loop.inEventLoop());
            s.add(IOLoop.current());
            await(pending);
            s.add(loop.inEventLoop()); // again after a resumption
            s.add(IOLoop.current());
            s.add(Thread.currentThread().isVirtual());
            return s;
        });
        completeElsewhere(pending, "x");
        assertEquals(List.of(true, loop, true, loop, true), get(seen));
    }

    @Test
    void aLoopTaskSubmittedWhileACoroutineRunsWaitsUntilTheCoroutineAwaits() throws Exception {
        List<String> events = new ArrayList<>(); // loop-confined: no lock
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Void> done = Coroutines.async(loop, () -> {
            loop.execute(() -> events.add("task"));
            Thread.ofPlatform()
                    .start(() -> loop.execute(() -> events.add("foreign task")))
                    .join();
            events.add("coroutine before await");
            loop.execute(() -> pending.complete("go"));
            await(pending);
            events.add("coroutine after await");
            return null;
        });
        get(done);
        // The coroutine's own tasks are loop work, queued locally as a plain callback's are: "task" and the
        // completion (then the resumption) run before the task another thread submitted.
        assertEquals(
                List.of("coroutine before await", "task", "coroutine after await", "foreign task"),
                loop.runSync(() -> CompletableFuture.completedFuture(List.copyOf(events)), Duration.ofSeconds(5)));
    }

    @Test
    void twoCoroutinesOnOneLoopNeverInterleaveBetweenAwaits() throws Exception {
        int rounds = 200;
        StringBuilder trace = new StringBuilder(); // loop-confined: no lock
        boolean[] inside = {false};
        int[] overlaps = {0};
        List<CompletableFuture<Void>> both = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            both.add(Coroutines.async(loop, () -> {
                for (int i = 0; i < rounds; i++) {
                    if (inside[0]) {
                        overlaps[0]++;
                    }
                    inside[0] = true;
                    trace.append(name).append('(');
                    for (int spin = 0; spin < 200; spin++) {
                        Thread.onSpinWait(); // give a parallel runner every chance to show up
                    }
                    trace.append(')');
                    inside[0] = false;
                    CompletableFuture<Void> tick = new CompletableFuture<>();
                    Thread.ofPlatform().start(() -> tick.complete(null));
                    await(tick);
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> f : both) {
            get(f);
        }
        String t = loop.runSync(() -> CompletableFuture.completedFuture(trace.toString()), Duration.ofSeconds(5));
        assertEquals(0, overlaps[0]);
        assertEquals(rounds * 2 * 3, t.length());
        assertFalse(t.contains("((") || t.contains("))"), "sections interleaved: " + t);
    }

    @Test
    void theLoopThreadRunsNothingElseWhileACoroutineHoldsIt() throws Exception {
        CountDownLatch coroutineRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> taskRanEarly = new CompletableFuture<>();
        CompletableFuture<Void> co = Coroutines.async(loop, () -> {
            coroutineRunning.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS); // deliberately holds the loop
            taskRanEarly.complete(false);
            return null;
        });
        assertTrue(coroutineRunning.await(WAIT_SECONDS, TimeUnit.SECONDS));
        loop.execute(() -> taskRanEarly.complete(true));
        release.countDown();
        get(co);
        assertFalse(get(taskRanEarly), "a task ran on the loop while a coroutine held it");
    }

    @Test
    void theLoopsIoWaitsWhileACoroutineHoldsTheLoop() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        List<String> events = new ArrayList<>(); // loop-confined: no lock
        CompletableFuture<String> readable = new CompletableFuture<>();
        loop.runSync(
                () -> {
                    try {
                        loop.register(pipe.source(), SelectionKey.OP_READ, ready -> {
                            events.add("io callback");
                            try {
                                pipe.source().read(ByteBuffer.allocate(16));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            readable.complete("readable");
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return CompletableFuture.completedFuture(null);
                },
                Duration.ofSeconds(5));
        CompletableFuture<Void> done = Coroutines.async(loop, () -> {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1})); // the source is readable from now on
            events.add("coroutine wrote");
            for (int spin = 0; spin < 200_000; spin++) {
                Thread.onSpinWait(); // a window in which a loop that ran I/O would run the callback
            }
            events.add("coroutine releases the loop");
            events.add("coroutine resumed: " + await(readable));
            return null;
        });
        get(done);
        assertEquals(
                List.of("coroutine wrote", "coroutine releases the loop", "io callback", "coroutine resumed: readable"),
                loop.runSync(() -> CompletableFuture.completedFuture(List.copyOf(events)), Duration.ofSeconds(5)));
        pipe.sink().close();
    }

    // ---------------------------------------------------------------------------------------- launch

    @Test
    void launchCompletesItsFutureWithTheValueOnTheLoopThread() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> result = Coroutines.async(loop, () -> await(pending));
        CompletableFuture<Thread> completedOn = result.thenApply(v -> Thread.currentThread());
        completeElsewhere(pending, "v");
        // Wait on the dependent only: a thread blocked in get() on `result` itself may run its dependents.
        assertSame(LoopInternals.thread(loop), get(completedOn));
        assertEquals("v", result.getNow(null));
    }

    @Test
    void launchCompletesItsFutureWithTheExceptionTheBodyThrew() throws Exception {
        IOException checked = new IOException("disk on fire");
        CompletableFuture<Object> result = Coroutines.async(loop, () -> {
            throw checked;
        });
        assertSame(checked, failureOf(result));
    }

    @Test
    void anExceptionFromAnAwaitPropagatesToTheCoroutinesFuture() throws Exception {
        IllegalStateException bad = new IllegalStateException("bad");
        CompletableFuture<Object> pending = new CompletableFuture<>();
        CompletableFuture<Object> result = Coroutines.async(loop, () -> await(pending));
        Thread.ofPlatform().start(() -> pending.completeExceptionally(bad));
        assertSame(bad, failureOf(result));
    }

    @Test
    void aCoroutineLaunchedFromACoroutineRunsAfterTheLauncherReleasesTheLoop() throws Exception {
        List<String> events = new ArrayList<>();
        CompletableFuture<String> outer = Coroutines.async(loop, () -> {
            CompletableFuture<String> inner = Coroutines.async(loop, () -> {
                events.add("inner");
                return "inner result";
            });
            events.add("outer before await");
            String r = await(inner);
            events.add("outer after await");
            return r;
        });
        assertEquals("inner result", get(outer));
        assertEquals(
                List.of("outer before await", "inner", "outer after await"),
                loop.runSync(() -> CompletableFuture.completedFuture(List.copyOf(events)), Duration.ofSeconds(5)));
    }

    // ---------------------------------------------------------------------------------------- cancel

    @Test
    void cancelThrowsCancellationExceptionAtThePendingAwaitAndCancelsTheAwaitedFuture() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CountDownLatch awaiting = new CountDownLatch(1);
        Coroutine<Exception> c = catching(() -> {
            loop.execute(awaiting::countDown); // runs once the coroutine has released the loop
            return await(pending);
        });
        assertTrue(awaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
        c.cancel();
        assertInstanceOf(CancellationException.class, get(c.future()));
        assertTrue(pending.isCancelled(), "the awaited future was not cancelled");
    }

    @Test
    void cancellationIsDeliveredOnceSoCleanupCodeCanStillAwait() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CountDownLatch awaiting = new CountDownLatch(1);
        Coroutine<String> c = Coroutines.launch(loop, () -> {
            loop.execute(awaiting::countDown);
            try {
                return await(pending);
            } finally {
                CompletableFuture<String> cleanup = new CompletableFuture<>();
                completeElsewhere(cleanup, "cleaned");
                assertEquals("cleaned", await(cleanup));
            }
        });
        assertTrue(awaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
        c.cancel();
        assertInstanceOf(CancellationException.class, failureOf(c.future()));
    }

    @Test
    void cancelWhileTheCoroutineRunsMakesItsNextAwaitThrow() throws Exception {
        Coroutine<?>[] self = new Coroutine<?>[1];
        CountDownLatch started = new CountDownLatch(1);
        Coroutine<String> c = Coroutines.launch(loop, () -> {
            started.await(WAIT_SECONDS, TimeUnit.SECONDS);
            self[0].cancel(); // running: takes effect at the next await
            try {
                await(CompletableFuture.completedFuture("even a completed future"));
                return "not cancelled";
            } catch (CancellationException e) {
                return "cancelled";
            }
        });
        self[0] = c;
        started.countDown();
        assertEquals("cancelled", get(c.future()));
    }

    @Test
    void aCoroutineCancelledBeforeItStartsNeverRuns() throws Exception {
        boolean[] ran = {false};
        CompletableFuture<Coroutine<String>> started = new CompletableFuture<>();
        loop.execute(() -> {
            Coroutine<String> c = Coroutines.launch(loop, () -> {
                ran[0] = true;
                return "ran";
            });
            c.cancel();
            started.complete(c);
        });
        Coroutine<String> c = get(started);
        assertInstanceOf(CancellationException.class, failureOf(c.future()));
        assertFalse(loop.runSync(() -> CompletableFuture.completedFuture(ran[0]), Duration.ofSeconds(5)));
    }

    @Test
    void cancellingTheLaunchedFutureCancelsTheCoroutine() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> unwound = new CompletableFuture<>();
        CountDownLatch awaiting = new CountDownLatch(1);
        CompletableFuture<String> f = Coroutines.async(loop, () -> {
            loop.execute(awaiting::countDown);
            try {
                return await(pending);
            } catch (CancellationException e) {
                unwound.complete("cancelled inside");
                throw e;
            }
        });
        assertTrue(awaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
        f.cancel(false);
        assertEquals("cancelled inside", get(unwound));
        assertTrue(pending.isCancelled());
    }

    // ---------------------------------------------------------------------------------------- blocking

    @Test
    void asyncBlockingDoesNotHoldTheLoop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> result = Coroutines.async(loop, () -> {
            CompletableFuture<Integer> work = Async.blocking(() -> {
                // Ends only once a loop task has run: proves the loop is free meanwhile.
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop was held");
                return 42;
            });
            loop.execute(release::countDown);
            return await(work);
        });
        assertEquals(42, get(result));
    }

    @Test
    void asyncBlockingRunsOnAVirtualThreadAndCompletesOnTheLoop() throws Exception {
        CompletableFuture<Thread> worker = new CompletableFuture<>();
        CompletableFuture<Thread> completedOn = new CompletableFuture<>();
        loop.execute(() -> Async.blocking(() -> {
                    worker.complete(Thread.currentThread());
                    return "x";
                })
                .thenRun(() -> completedOn.complete(Thread.currentThread())));
        assertTrue(get(worker).isVirtual());
        assertSame(LoopInternals.thread(loop), get(completedOn));
    }

    @Test
    void asyncBlockingFailsItsFutureWithTheCallablesException() throws Exception {
        IOException io = new IOException("no such table");
        CompletableFuture<Exception> caught = catching(() -> await(Async.blocking(() -> {
                    throw io;
                })))
                .future();
        assertSame(io, get(caught));
    }

    @Test
    void cancellingAnAsyncBlockingFutureInterruptsTheWork() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<String>> work = new CompletableFuture<>();
        loop.execute(() -> work.complete(Async.blocking(() -> {
            blockUntilInterrupted(started, interrupted);
            return "done";
        })));
        assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
        get(work).cancel(false);
        assertTrue(get(interrupted));
    }

    @Test
    void asyncBlockingOffTheLoopSaysToPassTheLoop() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Async.blocking(() -> 1));
        assertTrue(e.getMessage().contains("Async.blocking()"), e.getMessage());
        assertTrue(e.getMessage().contains("neither an event loop nor a coroutine"), e.getMessage());
    }

    @Test
    void offLoopRunsTheWorkOnTheCoroutinesThreadWithTheLoopReleased() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<Object>> seen = Coroutines.async(loop, () -> {
            Thread me = Thread.currentThread();
            loop.execute(release::countDown); // can only run if offLoop releases the loop
            List<Object> s = new ArrayList<>(Coroutines.offLoop(() -> {
                assertTrue(release.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop was held");
                return List.of(Thread.currentThread() == me, loop.inEventLoop(), IOLoop.currentOrNull() == null);
            }));
            s.add(loop.inEventLoop());
            s.add(IOLoop.current());
            return s;
        });
        assertEquals(List.of(true, false, true, true, loop), get(seen));
    }

    @Test
    void offLoopRethrowsTheWorksException() throws Exception {
        IOException io = new IOException("read failed");
        CompletableFuture<Exception> caught = catching(() -> Coroutines.offLoop(() -> {
                    throw io;
                }))
                .future();
        assertSame(io, get(caught));
    }

    @Test
    void awaitInsideOffLoopIsRefusedWithAClearMessage() throws Exception {
        CompletableFuture<Throwable> caught = Coroutines.async(
                loop,
                () -> Coroutines.offLoop(() -> {
                    try {
                        await(CompletableFuture.completedFuture(1));
                        return null;
                    } catch (IllegalStateException e) {
                        return e;
                    }
                }));
        assertTrue(
                get(caught).getMessage().contains("inside offLoop"), get(caught).getMessage());
    }

    /** Awaits in its class initializer, a native frame that pins a virtual thread to its carrier. */
    static final class AwaitsInItsInitializer {
        static final String VALUE = await(new CompletableFuture<String>());
    }

    @Test
    void anAwaitWhereTheCoroutineIsPinnedToTheLoopThreadFailsWithAClearErrorInsteadOfBlockingTheLoop()
            throws Exception {
        // Only the loop-carrier mode can be pinned: there, the loop thread itself carries the coroutine.
        assumeTrue(Coroutines.runOnLoopThread(), "coroutines run on their own carriers in this JVM");
        CompletableFuture<Throwable> caught = Coroutines.async(loop, () -> {
            try {
                return new IllegalStateException("the initializer returned " + AwaitsInItsInitializer.VALUE);
            } catch (ExceptionInInitializerError e) {
                return e.getCause();
            }
        });
        Throwable e = get(caught);
        assertTrue(e.getMessage().contains("pinned to the loop thread"), e.getMessage());
        assertEquals("the loop goes on", get(Coroutines.async(loop, () -> {
            await(Async.sleep(Duration.ofMillis(1)));
            return "the loop goes on";
        })));
    }

    @Test
    void cancelDuringOffLoopInterruptsTheWorkAndThrowsCancellationException() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Coroutine<Exception> c = catching(() -> Coroutines.offLoop(() -> {
            blockUntilInterrupted(working, interrupted);
            return null;
        }));
        assertTrue(working.await(WAIT_SECONDS, TimeUnit.SECONDS));
        c.cancel();
        assertInstanceOf(CancellationException.class, get(c.future()));
        assertTrue(get(interrupted));
    }

    @Test
    void offLoopOutsideACoroutineSaysToUseAsyncBlocking() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Coroutines.offLoop(() -> 1));
        assertTrue(e.getMessage().contains("Async.blocking"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------- loop closing

    @Test
    void aCoroutineWhoseLoopClosesWhileItWaitsUnwindsWithCancellationException() throws Exception {
        IOLoop doomed = IOLoop.builder().name("doomed").daemon(true).build();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CountDownLatch awaiting = new CountDownLatch(1);
        CompletableFuture<String> finallyRan = new CompletableFuture<>();
        CompletableFuture<String> f = Coroutines.async(doomed, () -> {
            doomed.execute(awaiting::countDown);
            try {
                return await(pending);
            } finally {
                finallyRan.complete("yes");
            }
        });
        assertTrue(awaiting.await(WAIT_SECONDS, TimeUnit.SECONDS));
        doomed.close();
        pending.complete("too late");
        assertEquals("yes", get(finallyRan));
        assertInstanceOf(CancellationException.class, failureOf(f));
        assertNull(LoopInternals.delegate(doomed));
    }
}
