package dev.squall.testing.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.squall.loop.IOLoop;
import dev.squall.testing.ExpectLog;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestLoop;
import dev.squall.testing.VirtualTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/testing.md that need only the loop, in a package of their own so that they use the
 * harness's public API exactly as a user does. Keep them in step with the guide.
 */
@SquallTest
class LoopGuideTest {

    // guide: async
    @Test
    void chainedFuturesRunOnTheLoop(TestLoop loop) {
        String greeting = loop.run(() -> {
            CompletableFuture<String> name = new CompletableFuture<>();
            IOLoop.current().callLater(Duration.ofMillis(5), () -> name.complete("world"));
            return name.thenApply(n -> "Hello, " + n);
        });
        assertEquals("Hello, world", greeting);
    }

    // guide: virtual time
    @Test
    void reminderFiresAfterAnHourOfVirtualTime(TestLoop loop, VirtualTime time) {
        CompletableFuture<String> reminder = loop.call(() -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            IOLoop.current().callLater(Duration.ofHours(1), () -> f.complete("stand up"));
            return f;
        });
        time.advance(Duration.ofMinutes(59));
        assertFalse(reminder.isDone());
        time.advance(Duration.ofMinutes(1));
        assertEquals("stand up", reminder.getNow(null));
    }

    // guide: logs
    @Test
    void warnsWhenTheQueueIsFull() {
        System.Logger log = System.getLogger("com.example.queue");
        try (ExpectLog expected = ExpectLog.expect("com.example.queue", "is full")) {
            log.log(System.Logger.Level.WARNING, "queue {0} is full", "orders");
            assertEquals("queue orders is full", expected.messages().get(0));
        }
    }

    // guide: timeouts
    @Test
    @SquallTimeout(30)
    void mayTakeLonger(TestLoop loop) {
        assertEquals(4, loop.call(() -> 2 + 2));
    }
}
