package dev.squall.httpclient;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The connections to one {@link PoolKey}: idle ones ready for reuse (most recently used first, as they are
 * the least likely to have been closed by the server), the count of open ones (idle, busy or connecting,
 * bounded by {@code maxConnectionsPerHost}), and the calls waiting for one. Loop-confined.
 */
final class HostPool {
    final AsyncHttpClient client;
    final PoolKey key;
    /** Connections idle, busy or being opened. */
    int open;

    private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();

    HostPool(AsyncHttpClient client, PoolKey key) {
        this.client = client;
        this.key = key;
    }

    /**
     * Finds a connection for {@code call}: an idle one, a new one while under the limit, or the next one
     * released.
     *
     * @param forceNew skip idle connections (a retry after a stale one)
     */
    void acquire(Call call, boolean forceNew) {
        if (!forceNew) {
            ClientConnection c;
            long now = client.loop.nanoTime();
            while ((c = idle.pollLast()) != null) {
                if (c.isUsable(now)) {
                    call.useConnection(c);
                    return;
                }
                c.close(); // expired or closed by the server: its close callback does the accounting
            }
        }
        if (open < client.maxConnectionsPerHost) {
            connect(call);
            return;
        }
        waiters.add(call);
        call.waitingForHost();
    }

    private void connect(Call call) {
        open++;
        ConnectAttempt a = new ConnectAttempt(this, call);
        call.connecting(a);
        a.start();
    }

    /**
     * Takes back a connection whose exchange is over: hands it to the next waiter, pools it, or closes it.
     *
     * @param reusable whether the connection may carry another request
     */
    void release(ClientConnection c, boolean reusable) {
        if (!reusable || c.isClosed() || client.isClosed() || client.idleTimeoutNanos == 0 && waiters.isEmpty()) {
            c.close();
            return;
        }
        offer(c);
    }

    /** A new or released connection: to the first waiter, else into the idle set. */
    void offer(ClientConnection c) {
        Call next = waiters.poll();
        if (next != null) {
            next.useConnection(c);
            return;
        }
        long now = client.loop.nanoTime();
        c.becameIdle(now);
        idle.addLast(c);
        client.connectionIdle(now);
    }

    /** A connection closed (for any reason, once): it no longer counts; a waiter may open a new one. */
    void connectionClosed(ClientConnection c) {
        open--;
        idle.remove(c);
        afterCapacityFreed();
    }

    void attemptSucceeded(ConnectAttempt a, ClientConnection c) {
        Call waiter = a.waiter();
        if (waiter != null && waiter.isWaitingFor(a)) {
            waiter.useConnection(c);
        } else if (client.isClosed()) {
            c.close();
        } else {
            offer(c);
        }
    }

    void attemptFailed(ConnectAttempt a, Throwable error) {
        open--;
        Call waiter = a.waiter();
        if (waiter != null && waiter.isWaitingFor(a)) {
            waiter.connectFailed(error);
        }
        afterCapacityFreed();
    }

    private void afterCapacityFreed() {
        if (open < client.maxConnectionsPerHost && !waiters.isEmpty() && !client.isClosed()) {
            connect(waiters.poll());
        }
        if (open == 0 && waiters.isEmpty()) {
            client.removePool(this);
        }
    }

    void removeWaiter(Call call) {
        waiters.remove(call);
    }

    int waiterCount() {
        return waiters.size();
    }

    int idleCount() {
        return idle.size();
    }

    /**
     * Closes idle connections whose idle time is up.
     *
     * @return when the next idle connection expires, or {@link Long#MAX_VALUE} if none is idle
     */
    long closeExpired(long now) {
        ClientConnection c;
        while ((c = idle.peekFirst()) != null && !c.isUsable(now)) {
            idle.pollFirst();
            c.close();
        }
        c = idle.peekFirst();
        return c == null ? Long.MAX_VALUE : c.idleSinceNanos() + client.idleTimeoutNanos;
    }

    void closeAll() {
        for (ClientConnection c : new ArrayList<>(idle)) {
            c.close();
        }
        idle.clear();
    }
}
