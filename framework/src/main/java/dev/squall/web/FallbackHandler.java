package dev.squall.web;

import dev.squall.http.HttpHandler;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Hands the requests of a route to any {@link HttpHandler} — another framework's adapter, a hand-written
 * handler on the bare server, or another {@link Application} — as Tornado's {@code FallbackHandler}:
 *
 * <pre>{@code
 * HttpHandler legacy = (request, response) -> response.end(200, headers, body);
 * Application.builder()
 *         .route("/api/.*", ApiHandler::new)
 *         .route(".*", FallbackHandler.to(legacy))
 *         .build();
 * }</pre>
 *
 * <p>The fallback gets the request and the response as the server gave them and answers as it would on the
 * server itself: this handler writes nothing, and the application's access log, error pages and
 * {@code onFinish()} do not apply. Methods outside GET, HEAD, POST, DELETE, PATCH, PUT and OPTIONS are a 405
 * before the fallback is reached, as in Tornado.
 */
public final class FallbackHandler extends BaseRequestHandler {
    private final HttpHandler fallback;

    /**
     * Creates the handler.
     *
     * @param fallback the handler that answers
     */
    public FallbackHandler(HttpHandler fallback) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Returns a route factory handing every request to {@code fallback}.
     *
     * @param fallback the handler that answers; shared by all requests
     * @return a factory for {@link Application.Builder#route(String, Supplier)}
     */
    public static Supplier<FallbackHandler> to(HttpHandler fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return () -> new FallbackHandler(fallback);
    }

    /** Hands the request over; the method is then not run. Called on the loop. */
    @Override
    protected CompletionStage<?> invokePrepare() throws Exception {
        fallback.handle(request(), handOver());
        return DONE;
    }

    /** Never called: {@link #invokePrepare()} finished the handler. */
    @Override
    protected CompletionStage<?> invokeMethod(HttpMethod method) {
        return DONE;
    }

    /** Every method: the fallback decides. */
    @Override
    protected Collection<String> allowedMethods() {
        return Arrays.stream(HttpMethod.values()).map(HttpMethod::name).toList();
    }
}
