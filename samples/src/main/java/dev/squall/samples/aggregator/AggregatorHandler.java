package dev.squall.samples.aggregator;

import dev.squall.async.Async;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpClientError;
import dev.squall.httpclient.HttpClientTimeoutException;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.AsyncRequestHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /}: calls every upstream at once, each with {@code timeout}, and answers one JSON document with
 * an entry per upstream — its data, or why it is missing — plus the total time. One slow or broken service
 * costs its entry, never the page: the answer comes after the slowest call or the timeout, whichever is first.
 *
 * <pre>{@code
 * {"weather":{"ok":true,"ms":2,"data":{...}},
 *  "quotes":{"ok":false,"error":"timed out after 500 ms"},
 *  "stocks":{"ok":false,"error":"HTTP 503 Service Unavailable"},
 *  "totalMs":503}
 * }</pre>
 */
public final class AggregatorHandler extends AsyncRequestHandler {
    private final List<Upstream> upstreams;
    private final Duration timeout;

    /**
     * Creates the handler for one request.
     *
     * @param upstreams the services to call
     * @param timeout the limit for each call
     */
    public AggregatorHandler(List<Upstream> upstreams, Duration timeout) {
        this.upstreams = upstreams;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<?> get() {
        AsyncHttpClient http = AsyncHttpClient.shared(request().loop());
        long start = System.nanoTime();
        List<CompletableFuture<Map<String, Object>>> calls = new ArrayList<>();
        for (Upstream upstream : upstreams) {
            HttpRequest call =
                    HttpRequest.builder(upstream.url()).requestTimeout(timeout).build();
            // Each call turns into an entry whatever happens, so that one failure cannot fail them all.
            calls.add(http.fetch(call).handle(AggregatorHandler::entry));
        }
        return Async.all(calls).thenAccept(entries -> {
            Map<String, Object> page = new LinkedHashMap<>();
            for (int i = 0; i < upstreams.size(); i++) {
                page.put(upstreams.get(i).name(), entries.get(i));
            }
            page.put("totalMs", (System.nanoTime() - start) / 1_000_000);
            write(page);
        });
    }

    private static Map<String, Object> entry(HttpResponse response, Throwable error) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (error == null) {
            entry.put("ok", true);
            entry.put("ms", response.totalTime().toMillis());
            entry.put("data", response.json(Object.class));
            return entry;
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        entry.put("ok", false);
        if (e instanceof HttpClientTimeoutException t) {
            entry.put("error", "timed out after " + t.limit().toMillis() + " ms");
        } else if (e instanceof HttpClientError http) {
            entry.put("error", "HTTP " + http.code() + " " + http.response().reason());
        } else {
            entry.put("error", String.valueOf(e.getMessage()));
        }
        return entry;
    }
}
