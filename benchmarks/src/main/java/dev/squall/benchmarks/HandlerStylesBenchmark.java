package dev.squall.benchmarks;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.loop.IOLoop;
import dev.squall.samples.styles.StylesSample;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a request costs in each handler style (issue 12), in process: the {@code styles} sample's application
 * ({@link StylesSample#app()}) handles {@code GET /ROUTE} on a real loop, {@value #BATCH} requests one after
 * the other per invocation (the next starts when the previous response has finished), on the same request
 * object and a response that only records what it is given. The routes:
 *
 * <ul>
 *   <li>{@code plain/plaintext}: a {@code RequestHandler} (the baseline);</li>
 *   <li>{@code coroutine/plaintext}, {@code suspend/plaintext}: a {@code CoroutineRequestHandler} and a Kotlin
 *       {@code SuspendRequestHandler} that never wait;</li>
 *   <li>{@code async/wait}: an {@code AsyncRequestHandler} chaining on a future that a later loop task completes
 *       (the baseline of one wait);</li>
 *   <li>{@code coroutine/wait}, {@code suspend/wait}: the same wait as one {@code await}.</li>
 * </ul>
 *
 * <p>{@code mode} picks the Java coroutines' mechanism as in {@link AwaitBenchmark} (the other styles do not
 * depend on it). The requests run on the loop thread while the benchmark thread waits, so the cost is
 * {@code cpu.threads.norm} of {@link CpuTimeProfiler} and {@code gc.alloc.rate.norm}:
 *
 * <pre>{@code benchmarks/jmh.sh HandlerStylesBenchmark -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerStylesBenchmark {
    static final int BATCH = 1000;

    /** {@code loop} or {@code handoff}: see {@link AwaitBenchmark}. */
    @Param({"loop", "handoff"})
    public String mode = "loop";

    /** The route, without its leading slash. */
    @Param({
        "plain/plaintext",
        "coroutine/plaintext",
        "suspend/plaintext",
        "async/wait",
        "coroutine/wait",
        "suspend/wait"
    })
    public String route = "plain/plaintext";

    private @Nullable IOLoop loop;
    private @Nullable Batch batch;

    /**
     * Selects the coroutine mode, starts the loop and checks that the route answers {@code Hello, World!}.
     *
     * @throws Exception if the route does not answer
     */
    @Setup
    public void setUp() throws Exception {
        AwaitBenchmark.selectMode(mode);
        IOLoop l = IOLoop.builder().name("styles-benchmark").daemon(true).build();
        loop = l;
        HttpHeaders headers = new HttpHeaders(2).set("Host", "127.0.0.1:18081");
        HttpServerRequest request = HandlerBenchmark.request(l, "/" + route, headers);
        Batch b = new Batch(StylesSample.app(), request);
        batch = b;
        int bytes = run(b, 1);
        if (b.response.status != 200 || bytes != StylesSample.MESSAGE.length()) {
            throw new IllegalStateException(
                    "/" + route + " answered " + b.response.status + " with " + bytes + " bytes");
        }
    }

    /** Stops the loop. */
    @TearDown
    public void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    /**
     * Handles {@value #BATCH} requests one after the other on the loop.
     *
     * @return the body bytes answered, for the blackhole
     * @throws Exception if a request failed
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int requests() throws Exception {
        Batch b = batch;
        if (b == null) {
            throw new IllegalStateException("not set up");
        }
        return run(b, BATCH);
    }

    private int run(Batch b, int count) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        IOLoop l = loop;
        if (l == null) {
            throw new IllegalStateException("not set up");
        }
        l.execute(() -> b.start(count, done));
        return done.get(30, TimeUnit.SECONDS);
    }

    /** Runs requests back to back on the loop: the next starts when the previous response finishes. */
    static final class Batch {
        final HttpHandler app;
        final HttpServerRequest request;
        final RecordingResponse response = new RecordingResponse(this::finished);
        private int remaining;
        private int bytes;
        private boolean inHandle;
        private boolean finishedInHandle;
        private @Nullable CompletableFuture<Integer> done;

        Batch(HttpHandler app, HttpServerRequest request) {
            this.app = app;
            this.request = request;
        }

        void start(int count, CompletableFuture<Integer> whenDone) {
            remaining = count;
            bytes = 0;
            done = whenDone;
            next();
        }

        private void next() {
            // A loop rather than recursion: a response that finishes inside handle() continues here.
            while (remaining > 0) {
                remaining--;
                response.reset();
                inHandle = true;
                finishedInHandle = false;
                try {
                    app.handle(request, response);
                } catch (Exception e) {
                    fail(e);
                    return;
                } finally {
                    inHandle = false;
                }
                if (!finishedInHandle) {
                    return; // finishes in a later loop task, which calls finished()
                }
            }
            CompletableFuture<Integer> d = done;
            if (d != null) {
                d.complete(bytes);
            }
        }

        void finished(int bodyLength) {
            bytes += bodyLength;
            if (inHandle) {
                finishedInHandle = true;
            } else {
                next();
            }
        }

        private void fail(Exception e) {
            CompletableFuture<Integer> d = done;
            if (d != null) {
                d.completeExceptionally(e);
            }
        }
    }
}
