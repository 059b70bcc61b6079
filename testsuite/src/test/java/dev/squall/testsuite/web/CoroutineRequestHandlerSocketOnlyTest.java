package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.loop.BlockingWatchdog;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.testing.ExpectLog;
import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * What only a real connection or a real loop shows about {@link CoroutineRequestHandler}: the client going away
 * mid-request, and the blocked-loop watchdog that debug mode turns on. (The framework's
 * {@code CoroutineRequestHandlerSocketTest} runs the in-memory tests over sockets.)
 */
@SquallTest
class CoroutineRequestHandlerSocketOnlyTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    // ---------------------------------------------------------------------------------------------------
    // The client goes away while the coroutine waits

    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final CompletableFuture<Void> awaiting = new CompletableFuture<>();
    private final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile boolean cancelOnDisconnect = true;

    Application app() {
        return Application.builder()
                .route("/", AwaitsTheAnswer::new)
                .logFunction(h -> {})
                .build();
    }

    final class AwaitsTheAnswer extends CoroutineRequestHandler {
        @Override
        public void get() {
            awaiting.complete(null);
            try {
                String value = await(answer);
                events.add("got " + value);
                write(value);
            } catch (CancellationException e) {
                events.add("cancelled");
                throw e;
            } finally {
                events.add("finally, inEventLoop=" + request().loop().inEventLoop());
            }
        }

        @Override
        protected boolean cancelOnDisconnect() {
            return cancelOnDisconnect;
        }

        @Override
        public void onConnectionClose() {
            events.add("onConnectionClose");
            connectionClosed.complete(null);
        }

        @Override
        public void onFinish() {
            events.add("onFinish");
            finished.complete(null);
        }
    }

    /** Sends a GET, waits until the handler awaits, and goes away. */
    private void requestThenLeave(TestClient client, TestLoop loop) {
        RawConnection c = RawConnection.open(client.port()).send(GET);
        loop.join(awaiting);
        c.close();
    }

    @Test
    void aDisconnectCallsOnConnectionCloseThenCancelsThePendingAwaitAndEndsQuietly(TestClient client, TestLoop loop) {
        try (ExpectLog appLog = ExpectLog.allow("dev.squall.application", "");
                ExpectLog generalLog = ExpectLog.allow("dev.squall.general", "")) {
            requestThenLeave(client, loop);
            loop.join(finished);
            assertEquals(List.of("onConnectionClose", "cancelled", "finally, inEventLoop=true", "onFinish"), events);
            assertTrue(answer.isCancelled(), "the awaited future was cancelled with the coroutine");
            assertEquals(List.of(), appLog.messages(), "a client leaving is no error");
            assertEquals(List.of(), generalLog.messages());
        }
    }

    @Test
    void aHandlerThatOptsOutOfCancellationRunsToCompletionAfterADisconnect(TestClient client, TestLoop loop) {
        cancelOnDisconnect = false;
        requestThenLeave(client, loop);
        loop.join(connectionClosed);
        loop.settle(); // anything the loop does after onConnectionClose has happened
        assertFalse(answer.isCancelled());
        assertFalse(finished.isDone(), "the handler is still waiting for its answer");
        answer.complete("saved"); // from the test thread: the coroutine resumes on the loop
        loop.join(finished);
        assertEquals(List.of("onConnectionClose", "got saved", "finally, inEventLoop=true", "onFinish"), events);
    }

    // ---------------------------------------------------------------------------------------------------
    // The blocked-loop watchdog: debug mode and blockingLogThreshold

    static final class Hello extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }
    }

    @Test
    void debugModeWatchesEveryLoopTheApplicationListensOnWithTheDefaultThreshold(TestLoop loop) {
        Application app =
                Application.builder().route("/", Hello::new).debug(true).build();
        assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, app.blockingLogThreshold());
        for (IOLoop l : loop.closeAfterTest(app.listen(0, "127.0.0.1")).loops().loops()) {
            assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(l), l.name());
        }
    }

    @Test
    void aBlockingLogThresholdWatchesTheLoopsWithoutDebugMode(TestLoop loop) {
        Duration threshold = Duration.ofMillis(250);
        Application app = Application.builder()
                .route("/", Hello::new)
                .blockingLogThreshold(threshold)
                .build();
        for (IOLoop l : loop.closeAfterTest(app.listen(0, "127.0.0.1")).loops().loops()) {
            assertEquals(threshold, BlockingWatchdog.threshold(l), l.name());
        }
    }

    @Test
    void withoutDebugModeOrAThresholdNoLoopIsWatched(TestLoop loop) {
        Application app = Application.builder().route("/", Hello::new).build();
        assertNull(app.blockingLogThreshold());
        for (IOLoop l : loop.closeAfterTest(app.listen(0, "127.0.0.1")).loops().loops()) {
            assertNull(BlockingWatchdog.threshold(l), l.name());
        }
    }

    @Test
    void aServerBuiltByHandHasEachLoopWatchedFromItsFirstRequest(TestLoop loop) {
        Application app = Application.builder()
                .route("/", Hello::new)
                .logFunction(h -> {})
                .debug(true)
                .build();
        IOLoop own = loop.closeAfterTest(
                IOLoop.builder().name("built-by-hand").daemon(true).build());
        HttpServer server = loop.closeAfterTest(HttpServer.builder()
                .handler(app)
                .loops(LoopGroup.of(own))
                .build()
                .listen(0, "127.0.0.1"));
        assertNull(BlockingWatchdog.threshold(own));
        assertEquals(
                "hello",
                RawConnection.open(server.port()).send(GET).readResponse().bodyText());
        assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(own));
    }

    static final class BlocksTheLoop extends CoroutineRequestHandler {
        private final CountDownLatch release;

        BlocksTheLoop(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void get() throws InterruptedException {
            release.await(); // the mistake: a blocking call in a coroutine holds the loop
            write("released");
        }
    }

    @Test
    void inDebugModeTheWatchdogReportsACoroutineHandlerThatBlocksWithTheHandlersStack(TestLoop loop)
            throws InterruptedException {
        // The JVM's first virtual thread sets up their scheduler, which can hold the loop past the threshold on a
        // busy machine; the watchdog would report that, and each task only once, instead of the handler.
        Thread.startVirtualThread(() -> {}).join();
        CountDownLatch release = new CountDownLatch(1);
        Application app = Application.builder()
                .route("/", () -> new BlocksTheLoop(release))
                .logFunction(h -> {})
                .debug(true)
                .build();
        HttpServer server = loop.closeAfterTest(app.listen(0, "127.0.0.1"));
        loop.closeAfterTest(release::countDown); // closed first: the server's loop can then close
        try (ExpectLog log = ExpectLog.expect(
                BlockingWatchdog.LOGGER_NAME,
                r -> r.getLevel() == Level.WARNING && ExpectLog.message(r).contains(BlocksTheLoop.class.getName()))) {
            RawConnection c = RawConnection.open(server.port()).send(GET);
            String warning = ExpectLog.message(log.awaitRecord());
            release.countDown();
            assertEquals("released", c.readResponse().bodyText());
            assertTrue(warning.contains("(threshold 100 ms); the coroutine 'squall-coroutine-"), warning);
            assertTrue(warning.contains("at " + BlocksTheLoop.class.getName() + ".get("), warning);
            assertTrue(warning.contains("Loop code must not block"), warning);
        }
    }
}
