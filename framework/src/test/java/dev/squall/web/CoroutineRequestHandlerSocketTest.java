package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServer;
import dev.squall.loop.BlockingWatchdog;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@link CoroutineRequestHandlerTest} over real sockets through {@link Application#listen}, and what only a real
 * connection or a real loop shows: the client going away mid-request, and the blocked-loop watchdog that
 * debug mode turns on.
 */
class CoroutineRequestHandlerSocketTest extends CoroutineRequestHandlerTest {
    @Override WebClient client(Application app) {
        return socket(app);
    }

    // ---------------------------------------------------------------------------------------------------
    // The client goes away while the coroutine waits

    static final class AwaitsTheAnswer extends CoroutineRequestHandler {
        final CompletableFuture<String> answer;
        final CompletableFuture<Void> awaiting;
        final CompletableFuture<Void> connectionClosed = new CompletableFuture<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        final List<String> events;
        final boolean cancelOnDisconnect;

        AwaitsTheAnswer(CompletableFuture<String> answer, CompletableFuture<Void> awaiting, List<String> events,
                boolean cancelOnDisconnect) {
            this.answer = answer;
            this.awaiting = awaiting;
            this.events = events;
            this.cancelOnDisconnect = cancelOnDisconnect;
        }

        @Override public void get() {
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

        @Override protected boolean cancelOnDisconnect() {
            return cancelOnDisconnect;
        }

        @Override public void onConnectionClose() {
            events.add("onConnectionClose");
            connectionClosed.complete(null);
        }

        @Override public void onFinish() {
            events.add("onFinish");
            finished.complete(null);
        }
    }

    /** Serves one {@link AwaitsTheAnswer}, sends a GET, and returns once the handler awaits. */
    private Socket requestThatAwaits(AwaitsTheAnswer[] handler, CompletableFuture<String> answer,
            List<String> events, boolean cancelOnDisconnect) throws Exception {
        CompletableFuture<Void> awaiting = new CompletableFuture<>();
        SocketClient c = (SocketClient) socket(Application.builder()
                .route("/", () -> handler[0] = new AwaitsTheAnswer(answer, awaiting, events, cancelOnDisconnect))
                .logFunction(h -> { }).build());
        Socket s = c.send("GET", "/", new HttpHeaders(), new byte[0], false);
        awaiting.get(5, TimeUnit.SECONDS);
        return s;
    }

    @Test void aDisconnectCallsOnConnectionCloseThenCancelsThePendingAwaitAndEndsQuietly() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        List<String> events = new CopyOnWriteArrayList<>();
        AwaitsTheAnswer[] handler = new AwaitsTheAnswer[1];
        try (LogCapture appLog = new LogCapture("dev.squall.application");
                LogCapture generalLog = new LogCapture("dev.squall.general")) {
            Socket s = requestThatAwaits(handler, answer, events, true);
            s.close();
            handler[0].finished.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("onConnectionClose", "cancelled", "finally, inEventLoop=true", "onFinish"), events);
            assertTrue(answer.isCancelled(), "the awaited future was cancelled with the coroutine");
            assertEquals(List.of(), appLog.messages(), "a client leaving is no error");
            assertEquals(List.of(), generalLog.messages());
        }
    }

    @Test void aHandlerThatOptsOutOfCancellationRunsToCompletionAfterADisconnect() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        List<String> events = new CopyOnWriteArrayList<>();
        AwaitsTheAnswer[] handler = new AwaitsTheAnswer[1];
        Socket s = requestThatAwaits(handler, answer, events, false);
        s.close();
        handler[0].connectionClosed.get(5, TimeUnit.SECONDS);
        onLoop(() -> { }); // anything the loop does after onConnectionClose has happened
        assertFalse(answer.isCancelled());
        assertFalse(handler[0].finished.isDone(), "the handler is still waiting for its answer");
        answer.complete("saved"); // from the test thread: the coroutine resumes on the loop
        handler[0].finished.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("onConnectionClose", "got saved", "finally, inEventLoop=true", "onFinish"), events);
    }

    // ---------------------------------------------------------------------------------------------------
    // The blocked-loop watchdog: debug mode and blockingLogThreshold

    static final class Hello extends RequestHandler {
        @Override public void get() {
            write("hello");
        }
    }

    @Test void debugModeWatchesEveryLoopTheApplicationListensOnWithTheDefaultThreshold() {
        Application app = Application.builder().route("/", Hello::new).debug(true).build();
        assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, app.blockingLogThreshold());
        HttpServer server = app.listen(0, "127.0.0.1");
        try {
            for (IOLoop l : server.loops().loops()) {
                assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(l), l.name());
            }
        } finally {
            server.close();
        }
    }

    @Test void aBlockingLogThresholdWatchesTheLoopsWithoutDebugMode() {
        Duration threshold = Duration.ofMillis(250);
        Application app = Application.builder().route("/", Hello::new).blockingLogThreshold(threshold).build();
        HttpServer server = app.listen(0, "127.0.0.1");
        try {
            for (IOLoop l : server.loops().loops()) {
                assertEquals(threshold, BlockingWatchdog.threshold(l), l.name());
            }
        } finally {
            server.close();
        }
    }

    @Test void withoutDebugModeOrAThresholdNoLoopIsWatched() {
        Application app = Application.builder().route("/", Hello::new).build();
        assertNull(app.blockingLogThreshold());
        HttpServer server = app.listen(0, "127.0.0.1");
        try {
            for (IOLoop l : server.loops().loops()) {
                assertNull(BlockingWatchdog.threshold(l), l.name());
            }
        } finally {
            server.close();
        }
    }

    @Test void aServerBuiltByHandHasEachLoopWatchedFromItsFirstRequest() {
        Application app = Application.builder().route("/", Hello::new).logFunction(h -> { }).debug(true).build();
        IOLoop own = IOLoop.builder().name("built-by-hand").daemon(true).build();
        HttpServer server = HttpServer.builder().handler(app).loops(LoopGroup.of(own)).build().listen(0, "127.0.0.1");
        try {
            assertNull(BlockingWatchdog.threshold(own));
            assertEquals("hello", new SocketClient(server.port(), own).get("/").text());
            assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(own));
        } finally {
            server.close();
            own.close();
        }
    }

    static final class BlocksTheLoop extends CoroutineRequestHandler {
        private final CountDownLatch release;

        BlocksTheLoop(CountDownLatch release) {
            this.release = release;
        }

        @Override public void get() throws InterruptedException {
            release.await(); // the mistake: a blocking call in a coroutine holds the loop
            write("released");
        }
    }

    /** Completes {@link #warning} with the first watchdog warning that names {@code culprit}. */
    static final class WatchdogWarning extends Handler implements AutoCloseable {
        final CompletableFuture<String> warning = new CompletableFuture<>();
        private final Logger logger = Logger.getLogger(BlockingWatchdog.LOGGER_NAME);
        private final String culprit;

        WatchdogWarning(String culprit) {
            this.culprit = culprit;
            logger.addHandler(this);
        }

        @Override public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING && record.getMessage().contains(culprit)) {
                warning.complete(record.getMessage());
            }
        }

        @Override public void flush() {
        }

        @Override public void close() {
            logger.removeHandler(this);
        }
    }

    @Test void inDebugModeTheWatchdogReportsACoroutineHandlerThatBlocksWithTheHandlersStack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Application app = Application.builder().route("/", () -> new BlocksTheLoop(release))
                .logFunction(h -> { }).debug(true).build();
        HttpServer server = app.listen(0, "127.0.0.1");
        try (WatchdogWarning log = new WatchdogWarning(BlocksTheLoop.class.getName())) {
            SocketClient c = new SocketClient(server.port(), null);
            CompletableFuture<TestResponse> response = CompletableFuture.supplyAsync(() -> c.get("/"));
            String warning = log.warning.get(5, TimeUnit.SECONDS);
            release.countDown();
            assertEquals("released", response.get(5, TimeUnit.SECONDS).text());
            assertTrue(warning.contains("(threshold 100 ms); the coroutine 'squall-coroutine-"), warning);
            assertTrue(warning.contains("at " + BlocksTheLoop.class.getName() + ".get("), warning);
            assertTrue(warning.contains("Loop code must not block"), warning);
        } finally {
            release.countDown();
            server.close();
        }
    }
}
