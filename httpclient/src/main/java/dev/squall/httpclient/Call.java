package dev.squall.httpclient;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.StreamClosedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One fetch, from the call to the delivered response: the request's resolved options, where it is (queued,
 * waiting for a connection, connecting, exchanging), its deadline and timings. Redirects and the stale-
 * connection retry are further hops of the same call. Loop-confined except for {@link #future}.
 *
 * <p>Implements {@link Runnable} as its own deadline callback, to spare an allocation per request.
 */
final class Call implements Runnable {
    private enum State {
        NEW,
        QUEUED,
        WAITING_HOST,
        CONNECTING,
        ACTIVE,
        DONE
    }

    final AsyncHttpClient client;
    final HttpRequest original;
    /** The request of the current hop. */
    HttpRequest request;

    final ResponseFuture future = new ResponseFuture(this);
    private final @Nullable IOLoop deliverLoop;

    // Options resolved against the client's defaults.
    final long connectTimeoutNanos;
    final long requestTimeoutNanos;
    final boolean followRedirects;
    final int maxRedirects;
    int redirectsLeft;
    final long maxBodyBytes;
    final boolean decompress;
    final boolean raiseError;
    final String userAgent;

    private State state = State.NEW;
    private long startNanos;
    private long stateSinceNanos;
    long queueNanos;
    long connectNanos;
    long firstByteNanos;
    private @Nullable Timeout deadline;
    private boolean hasSlot;
    boolean retried;
    private @Nullable HostPool pool;
    private @Nullable ConnectAttempt attempt;
    private @Nullable ClientConnection connection;

    // The client's intrusive list of live calls.
    @Nullable
    Call prevLive;

    @Nullable
    Call nextLive;

    Call(AsyncHttpClient client, HttpRequest request, @Nullable IOLoop deliverLoop) {
        this.client = client;
        this.original = request;
        this.request = request;
        this.deliverLoop = deliverLoop;
        // The client's resolved defaults have every option but the proxy: these are never null.
        RequestOptions o = request.options().merge(client.resolvedDefaults);
        this.connectTimeoutNanos = Objects.requireNonNull(o.connectTimeout()).toNanos();
        this.requestTimeoutNanos = Objects.requireNonNull(o.requestTimeout()).toNanos();
        this.followRedirects = Objects.requireNonNull(o.followRedirects());
        this.maxRedirects = Objects.requireNonNull(o.maxRedirects());
        this.redirectsLeft = maxRedirects;
        this.maxBodyBytes = Objects.requireNonNull(o.maxBodyBytes());
        this.decompress = Objects.requireNonNull(o.decompressResponse());
        this.raiseError = Objects.requireNonNull(o.raiseError());
        this.userAgent = Objects.requireNonNull(o.userAgent());
    }

    /** Starts the call on the client's loop. */
    void start() {
        if (future.isDone()) {
            state = State.DONE; // cancelled before it reached the loop
            return;
        }
        if (client.isClosed()) {
            state = State.DONE;
            deliver(
                    null,
                    new IllegalStateException("this AsyncHttpClient is closed; create a new one (or use"
                            + " AsyncHttpClient.shared(loop), which replaces a closed shared client)"));
            return;
        }
        IOLoop loop = client.loop;
        startNanos = loop.nanoTime();
        stateSinceNanos = startNanos;
        client.link(this);
        if (requestTimeoutNanos > 0) {
            deadline = loop.callAt(startNanos + requestTimeoutNanos, this);
        }
        client.admit(this);
    }

    /** Fails a call that never reached the loop. Any thread. */
    void failBeforeStart(Throwable error) {
        future.deliver(null, error);
    }

    // ------------------------------------------------------------------------------------------------
    // Progress, driven by the client, the pool and the connection.

    void queued() {
        state = State.QUEUED;
        stateSinceNanos = client.loop.nanoTime();
    }

    void slotGranted() {
        hasSlot = true;
        if (state == State.QUEUED) {
            long now = client.loop.nanoTime();
            queueNanos += now - stateSinceNanos;
            stateSinceNanos = now;
        }
        startHop(false);
    }

    private void startHop(boolean forceNewConnection) {
        HttpRequest r = request;
        Origin origin = r.origin();
        HttpProxy proxy = r.proxy() != null ? r.proxy() : client.defaults.proxy();
        TlsOptions tls = null;
        if (origin.secure()) {
            tls = r.tls() != null ? r.tls() : client.resolvedDefaults.tls();
        }
        HostPool p = client.pool(new PoolKey(origin, proxy, tls));
        pool = p;
        p.acquire(this, forceNewConnection);
    }

    void waitingForHost() {
        state = State.WAITING_HOST;
        stateSinceNanos = client.loop.nanoTime();
    }

    void connecting(ConnectAttempt a) {
        long now = client.loop.nanoTime();
        if (state == State.WAITING_HOST) {
            queueNanos += now - stateSinceNanos;
        }
        state = State.CONNECTING;
        stateSinceNanos = now;
        attempt = a;
    }

    /** Returns whether the call still waits for the outcome of {@code a}. */
    boolean isWaitingFor(ConnectAttempt a) {
        return state == State.CONNECTING && attempt == a;
    }

    void useConnection(ClientConnection c) {
        long now = client.loop.nanoTime();
        if (state == State.WAITING_HOST) {
            queueNanos += now - stateSinceNanos;
        } else if (state == State.CONNECTING) {
            connectNanos += now - stateSinceNanos;
        }
        state = State.ACTIVE;
        stateSinceNanos = now;
        attempt = null;
        connection = c;
        c.begin(this);
    }

    /** The connection attempt this call waited for failed. */
    void connectFailed(Throwable error) {
        attempt = null;
        fail(error);
    }

    void onFirstByte() {
        firstByteNanos = client.loop.nanoTime() - startNanos;
    }

    /** The connection finished a redirect response; go on with {@code next}. */
    void redirect(HttpRequest next) {
        connection = null;
        request = next;
        redirectsLeft--;
        if (client.isClosed()) {
            fail(new StreamClosedException("the AsyncHttpClient was closed"));
            return;
        }
        startHop(false);
    }

    /** A reused connection failed before any response byte: send the request again on a new connection. */
    void retryOnNewConnection() {
        retried = true;
        connection = null;
        startHop(true);
    }

    void complete(HttpResponse response) {
        if (raiseError && !response.isSuccessful()) {
            finish(
                    null,
                    new HttpClientError(
                            response,
                            redirectLimitReached(response)
                                    ? "too many redirects: still " + response.code() + " after maxRedirects="
                                            + maxRedirects
                                            + " redirects; raise maxRedirects, or set followRedirects(false) to get the redirect itself"
                                    : null));
        } else {
            finish(response, null);
        }
    }

    /** Returns whether {@code response} is a redirect left unfollowed only because the limit was used up. */
    private boolean redirectLimitReached(HttpResponse response) {
        return followRedirects
                && redirectsLeft == 0
                && RedirectPolicy.isRedirect(response.code())
                && response.headers().contains("Location");
    }

    void fail(Throwable error) {
        finish(null, error);
    }

    /**
     * Stops the call wherever it is — cancelled, timed out, client closed — and fails it with {@code cause}.
     * Loop thread.
     */
    void abort(Throwable cause) {
        switch (state) {
            case QUEUED -> client.dequeue(this);
            case WAITING_HOST -> {
                if (pool != null) {
                    pool.removeWaiter(this);
                }
            }
            case CONNECTING -> {
                ConnectAttempt a = attempt;
                attempt = null;
                if (a != null) {
                    a.abandon();
                }
            }
            case ACTIVE -> {
                ClientConnection c = connection;
                connection = null;
                if (c != null) {
                    c.abort(cause);
                }
            }
            case NEW, DONE -> {}
        }
        finish(null, cause);
    }

    /** The request deadline passed. */
    @Override
    public void run() {
        deadline = null;
        if (state == State.DONE) {
            return;
        }
        Duration limit = Duration.ofNanos(requestTimeoutNanos);
        String what = request.method() + " " + request.url();
        HttpClientTimeoutException e = switch (state) {
            case QUEUED ->
                new HttpClientTimeoutException(
                        HttpClientTimeoutException.Phase.QUEUE,
                        limit,
                        what
                                + " timed out after " + format(limit)
                                + " (requestTimeout) waiting in the client's queue: all "
                                + client.maxClients
                                + " maxClients slots were busy; raise maxClients or the request timeout");
            case WAITING_HOST ->
                new HttpClientTimeoutException(
                        HttpClientTimeoutException.Phase.QUEUE,
                        limit,
                        what
                                + " timed out after " + format(limit) + " (requestTimeout) waiting for a connection to "
                                + request.origin().authority() + ": all " + client.maxConnectionsPerHost
                                + " maxConnectionsPerHost connections were busy; raise maxConnectionsPerHost or the request timeout");
            case CONNECTING ->
                new HttpClientTimeoutException(
                        HttpClientTimeoutException.Phase.REQUEST,
                        limit,
                        what
                                + " timed out after " + format(limit) + " (requestTimeout) while connecting to "
                                + request.origin().authority());
            default ->
                new HttpClientTimeoutException(
                        HttpClientTimeoutException.Phase.REQUEST,
                        limit,
                        what + " timed out after " + format(limit)
                                + " (requestTimeout) before the response was complete");
        };
        abort(e);
    }

    /** Maps a connect timeout of the TCP layer to the client's exception. */
    HttpClientTimeoutException connectTimeout() {
        Duration limit = Duration.ofNanos(connectTimeoutNanos);
        return new HttpClientTimeoutException(
                HttpClientTimeoutException.Phase.CONNECT,
                limit,
                request.method() + " "
                        + request.url() + ": connecting to " + request.origin().authority() + " timed out after "
                        + format(limit) + " (connectTimeout); is the host up and the port open?");
    }

    private void finish(@Nullable HttpResponse response, @Nullable Throwable error) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        Timeout t = deadline;
        if (t != null) {
            t.cancel();
            deadline = null;
        }
        client.unlink(this);
        if (hasSlot) {
            hasSlot = false;
            client.releaseSlot();
        }
        deliver(response, error);
    }

    private void deliver(@Nullable HttpResponse response, @Nullable Throwable error) {
        IOLoop target = deliverLoop;
        if (target == null) {
            future.deliver(response, error);
            return;
        }
        if (!target.tryExecute(() -> future.deliver(response, error))) {
            future.deliver(response, error); // the caller's loop is gone: complete here rather than never
        }
    }

    long startNanos() {
        return startNanos;
    }

    /** The caller cancelled or completed the future: abort on the loop. Any thread. */
    void abortFromOutside() {
        CancellationException why = new CancellationException("the fetch of " + original + " was cancelled");
        client.loop.runOnLoop(() -> abort(why)); // a closed loop took its connections with it
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    @Override
    public String toString() {
        return "Call[" + request + ", " + state + "]";
    }

    /**
     * The future handed to the caller. Completing it from outside — {@code cancel}, {@code complete},
     * {@code completeExceptionally}, {@code orTimeout} — aborts the request.
     */
    static final class ResponseFuture extends CompletableFuture<HttpResponse> {
        private final Call call;

        ResponseFuture(Call call) {
            this.call = call;
        }

        void deliver(@Nullable HttpResponse response, @Nullable Throwable error) {
            if (error != null) {
                super.completeExceptionally(error);
            } else {
                super.complete(response);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return abortIf(super.cancel(mayInterruptIfRunning));
        }

        @Override
        public boolean complete(HttpResponse value) {
            return abortIf(super.complete(value));
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            return abortIf(super.completeExceptionally(ex));
        }

        /** Aborts the request when the caller's completion took effect; returns {@code done}. */
        private boolean abortIf(boolean done) {
            if (done) {
                call.abortFromOutside();
            }
            return done;
        }
    }
}
