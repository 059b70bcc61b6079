package dev.squall.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Knows which requests that {@link TestClient#fetchAsync} sent are still on their way to the application, so
 * that {@link VirtualTime#advance} does not move time before the application has them: a handler that sets
 * a timeout must set it before the clock jumps, or it would measure from the wrong time.
 *
 * <p>A request is matched with the server's dispatch by its connection's port (an asynchronous fetch has a
 * connection of its own). Thread-safe: the client's threads, the loop and the test thread all call in.
 */
final class RequestTracker {
    private final Object lock = new Object();
    private final List<InFlight> inFlight = new ArrayList<>();
    private final Map<Integer, InFlight> byPort = new HashMap<>();

    /** One asynchronous request between its start and its response. */
    static final class InFlight {
        private int port = -1;
        private boolean dispatched;
    }

    /** Called before the request's connection opens. */
    InFlight started() {
        InFlight f = new InFlight();
        synchronized (lock) {
            inFlight.add(f);
        }
        return f;
    }

    /** Called once the connection is open, before the request is sent. */
    void connected(InFlight f, int localPort) {
        synchronized (lock) {
            f.port = localPort;
            byPort.put(localPort, f);
        }
    }

    /** Called when the response arrived or the request failed. */
    void finished(InFlight f) {
        synchronized (lock) {
            inFlight.remove(f);
            if (f.port >= 0 && byPort.get(f.port) == f) {
                byPort.remove(f.port);
            }
            lock.notifyAll();
        }
    }

    /** Called on the loop once the application's handler has been called for a request from {@code remotePort}. */
    void dispatched(int remotePort) {
        synchronized (lock) {
            InFlight f = byPort.get(remotePort);
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
                    throw new AssertionFailedError("interrupted while waiting for requests to reach the application", e);
                }
            }
        }
    }

    private boolean allDispatched() {
        for (InFlight f : inFlight) {
            if (!f.dispatched) {
                return false;
            }
        }
        return true;
    }
}
