package dev.squall.testing;

import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import java.time.Duration;

/**
 * Virtual time for a test: the test's loop reads a {@link ManualClock} that moves only when the test says,
 * so timeouts, periodic callbacks, sleeps and cookie ages fire instantly and in a deterministic order.
 * Inject it into a test method of a {@link SquallTest} class (declaring the parameter is enough to run that
 * test in virtual time).
 *
 * <pre>{@code
 * @Test void timerFiresAfterFiveVirtualMinutes(TestLoop loop, VirtualTime time) {
 *     CompletableFuture<String> fired = loop.call(() -> {
 *         CompletableFuture<String> f = new CompletableFuture<>();
 *         IOLoop.current().callLater(Duration.ofMinutes(5), () -> f.complete("fired"));
 *         return f;
 *     });
 *     time.advance(Duration.ofMinutes(5));   // returns at once, with the timer fired
 *     assertEquals("fired", fired.getNow(null));
 * }
 * }</pre>
 *
 * <p>Wall-clock limits still apply: the harness's test timeout is real time.
 */
public final class VirtualTime {
    private final TestScope scope;
    private final ManualClock clock;

    VirtualTime(TestScope scope, ManualClock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * Lets the loop catch up with what has already happened, moves time forward by {@code duration}, and waits
     * until the loop has run every timer now due and the tasks those timers queued.
     *
     * <p>Catching up means: requests sent with {@link TestClient#fetchAsync} have reached the application (or
     * been answered), and the tasks queued on the loop have run — so a handler's timeout, or a timer the test
     * set through {@link TestLoop}, starts before time jumps. The harness cannot see other bytes still inside
     * the kernel: a test that sends through a {@link RawConnection} and then advances past a deadline the
     * server should hit must first wait for a sign that the server has the bytes (a response to an earlier
     * request on the connection, for one). Likewise, I/O that the fired timers start (a write, a close) may
     * still be in flight when this returns: wait on its future, or read the socket.
     *
     * @param duration how far to move; not negative
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException if called on a loop thread
     */
    public void advance(Duration duration) {
        if (IOLoop.currentOrNull() != null) {
            throw new IllegalStateException("VirtualTime.advance() was called on loop thread '"
                    + Thread.currentThread().getName() + "'; call it from the test method, which then waits "
                    + "for the timers to run");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move time backwards: " + duration);
        }
        scope.requests().awaitReachedApplication(scope.waitBudget());
        scope.settle();
        clock.advance(duration);
        scope.settle();
    }

    /**
     * Returns the clock the test's loop reads.
     *
     * @return the manual clock
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * Returns the loop's current time, as {@link IOLoop#nanoTime()}.
     *
     * @return nanoseconds on the virtual clock
     */
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public String toString() {
        return "VirtualTime[" + scope.testName() + "]";
    }
}
