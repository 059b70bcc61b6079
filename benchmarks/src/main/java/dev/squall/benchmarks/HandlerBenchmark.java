package dev.squall.benchmarks;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpVersion;
import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state of a benchmark that calls handlers directly, with no socket: the benchmark thread stands in for the
 * loop thread (as a coroutine holding the loop does, through {@code LoopInternals.setDelegate}), so the handlers'
 * loop checks pass, and every call answers into one {@link RecordingResponse}, reset per operation, so that
 * {@code gc.alloc.rate.norm} is the handler side's alone. A subclass builds its requests and checks its handlers'
 * answers in {@link #prepare}, and measures with {@link #run}.
 */
public abstract class HandlerBenchmark extends ShortRun {
    /** The response every call answers into. */
    final RecordingResponse response = new RecordingResponse();

    private final String loopName;
    private @Nullable IOLoop loop;

    /**
     * Creates the state.
     *
     * @param loopName the loop's name
     */
    HandlerBenchmark(String loopName) {
        this.loopName = loopName;
    }

    /**
     * Builds the requests on {@code loop} and checks the handlers' answers; called once, on the benchmark thread.
     *
     * @param loop the loop, with this thread as its delegate
     * @throws Exception if a handler does not answer as measured
     */
    abstract void prepare(IOLoop loop) throws Exception;

    /**
     * Starts the loop, makes this thread its delegate and calls {@link #prepare}.
     *
     * @throws Exception if the loop does not start or {@link #prepare} fails
     */
    @Setup
    public final void setUp() throws Exception {
        IOLoop l = delegatedLoop(loopName);
        loop = l;
        prepare(l);
    }

    /** Stops the loop. */
    @TearDown
    public final void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    /**
     * Calls {@code handler} with {@code request} on this thread, answering into the reset {@link #response}.
     *
     * @param handler the handler
     * @param request the request, made in {@link #prepare}
     * @return the body length, for the blackhole
     * @throws Exception if the handler throws
     */
    final int run(HttpHandler handler, @Nullable HttpServerRequest request) throws Exception {
        RecordingResponse r = response;
        r.reset();
        handler.handle(Objects.requireNonNull(request, "made in @Setup"), r);
        return r.bodyLength;
    }

    /**
     * Runs {@code request} once and checks that the answer is 200 with {@code bodyLength} bytes.
     *
     * @param handler the handler
     * @param request the request
     * @param bodyLength the expected body length
     * @param ifNot what a wrong answer likely means, appended to the exception's message (or empty)
     * @throws IllegalStateException if the answer differs
     * @throws Exception if the handler throws
     */
    final void check(HttpHandler handler, HttpServerRequest request, int bodyLength, String ifNot) throws Exception {
        run(handler, request);
        if (response.status != 200 || response.bodyLength != bodyLength) {
            throw new IllegalStateException(handler.getClass().getName() + " answered " + request.path() + " with "
                    + response.status + " and " + response.bodyLength + " bytes, expected 200 and " + bodyLength
                    + ifNot);
        }
    }

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

    /**
     * A GET of {@code path} with {@code headers} from 127.0.0.1, as the HTTP/1 parser hands it to a handler.
     *
     * @param loop the request's loop
     * @param path the path and query
     * @param headers the request headers
     * @return the request
     */
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
}
