package dev.squall.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Knows which requests that {@link TestClient#fetchAsync} sent are still on their way to the application, so
 * that {@link VirtualTime#advance} does not move time before the application has them: a handler that sets
 * a timeout must set it before the clock jumps, or it would measure from the wrong time.
 *
 * <p>A request carries its number in the {@link #HEADER} header, which the harness removes before the
 * application sees the request. Thread-safe: the client, the loop and the test thread all call in.
 */
final class RequestTracker {
    /** The request header that carries a tracked request's number from the client to the server. */
    static final String HEADER = "X-Squall-Test-Request";

    private final Object lock = new Object();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private long nextId;

    /** One asynchronous request between its start and its response. */
    static final class InFlight {
        final String id;
        private boolean dispatched;

        InFlight(String id) {
            this.id = id;
        }
    }

    /** Called before the request is sent; put {@link InFlight#id} in its {@link #HEADER}. */
    InFlight started() {
        synchronized (lock) {
            InFlight f = new InFlight(Long.toString(++nextId));
            inFlight.put(f.id, f);
            return f;
        }
    }

    /** Called when the response arrived or the request failed. */
    void finished(InFlight f) {
        synchronized (lock) {
            inFlight.remove(f.id);
            lock.notifyAll();
        }
    }

    /** Called on the loop once the application's handler has been called for the request numbered {@code id}. */
    void dispatched(String id) {
        synchronized (lock) {
            InFlight f = inFlight.get(id);
            if (f != null) {
                f.dispatched = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until every asynchronous request has reached the application or been answered.
     *
     * @param budget the longest wait
     * @throws AssertionFailedError if some have not within {@code budget}
     */
    void awaitReachedApplication(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (lock) {
            while (!allDispatched()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionFailedError(inFlight.size() + " request(s) sent with fetchAsync had neither "
                            + "reached the application nor been answered when the test's time ran out");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionFailedError(
                            "interrupted while waiting for requests to reach the application", e);
                }
            }
        }
    }

    private boolean allDispatched() {
        for (InFlight f : inFlight.values()) {
            if (!f.dispatched) {
                return false;
            }
        }
        return true;
    }
}
