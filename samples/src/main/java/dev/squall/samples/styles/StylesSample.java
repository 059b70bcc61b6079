package dev.squall.samples.styles;

import dev.squall.http.HttpServer;
import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code java -jar squall-samples.jar styles [--port=8888] [--loops=N]}: the same {@code Hello, World!}
 * ({@code text/plain}) from each handler style of the web layer, so that their costs can be compared under
 * load ({@code benchmarks/styles.sh}):
 *
 * <ul>
 *   <li>{@code GET /plain/plaintext}: a {@link RequestHandler} that writes the answer;</li>
 *   <li>{@code GET /async/plaintext}: an {@link AsyncRequestHandler} that writes it and returns a completed
 *       stage;</li>
 *   <li>{@code GET /coroutine/plaintext}: a {@link CoroutineRequestHandler} that writes it (a coroutine per
 *       request, no wait);</li>
 *   <li>{@code GET /suspend/plaintext}: a Kotlin {@code SuspendRequestHandler} whose {@code suspend fun get()}
 *       writes it;</li>
 *   <li>{@code GET /async/wait}, {@code GET /coroutine/wait} and {@code GET /suspend/wait}: the answer comes from
 *       a stand-in for a remote service — a future completed by a later task of the loop — which the handler
 *       chains on, or awaits (one suspension and resumption per request).</li>
 * </ul>
 *
 * <p>The access log is off, as in the {@code hello} sample: a log line per request would measure the logger.
 */
public final class StylesSample implements Sample {
    /** What every route answers. */
    public static final String MESSAGE = "Hello, World!";

    /** Creates the sample. */
    public StylesSample() {}

    /**
     * Starts the server, prints its URL and returns; its loops keep the process alive, and a shutdown hook
     * closes it.
     *
     * @param launch port, address and loop count
     * @throws java.io.UncheckedIOException if the server cannot listen
     */
    @Override
    public void run(Launch launch) {
        HttpServer server = serve(launch);
        GracefulShutdown.install(server, launch.shutdownGrace(), server.loops()::close, "styles-shutdown");
        System.out.println("Listening on http://" + launch.address() + ":" + server.port()
                + "/{plain,async,coroutine,suspend}/plaintext and /{async,coroutine,suspend}/wait");
    }

    /**
     * Returns the application with the seven routes.
     *
     * @return the application
     */
    public static Application app() {
        return Application.builder()
                .route("/plain/plaintext", PlainHello::new)
                .route("/async/plaintext", AsyncHello::new)
                .route("/coroutine/plaintext", CoroutineHello::new)
                .route("/suspend/plaintext", SuspendHello::new)
                .route("/async/wait", AsyncWait::new)
                .route("/coroutine/wait", CoroutineWait::new)
                .route("/suspend/wait", SuspendWait::new)
                .logFunction(handler -> {})
                .build();
    }

    /**
     * Starts {@link #app()} on a new server with {@code launch.loops()} loops.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static HttpServer serve(Launch launch) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return HttpServer.builder().handler(app()).loops(loops).build().listen(launch.port(), launch.address());
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /**
     * A stand-in for a remote service: answers in a later task of the caller's loop. Loop thread only.
     *
     * @return a future completed with {@link #MESSAGE} by the next task of the loop
     */
    public static CompletableFuture<String> remoteAnswer() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        IOLoop.current().execute(() -> answer.complete(MESSAGE));
        return answer;
    }

    private static final class PlainHello extends RequestHandler {
        @Override
        public void get() {
            setHeader("Content-Type", "text/plain");
            write(MESSAGE);
        }
    }

    private static final class AsyncHello extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            setHeader("Content-Type", "text/plain");
            write(MESSAGE);
            return CompletableFuture.completedStage(null);
        }
    }

    private static final class CoroutineHello extends CoroutineRequestHandler {
        @Override
        public void get() {
            setHeader("Content-Type", "text/plain");
            write(MESSAGE);
        }
    }

    private static final class AsyncWait extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            setHeader("Content-Type", "text/plain");
            return remoteAnswer().thenAccept(this::write);
        }
    }

    private static final class CoroutineWait extends CoroutineRequestHandler {
        @Override
        public void get() {
            setHeader("Content-Type", "text/plain");
            write(await(remoteAnswer()));
        }
    }
}
