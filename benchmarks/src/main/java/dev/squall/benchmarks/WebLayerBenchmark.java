package dev.squall.benchmarks;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.http.HttpVersion;
import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import dev.squall.samples.hello.HelloApp;
import dev.squall.samples.hello.HelloHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

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
 * <p>The benchmark thread stands in for the loop thread (as a coroutine holding the loop does, through
 * {@code LoopInternals.setDelegate}), so the handlers' loop checks pass. The response records the status and body
 * length and is reset per operation, so {@code gc.alloc.rate.norm} is the handler side's alone.
 */
public class WebLayerBenchmark extends ShortRun {
    private final HttpHandler app = HelloApp.app(false);
    private final HttpHandler bare = new HelloHandler();
    private final RecordingResponse response = new RecordingResponse();
    private @Nullable IOLoop loop;
    private @Nullable HttpServerRequest plaintext;
    private @Nullable HttpServerRequest json;

    /**
     * Starts a daemon loop and makes the calling (benchmark) thread its delegate, so that handlers called on this
     * thread pass their loop checks as if they ran on the loop.
     *
     * @param name the loop's name
     * @return the loop
     * @throws Exception if the loop does not answer within 10 s
     */
    static IOLoop delegatedLoop(String name) throws Exception {
        IOLoop l = IOLoop.builder().name(name).daemon(true).build();
        Thread me = Thread.currentThread();
        l.runSync(
                () -> {
                    LoopInternals.setDelegate(l, me);
                    return CompletableFuture.completedFuture(null);
                },
                Duration.ofSeconds(10));
        return l;
    }

    /** Starts a loop, makes this thread its delegate, builds the requests and checks both handlers' answers. */
    @Setup
    public void setUp() throws Exception {
        IOLoop l = delegatedLoop("web-layer-benchmark");
        loop = l;
        plaintext = request(l, "/plaintext");
        json = request(l, "/json");
        check(app, plaintext, 13);
        check(bare, plaintext, 13);
        check(app, json, 27);
        check(bare, json, 27);
    }

    /** Stops the loop. */
    @TearDown
    public void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private static HttpServerRequest request(IOLoop loop, String path) {
        // wrk's request: the start line and Host, as the parser hands it over.
        return request(loop, path, new HttpHeaders(2).set("Host", "127.0.0.1:18080"));
    }

    /** A GET of {@code path} with {@code headers} from 127.0.0.1, as the HTTP/1 parser hands it to a handler. */
    static HttpServerRequest request(IOLoop loop, String path, HttpHeaders headers) {
        return new HttpServerRequest(
                "GET",
                path,
                HttpVersion.HTTP_1_1,
                headers,
                new byte[0],
                "127.0.0.1",
                "http",
                new InetSocketAddress("127.0.0.1", 40000),
                loop,
                loop.nanoTime());
    }

    private void check(HttpHandler handler, HttpServerRequest request, int bodyLength) throws Exception {
        response.reset();
        handler.handle(request, response);
        if (response.status != 200 || response.bodyLength != bodyLength) {
            throw new IllegalStateException(handler.getClass().getName() + " answered " + request.path() + " with "
                    + response.status + " and " + response.bodyLength + " bytes, expected 200 and " + bodyLength);
        }
    }

    private int run(HttpHandler handler, @Nullable HttpServerRequest request) throws Exception {
        RecordingResponse r = response;
        r.reset();
        handler.handle(Objects.requireNonNull(request, "made in @Setup"), r);
        return r.bodyLength;
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

    /**
     * A response that only records what {@code end} (or {@code writeHead}, {@code write}, {@code finish})
     * was given; reset per operation. It reads every header value the way the encoder does, so a handler
     * cannot look cheaper by handing over headers nobody reads.
     */
    static final class RecordingResponse implements HttpServerResponse {
        private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

        /** Told the body length when the response is finished (a benchmark that chains requests). */
        private final IntConsumer onFinished;

        int status;
        int bodyLength;
        int headerChars;
        private boolean headWritten;
        private boolean finished;

        RecordingResponse() {
            this(bodyLength -> {});
        }

        RecordingResponse(IntConsumer onFinished) {
            this.onFinished = onFinished;
        }

        void reset() {
            status = 0;
            bodyLength = 0;
            headerChars = 0;
            headWritten = false;
            finished = false;
        }

        private void head(int status, HttpHeaders headers) {
            if (headWritten) {
                throw new IllegalStateException("head written twice");
            }
            headWritten = true;
            this.status = status;
            int n = 0;
            for (int i = 0; i < headers.size(); i++) {
                n += headers.name(i).length() + headers.value(i).length();
            }
            headerChars = n;
        }

        @Override
        public void writeHead(int status, @Nullable String reason, HttpHeaders headers) {
            head(status, headers);
        }

        @Override
        public void write(ByteBuffer chunk) {
            bodyLength += chunk.remaining();
            chunk.position(chunk.limit());
        }

        @Override
        public void write(byte[] chunk) {
            bodyLength += chunk.length;
        }

        @Override
        public void write(ByteString chunk) {
            bodyLength += chunk.size();
        }

        @Override
        public CompletableFuture<Void> flush() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void finish() {
            finished = true;
            onFinished.accept(bodyLength);
        }

        @Override
        public void end(int status, HttpHeaders headers, byte[] body) {
            head(status, headers);
            bodyLength = body.length;
            finished = true;
            onFinished.accept(bodyLength);
        }

        @Override
        public boolean isHeadWritten() {
            return headWritten;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public CompletableFuture<Void> closeFuture() {
            return NEVER;
        }

        @Override
        public void closeAfterResponse() {}
    }
}
