package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.ManualClock;
import dev.squall.net.StreamClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive pooling: reuse, limits, queueing, idle expiry, stale connections and cancellation. */
class PoolTest {
    private ClientFixture fx = new ClientFixture();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    // Set by holdFirst.
    private AsyncHttpClient client;
    private HoldingServer server;
    private CompletableFuture<HttpResponse> a;
    private HoldingServer.Held heldA;

    /** Makes a client with {@code config} and a server that holds each request, and has it hold a GET of /a. */
    private void holdFirst(Consumer<AsyncHttpClient.Builder> config) throws Exception {
        client = fx.client(config);
        server = new HoldingServer(fx);
        a = client.fetch(server.url("/a"));
        heldA = server.next();
    }

    @Test
    void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
        AsyncHttpClient client = fx.client();
        java.util.Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var server = fx.server((req, resp) -> {
            ports.add(req.remoteAddress().getPort());
            resp.end(200, "text/plain", "ok");
        });
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    "ok",
                    await(client.fetch("http://127.0.0.1:" + server.port() + "/" + i))
                            .bodyText());
        }
        assertEquals(1, ports.size());
    }

    @Test
    void concurrentRequestsOpenAtMostMaxConnectionsPerHost() throws Exception {
        AsyncHttpClient client = fx.client(b -> b.maxClients(10).maxConnectionsPerHost(2));
        HoldingServer server = new HoldingServer(fx);
        List<CompletableFuture<HttpResponse>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(client.fetch(server.url("/" + i)));
        }
        HoldingServer.Held first = server.next();
        HoldingServer.Held second = server.next();
        assertEquals(2, fx.onLoop(() -> client.openConnections(server.key())));
        assertEquals(4, fx.onLoop(() -> client.waitingForConnection(server.key())));
        first.answer("0");
        second.answer("1");
        for (int i = 2; i < 6; i++) {
            server.next().answer(Integer.toString(i));
        }
        for (CompletableFuture<HttpResponse> f : all) {
            assertEquals(200, await(f).code());
        }
        assertEquals(2, server.clientPorts.size());
    }

    @Test
    void requestsBeyondMaxClientsWaitInTheQueue() throws Exception {
        holdFirst(b -> b.maxClients(1));
        CompletableFuture<HttpResponse> b = client.fetch(server.url("/b"));
        assertEquals(1, fx.onLoop(client::queuedCount));
        heldA.answer("a");
        assertEquals("a", await(a).bodyText());
        server.next().answer("b");
        HttpResponse rb = await(b);
        assertEquals("b", rb.bodyText());
        assertTrue(rb.queueTime().compareTo(Duration.ZERO) > 0, "b waited in the queue");
    }

    @Test
    void idleConnectionsCloseAfterTheIdleTimeout() throws Exception {
        fx.close();
        ManualClock clock = new ManualClock();
        fx = new ClientFixture(clock);
        AsyncHttpClient client = fx.client(b -> b.idleTimeout(Duration.ofSeconds(30)));
        HoldingServer server = new HoldingServer(fx);
        CompletableFuture<HttpResponse> f = client.fetch(server.url("/"));
        server.next().answer("ok");
        await(f);
        assertEquals(1, fx.onLoop(() -> client.idleConnections(server.key())));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(1, fx.onLoop(() -> client.idleConnections(server.key())));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, fx.onLoop(() -> client.idleConnections(server.key())));
        assertEquals(0, fx.onLoop(() -> client.openConnections(server.key())));
    }

    /** Each connection answers one request, then reads the next request and closes without answering. */
    private static void answerOnceThenCloseOnNextRequest(RawServer.Conn conn) throws Exception {
        conn.readHead();
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        conn.readHead();
    }

    @Test
    void staleConnectionIsRetriedOnceForIdempotentRequests() throws Exception {
        AsyncHttpClient client = fx.client();
        RawServer raw = fx.raw(PoolTest::answerOnceThenCloseOnNextRequest);
        assertEquals("ok", await(client.fetch(raw.url("/1"))).bodyText());
        assertEquals("ok", await(client.fetch(raw.url("/2"))).bodyText());
        assertEquals(2, raw.connections());
    }

    @Test
    void staleConnectionFailsANonIdempotentRequest() throws Exception {
        AsyncHttpClient client = fx.client();
        RawServer raw = fx.raw(PoolTest::answerOnceThenCloseOnNextRequest);
        await(client.fetch(raw.url("/1")));
        CompletableFuture<HttpResponse> post = client.fetch(
                HttpRequest.builder(raw.url("/2")).method("POST").body("x").build());
        StreamClosedException e = failure(StreamClosedException.class, post);
        assertTrue(e.getMessage().contains("closed before a response"), e.getMessage());
        assertEquals(1, raw.connections());
    }

    @Test
    void retryHappensOnlyOnce() throws Exception {
        AsyncHttpClient client = fx.client();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        RawServer raw = fx.raw(conn -> {
            if (n.incrementAndGet() == 1) {
                answerOnceThenCloseOnNextRequest(conn);
            } else {
                conn.readHead(); // every later connection closes without answering
            }
        });
        await(client.fetch(raw.url("/1")));
        StreamClosedException e = failure(StreamClosedException.class, client.fetch(raw.url("/2")));
        assertTrue(e.getMessage().contains("closed before a response"), e.getMessage());
        assertEquals(2, raw.connections(), "one retry on one new connection, no more");
    }

    @Test
    void connectionCloseResponseIsNotReused() throws Exception {
        assertTwoFetchesTakeTwoConnections("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    }

    @Test
    void bytesAfterTheResponseMakeTheConnectionUntrusted() throws Exception {
        assertTwoFetchesTakeTwoConnections("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n");
    }

    /** A server answering each connection's request with {@code answer}: the second fetch needs a new one. */
    private void assertTwoFetchesTakeTwoConnections(String answer) throws Exception {
        AsyncHttpClient client = fx.client();
        RawServer raw = fx.raw(conn -> {
            if (conn.readHead() != null) {
                conn.write(answer);
            }
            conn.awaitClientClose();
        });
        await(client.fetch(raw.url("/1")));
        await(client.fetch(raw.url("/2")));
        assertEquals(2, raw.connections());
    }

    @Test
    void cancellingARequestInFlightFreesItsConnection() throws Exception {
        holdFirst(b -> b.maxConnectionsPerHost(1));
        assertTrue(a.cancel(true));
        CompletableFuture<HttpResponse> b = client.fetch(server.url("/b"));
        server.next().answer("b");
        assertEquals("b", await(b).bodyText());
        assertTrue(a.isCancelled());
        await(heldA.response().closeFuture()); // the cancelled request's connection was closed
        failure(CancellationException.class, a);
    }

    @Test
    void cancellingAQueuedRequestTakesItOutOfTheQueue() throws Exception {
        holdFirst(b -> b.maxClients(1));
        CompletableFuture<HttpResponse> b = client.fetch(server.url("/b"));
        assertEquals(1, fx.onLoop(client::queuedCount));
        b.cancel(true);
        assertEquals(0, fx.onLoop(client::queuedCount));
        CompletableFuture<HttpResponse> c = client.fetch(server.url("/c"));
        heldA.answer("a");
        HoldingServer.Held next = server.next();
        assertEquals("/c", next.request().path(), "the cancelled request was never sent");
        next.answer("c");
        assertEquals("c", await(c).bodyText());
    }

    @Test
    void completingTheFutureFromOutsideAbortsTheRequest() throws Exception {
        holdFirst(b -> b.maxConnectionsPerHost(1));
        a.completeExceptionally(new IllegalStateException("gave up"));
        await(heldA.response().closeFuture());
        CompletableFuture<HttpResponse> b = client.fetch(server.url("/b"));
        server.next().answer("b");
        assertEquals("b", await(b).bodyText());
    }
}
