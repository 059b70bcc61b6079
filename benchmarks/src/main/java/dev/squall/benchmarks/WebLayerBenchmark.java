package dev.squall.benchmarks;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.loop.IOLoop;
import dev.squall.samples.hello.HelloApp;
import dev.squall.samples.hello.HelloHandler;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What the web layer costs per request: the {@code hello} sample as users write it ({@link HelloApp}: an
 * {@code Application} routing to a fresh {@code RequestHandler} per request, access log off, no ETag) against
 * the same routes written straight on the server ({@link HelloHandler}, the {@code hello-bare} sample), on
 * the same request objects and the same do-nothing response. The difference between the two is the routing,
 * the handler's lifecycle and its output buffering — what issue 3 wants within 10 % of the bare server on the
 * real path (where parsing, encoding and the socket add about 1 µs per request to both).
 *
 * <pre>{@code benchmarks/jmh.sh WebLayerBenchmark -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 *
 * <p>The benchmark thread stands in for the loop thread and the response records the status and body length, reset
 * per operation, as {@link HandlerBenchmark} describes.
 */
public class WebLayerBenchmark extends HandlerBenchmark {
    private final HttpHandler app = HelloApp.app(false);
    private final HttpHandler bare = new HelloHandler();
    private @Nullable HttpServerRequest plaintext;
    private @Nullable HttpServerRequest json;

    /** Creates the state. */
    public WebLayerBenchmark() {
        super("web-layer-benchmark");
    }

    /** Builds the requests and checks both handlers' answers. */
    @Override
    void prepare(IOLoop loop) throws Exception {
        HttpServerRequest p = request(loop, "/plaintext");
        HttpServerRequest j = request(loop, "/json");
        plaintext = p;
        json = j;
        check(app, p, 13, "");
        check(bare, p, 13, "");
        check(app, j, 27, "");
        check(bare, j, 27, "");
    }

    private static HttpServerRequest request(IOLoop loop, String path) {
        // wrk's request: the start line and Host, as the parser hands it over.
        return request(loop, path, new HttpHeaders(2).set("Host", "127.0.0.1:18080"));
    }

    /**
     * {@code GET /plaintext} through {@link HelloApp}.
     *
     * @return the body length, for the blackhole
     * @throws Exception never: both handlers answer these requests
     */
    @Benchmark
    public int appPlaintext() throws Exception {
        return run(app, plaintext);
    }

    /**
     * {@code GET /plaintext} through {@link HelloHandler}.
     *
     * @return the body length, for the blackhole
     * @throws Exception never: both handlers answer these requests
     */
    @Benchmark
    public int barePlaintext() throws Exception {
        return run(bare, plaintext);
    }

    /**
     * {@code GET /json} through {@link HelloApp} (Moshi serialises a new object in both).
     *
     * @return the body length, for the blackhole
     * @throws Exception never: both handlers answer these requests
     */
    @Benchmark
    public int appJson() throws Exception {
        return run(app, json);
    }

    /**
     * {@code GET /json} through {@link HelloHandler}.
     *
     * @return the body length, for the blackhole
     * @throws Exception never: both handlers answer these requests
     */
    @Benchmark
    public int bareJson() throws Exception {
        return run(bare, json);
    }
}
