package dev.squall.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockingWatchdogTest {
    private static final Logger JUL = Logger.getLogger(BlockingWatchdog.LOGGER_NAME);
    private static final Duration THRESHOLD = Duration.ofMillis(20);
    private final IOLoop loop = IOLoop.builder().name("watched-loop").daemon(true).build();
    private final LinkedBlockingQueue<LogRecord> warnings = new LinkedBlockingQueue<>();
    private final CountDownLatch warned = new CountDownLatch(1);
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            if (r.getMessage().contains("'" + loop.name() + "'") || r.getMessage().contains(" " + loop.name() + " ")) {
                warnings.add(r);
                warned.countDown();
            }
        }

        @Override public void flush() {
        }

        @Override public void close() {
        }
    };

    @BeforeEach void captureWarnings() {
        JUL.addHandler(capture);
    }

    @AfterEach void cleanUp() {
        JUL.removeHandler(capture);
        BlockingWatchdog.unwatch(loop);
        loop.close();
    }

    /** Holds the loop until the watchdog has spoken (or 5 s passed). */
    private void blockUntilWarned() {
        try {
            warned.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test void aTaskHoldingTheLoopPastTheThresholdIsLoggedWithTheLoopThreadsStack() throws Exception {
        BlockingWatchdog.watch(loop, THRESHOLD);
        loop.execute(this::blockUntilWarned);
        LogRecord r = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "no warning was logged");
        assertEquals(Level.WARNING, r.getLevel());
        String msg = r.getMessage();
        assertTrue(msg.startsWith("loop watched-loop has been blocked for "), msg);
        assertTrue(msg.contains("its thread 'watched-loop' is at:"), msg);
        assertTrue(msg.contains("BlockingWatchdogTest.blockUntilWarned"), msg);
        assertTrue(msg.contains("Async.blocking"), msg);
    }

    @Test void aCoroutineHoldingTheLoopIsLoggedWithTheCoroutinesStack() throws Exception {
        BlockingWatchdog.watch(loop, THRESHOLD);
        CompletableFuture<Object> co = Coroutines.launch(loop, () -> {
            blockUntilWarned(); // blocks the coroutine's thread, and so the loop it holds
            return null;
        });
        LogRecord r = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "no warning was logged");
        String msg = r.getMessage();
        assertTrue(msg.contains("the coroutine 'squall-coroutine-"), msg);
        assertTrue(msg.contains("BlockingWatchdogTest.blockUntilWarned"), msg);
        co.get(5, TimeUnit.SECONDS);
    }

    @Test void watchRecordsTheThresholdAndUnwatchForgetsIt() {
        assertNull(BlockingWatchdog.threshold(loop));
        BlockingWatchdog.watch(loop);
        assertEquals(BlockingWatchdog.DEFAULT_THRESHOLD, BlockingWatchdog.threshold(loop));
        BlockingWatchdog.watch(loop, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(1), BlockingWatchdog.threshold(loop));
        BlockingWatchdog.unwatch(loop);
        assertNull(BlockingWatchdog.threshold(loop));
    }

    @Test void aThresholdThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockingWatchdog.watch(loop, Duration.ZERO));
    }
}
