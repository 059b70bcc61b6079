package dev.squall.samples.aggregator;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.options.Option;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import dev.squall.web.Application;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar squall-samples.jar aggregator [--port=8888] [--upstream-timeout=500ms] [--slow-delay=2s]}:
 * starts four fake upstream services and an application whose {@code GET /} calls them all at once through
 * {@link dev.squall.httpclient.AsyncHttpClient} and merges their answers (see {@link AggregatorHandler}).
 */
public final class AggregatorSample implements Sample {
    /** Default limit for each upstream call. */
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofMillis(500);
    /** Default answer time of the slow fake service, beyond the default timeout. */
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(2);

    private Option<Duration> upstreamTimeout;
    private Option<Duration> slowDelay;

    /** Creates the sample. */
    public AggregatorSample() {}

    @Override
    public void defineOptions(Options options) {
        upstreamTimeout =
                options.define("upstream-timeout", DEFAULT_UPSTREAM_TIMEOUT).help("limit for each upstream call");
        slowDelay = options.define("slow-delay", DEFAULT_SLOW_DELAY).help("how long the slow fake service takes");
    }

    /**
     * Starts the services and the aggregator, prints their URLs and returns; the loops keep the process alive
     * and a shutdown hook closes everything.
     *
     * @param launch port, address and loop count
     */
    @Override
    public void run(Launch launch) {
        Running running = start(launch, upstreamTimeout.value(), slowDelay.value());
        GracefulShutdown.install(running.server(), launch.shutdownGrace(), running::close, "aggregator-shutdown");
        for (Upstream u : running.upstreams().upstreams()) {
            System.out.println("Fake upstream " + u.name() + " on " + u.url());
        }
        System.out.println("Aggregator listening on http://" + launch.address() + ":"
                + running.server().port() + "/");
    }

    /**
     * Starts the fake upstreams and the aggregator.
     *
     * @param launch port (0 for a free one), address and loop count
     * @param timeout the limit for each upstream call
     * @param slowDelay how long the slow fake service takes
     * @return what runs; close it to stop
     */
    public static Running start(Launch launch, Duration timeout, Duration slowDelay) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        FakeUpstreams upstreams = new FakeUpstreams(loops, slowDelay);
        HttpServer server = HttpServer.builder()
                .handler(app(upstreams.upstreams(), timeout))
                .loops(loops)
                .build()
                .listen(launch.port(), launch.address());
        return new Running(server, upstreams, loops);
    }

    /**
     * Returns the aggregator application: {@code GET /} calls {@code upstreams} through the loop's shared
     * {@link dev.squall.httpclient.AsyncHttpClient} (see {@link AggregatorHandler}).
     *
     * @param upstreams the services to call, in the order the page lists them
     * @param timeout the limit for each upstream call
     * @return the application
     */
    public static Application app(List<Upstream> upstreams, Duration timeout) {
        List<Upstream> list = List.copyOf(upstreams);
        return Application.builder()
                .route("/", () -> new AggregatorHandler(list, timeout))
                .build();
    }

    /**
     * The running sample.
     *
     * @param server the aggregator's server
     * @param upstreams the fake services
     * @param loops the loops everything runs on
     */
    public record Running(HttpServer server, FakeUpstreams upstreams, LoopGroup loops) implements AutoCloseable {
        /** Stops the aggregator, the services and the loops. */
        @Override
        public void close() {
            server.close();
            upstreams.close();
            loops.close();
        }
    }
}
