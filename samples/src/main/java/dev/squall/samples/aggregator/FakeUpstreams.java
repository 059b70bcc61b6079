package dev.squall.samples.aggregator;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.loop.LoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Four fake services on loopback, each on its own port, so the aggregator has something to call: a fast
 * {@code weather} service, a {@code news} service that takes a little while, a {@code quotes} service slower
 * than the aggregator's timeout, and a {@code stocks} service that is down (503).
 */
public final class FakeUpstreams implements AutoCloseable {
    /** How long {@code news} takes to answer. */
    public static final Duration NEWS_DELAY = Duration.ofMillis(50);

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Upstream> upstreams = new ArrayList<>();

    /**
     * Starts the services on {@code loops}.
     *
     * @param loops the loops to serve on
     * @param slowDelay how long {@code quotes} takes to answer
     */
    public FakeUpstreams(LoopGroup loops, Duration slowDelay) {
        start(
                loops,
                "weather",
                (req, resp) -> json(resp, 200, "{\"city\":\"Paris\",\"celsius\":21,\"sky\":\"clear\"}"));
        start(
                loops,
                "news",
                (req, resp) -> later(
                        req,
                        NEWS_DELAY,
                        () -> json(resp, 200, "{\"headlines\":[\"Squall 0.1 released\",\"Event loops, explained\"]}")));
        start(
                loops,
                "quotes",
                (req, resp) -> later(
                        req, slowDelay, () -> json(resp, 200, "{\"quote\":\"Simple things should be simple.\"}")));
        start(loops, "stocks", (req, resp) -> json(resp, 503, "{\"error\":\"market data feed is down\"}"));
    }

    private void start(LoopGroup loops, String name, HttpHandler handler) {
        HttpServer server =
                HttpServer.builder().handler(handler).loops(loops).build().listen(0, "127.0.0.1");
        servers.add(server);
        upstreams.add(new Upstream(name, "http://127.0.0.1:" + server.port() + "/" + name));
    }

    private static void later(HttpServerRequest request, Duration delay, Runnable answer) {
        request.loop().callLater(delay, answer);
    }

    private static void json(HttpServerResponse response, int status, String body) {
        if (!response.isFinished()) {
            response.end(status, "application/json", body);
        }
    }

    /** Returns the services, in the order the aggregator lists them. */
    public List<Upstream> upstreams() {
        return List.copyOf(upstreams);
    }

    /** Stops the services. */
    @Override
    public void close() {
        servers.forEach(HttpServer::close);
    }
}
