package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpClientTimeoutException.Phase;
import dev.squall.loop.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connect, request and queue timeouts, in virtual time: the client's loop runs on a {@link ManualClock}. */
class TimeoutTest {
    private final ManualClock clock = new ManualClock();
    private final ClientFixture fx = new ClientFixture(clock);

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    /** Lets every task already submitted to the client's loop run (fetches hop onto it). */
    private void settle() throws Exception {
        fx.onLoop(() -> null);
    }

    @Test
    void connectTimeoutNamesThePhaseAndTheLimit() throws Exception {
        // A resolver that never answers keeps the connection attempt pending until the connect timeout.
        AsyncHttpClient client = fx.client(b -> b.resolver((host, port) -> new CompletableFuture<>()));
        CompletableFuture<HttpResponse> f = client.fetch(HttpRequest.builder("http://unreachable.example/")
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(60))
                .build());
        settle();
        clock.advance(Duration.ofMillis(1999));
        settle();
        assertFalse(f.isDone());
        clock.advance(Duration.ofMillis(1));
        HttpClientTimeoutException e = failure(HttpClientTimeoutException.class, f);
        assertEquals(Phase.CONNECT, e.phase());
        assertEquals(Duration.ofSeconds(2), e.limit());
        assertTrue(
                e.getMessage().contains("connecting to unreachable.example:80 timed out after 2 s (connectTimeout)"),
                e.getMessage());
    }

    @Test
    void requestTimeoutCoversWaitingForTheResponse() throws Exception {
        AsyncHttpClient client = fx.client();
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> f = fetch(client, server, "/slow", Duration.ofSeconds(5));
        HoldingServer.Held held = server.next();
        clock.advance(Duration.ofSeconds(5));
        HttpClientTimeoutException e = failure(HttpClientTimeoutException.class, f);
        assertEquals(Phase.REQUEST, e.phase());
        assertEquals(Duration.ofSeconds(5), e.limit());
        assertTrue(
                e.getMessage().contains("timed out after 5 s (requestTimeout) before the response was complete"),
                e.getMessage());
        await(held.response().closeFuture()); // the connection of the timed-out request was closed
    }

    @Test
    void requestTimeoutDefaultsToTwentySeconds() throws Exception {
        AsyncHttpClient client = fx.client();
        CompletableFuture<HttpResponse> f = fetchHeld(client);
        clock.advance(Duration.ofSeconds(19));
        settle();
        assertFalse(f.isDone());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(
                Duration.ofSeconds(20),
                failure(HttpClientTimeoutException.class, f).limit());
    }

    @Test
    void clientDefaultTimeoutAppliesWhenTheRequestSetsNone() throws Exception {
        AsyncHttpClient client = fx.client(b -> b.defaults(d -> d.requestTimeout(Duration.ofSeconds(3))));
        CompletableFuture<HttpResponse> f = fetchHeld(client);
        clock.advance(Duration.ofSeconds(3));
        assertEquals(
                Duration.ofSeconds(3),
                failure(HttpClientTimeoutException.class, f).limit());
    }

    @Test
    void waitingForAMaxClientsSlotTimesOutInTheQueuePhase() throws Exception {
        AsyncHttpClient client = fx.client(b -> b.maxClients(1));
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> a = fetch(client, server, "/a", Duration.ofSeconds(60));
        HttpClientTimeoutException e = queuedFetchTimesOut(client, server);
        assertTrue(e.getMessage().contains("all 1 maxClients slots were busy"), e.getMessage());
        assertFalse(a.isDone());
        assertEquals(0, fx.onLoop(client::queuedCount));
    }

    @Test
    void waitingForAConnectionToTheHostTimesOutInTheQueuePhase() throws Exception {
        AsyncHttpClient client = fx.client(b -> b.maxConnectionsPerHost(1));
        HoldingServer server = new HoldingServer(fx);
        fetch(client, server, "/a", Duration.ofSeconds(60));
        HttpClientTimeoutException e = queuedFetchTimesOut(client, server);
        assertTrue(e.getMessage().contains("maxConnectionsPerHost"), e.getMessage());
        assertEquals(0, fx.onLoop(() -> client.waitingForConnection(server.key())));
    }

    @Test
    void timeInTheQueueCountsTowardTheRequestTimeout() throws Exception {
        AsyncHttpClient client = fx.client(b -> b.maxClients(1));
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> a = fetch(client, server, "/a", Duration.ofSeconds(60));
        HoldingServer.Held heldA = server.next();
        CompletableFuture<HttpResponse> b = fetch(client, server, "/b", Duration.ofSeconds(5));
        settle();
        clock.advance(Duration.ofSeconds(3)); // b has waited 3 s of its 5
        heldA.answer("a");
        await(a);
        server.next(); // b reached the server; it has 2 s left
        clock.advance(Duration.ofSeconds(2));
        HttpClientTimeoutException e = failure(HttpClientTimeoutException.class, b);
        assertEquals(Phase.REQUEST, e.phase());
        assertEquals(Duration.ofSeconds(5), e.limit());
    }

    @Test
    void zeroTimeoutMeansNoLimit() throws Exception {
        AsyncHttpClient client = fx.client();
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> f = fetch(client, server, "/slow", Duration.ZERO);
        HoldingServer.Held held = server.next();
        clock.advance(Duration.ofDays(1));
        settle();
        assertFalse(f.isDone());
        held.answer("eventually");
        assertEquals("eventually", await(f).bodyText());
    }

    /** Fetches {@code path} from {@code server} with a request timeout. */
    private static CompletableFuture<HttpResponse> fetch(
            AsyncHttpClient client, HoldingServer server, String path, Duration requestTimeout) {
        return client.fetch(HttpRequest.builder(server.url(path))
                .requestTimeout(requestTimeout)
                .build());
    }

    /** Fetches /slow from a new server that holds it unanswered; returns once the server has it. */
    private CompletableFuture<HttpResponse> fetchHeld(AsyncHttpClient client) throws Exception {
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> f = client.fetch(server.url("/slow"));
        server.next();
        return f;
    }

    /**
     * With the client's only slot taken by a request the server now holds, fetches /b with a 3 s limit and
     * returns its timeout, checked to be in the queue phase.
     */
    private HttpClientTimeoutException queuedFetchTimesOut(AsyncHttpClient client, HoldingServer server)
            throws Exception {
        server.next();
        CompletableFuture<HttpResponse> b = fetch(client, server, "/b", Duration.ofSeconds(3));
        settle();
        clock.advance(Duration.ofSeconds(3));
        HttpClientTimeoutException e = failure(HttpClientTimeoutException.class, b);
        assertEquals(Phase.QUEUE, e.phase());
        return e;
    }
}
