package dev.squall.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.async.Async;
import dev.squall.async.Coroutines;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockingWatchdogTest {
    private static final Logger JUL = Logger.getLogger(BlockingWatchdog.LOGGER_NAME);
    /**
     * Long enough that one-time work on a busy machine (class loading, a lambda's first call) does not pass
     * for the staged block; the staged block lasts until the warning arrives, so this costs only test time.
     */
    private static final Duration THRESHOLD = Duration.ofMillis(100);

    private final IOLoop loop =
            IOLoop.builder().name("watched-loop").daemon(true).build();
    private final LinkedBlockingQueue<LogRecord> warnings = new LinkedBlockingQueue<>();
    private final CountDownLatch warned = new CountDownLatch(1);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage().contains("'" + loop.name() + "'")
                    || r.getMessage().contains(" " + loop.name() + " ")) {
                warnings.add(r);
                // Only the staged block releases the block: on a loaded machine the watchdog may first (and
                // rightly) report a hand-over that waited long for a carrier thread.
                if (r.getMessage().contains("BlockingWatchdogTest.blockUntilWarned")) {
                    warned.countDown();
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /**
     * The first virtual thread of a JVM initialises the JDK's virtual-thread machinery (and starts its carrier
     * threads) on the thread that creates it — a real block of a loop, tens of milliseconds on a busy machine,
     * which the watchdog would rightly report instead of the block a test stages. Pay for it up front.
     */
    @BeforeAll
    static void warmUpVirtualThreads() throws Exception {
        try (IOLoop warmUp = IOLoop.builder().daemon(true).build()) {
            Coroutines.async(warmUp, () -> Coroutines.await(Async.blocking(() -> 1)))
                    .get(5, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void captureWarnings() {
        JUL.addHandler(capture);
    }

    @AfterEach
    void cleanUp() {
        JUL.removeHandler(capture);
        BlockingWatchdog.unwatch(loop);
        loop.close();
    }

    /** Returns the first warning that shows the staged block, skipping others, or null after 5 s. */
    private LogRecord stagedWarning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        LogRecord r;
        while ((r = warnings.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (r.getMessage().contains("BlockingWatchdogTest.blockUntilWarned")) {
                return r;
            }
        }
        return null;
    }

    /** Holds the loop until the watchdog has spoken (or 5 s passed). */
    private void blockUntilWarned() {
        try {
            warned.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTaskHoldingTheLoopPastTheThresholdIsLoggedWithTheLoopThreadsStack() throws Exception {
        BlockingWatchdog.watch(loop, THRESHOLD);
        loop.execute(this::blockUntilWarned);
        LogRecord r = stagedWarning();
        assertNotNull(r, "no warning was logged");
        assertEquals(Level.WARNING, r.getLevel());
        String msg = r.getMessage();
        assertTrue(msg.startsWith("loop watched-loop has been blocked for "), msg);
        assertTrue(msg.contains("its thread 'watched-loop' is at:"), msg);
        assertTrue(msg.contains("BlockingWatchdogTest.blockUntilWarned"), msg);
        assertTrue(msg.contains("Async.blocking"), msg);
    }

    @Test
    void aCoroutineHoldingTheLoopIsLoggedWithTheCoroutinesStack() throws Exception {
        BlockingWatchdog.watch(loop, THRESHOLD);
        CompletableFuture<Object> co = Coroutines.async(loop, () -> {
            CompletableFuture<String> later = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> later.complete("resumed"));
            Coroutines.await(later); // block in a resumed slice, not the one that started the coroutine
            blockUntilWarned(); // blocks the coroutine's thread, and so the loop it holds
            return null;
        });
        LogRecord r = stagedWarning();
        assertNotNull(r, "no warning was logged");
        String msg = r.getMessage();
        assertTrue(msg.contains("the coroutine 'squall-coroutine-"), msg);
        assertTrue(msg.contains("BlockingWatchdogTest.blockUntilWarned"), msg);
        co.get(5, TimeUnit.SECONDS);
    }

    @Test
    void watchRecordsTheThresholdAndUnwatchForgetsIt() {
        assertNull(BlockingWatchdog.threshold(loop));
        BlockingWatchdog.watch(loop);
        assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(loop));
        BlockingWatchdog.watch(loop, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), BlockingWatchdog.threshold(loop));
        BlockingWatchdog.unwatch(loop);
        assertNull(BlockingWatchdog.threshold(loop));
    }

    @Test
    void aThresholdThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockingWatchdog.watch(loop, Duration.ZERO));
    }
}
