package dev.squall.httpclient;

import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Squall server that holds each request until the test answers it, recording the client port of every
 * request, so tests can see how many connections the client used and when requests reach the server.
 */
final class HoldingServer {
    record Held(HttpServerRequest request, HttpServerResponse response) {
        void answer(String body) {
            ClientFixture.serverLoops().next().execute(() -> response.end(200, "text/plain", body));
        }
    }

    final HttpServer server;
    final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    HoldingServer(ClientFixture fx) {
        server = fx.server((req, resp) -> {
            clientPorts.add(req.remoteAddress().getPort());
            held.add(new Held(req, resp));
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    PoolKey key() {
        return new PoolKey(HttpRequest.get(url("/")).origin(), null, null);
    }

    /** Waits (at most 10 s) for the next request to arrive. */
    Held next() throws InterruptedException {
        Held h = held.poll(10, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no request reached the server within 10 s");
        }
        return h;
    }
}
