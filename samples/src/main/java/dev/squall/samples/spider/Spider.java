package dev.squall.samples.spider;

import static dev.squall.async.Coroutines.await;

import dev.squall.async.Coroutines;
import dev.squall.async.Queue;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpClientTimeoutException;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.httpclient.ResponseTooLargeException;
import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import dev.squall.loop.PeriodicCallback;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Tornado's webspider on Squall: a {@link Queue} of URLs and {@code concurrency} workers that take a URL, fetch it
 * with the pooled {@link AsyncHttpClient}, queue the page's same-site links that were not seen before, and mark
 * the URL done; the crawl is over when {@link Queue#join(Duration)} says every URL queued was done, or when its
 * timeout runs out.
 *
 * <p>Written in the coroutine style: a worker is Tornado's {@code async def worker()} line for line — a loop of
 * {@code await}s, with {@code try/finally} making sure each URL is marked done — where the chained style would
 * turn the loop into a method that calls itself from a {@code thenCompose}. An {@code await} costs well under a
 * microsecond of CPU, nothing next to a network fetch.
 *
 * <p>Rules: only http(s) URLs on the start URL's site (scheme, host and port) are fetched; fragments are dropped and
 * URLs deduplicated in their {@linkplain Links#normalize normal form}; redirects are followed by queueing their
 * {@code Location} like a link (so an off-site redirect is not followed and a redirect to a page already seen
 * fetches nothing new); only {@code text/html} answers are parsed; at most {@code maxPages} URLs are fetched, the
 * start URL and redirects included.
 *
 * <p>Loop-confined: create it and call {@link #crawl()} on the loop of its client.
 */
final class Spider {
    /** How many fetches run at once, by default (Tornado's webspider: 10). */
    static final int DEFAULT_CONCURRENCY = 10;
    /** The crawl's time limit by default (Tornado's webspider: 300 s). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    /** The largest page body read, by default; a larger one counts as an error ({@code too large}). */
    static final long DEFAULT_MAX_PAGE_BYTES = 10L * 1024 * 1024;
    /** How often the progress line is shown on a terminal. */
    static final Duration PROGRESS_PERIOD_TERMINAL = Duration.ofMillis(200);
    /** How often a progress line is written when stderr is not a terminal. */
    static final Duration PROGRESS_PERIOD_PLAIN = Duration.ofSeconds(5);

    /** The marker a worker stops at; never a URL (those are absolute). */
    private static final String STOP = "";

    /**
     * What to crawl and how.
     *
     * @param start the first URL; its scheme, host and port are the site
     * @param concurrency how many fetches at once (the number of workers)
     * @param maxPages the most URLs fetched
     * @param timeout how long the whole crawl may take
     * @param requestTimeout how long one fetch may take
     * @param maxPageBytes the largest body read
     */
    record Settings(
            URI start, int concurrency, int maxPages, Duration timeout, Duration requestTimeout, long maxPageBytes) {}

    private final AsyncHttpClient http;
    private final IOLoop loop;
    private final Settings settings;
    private final Queue<String> queue = new Queue<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> offSite = new HashSet<>();
    private final Set<String> overLimit = new HashSet<>();
    private final List<String> fetched = new ArrayList<>();
    private final TreeMap<String, Integer> errors = new TreeMap<>();
    private int pages;
    private int htmlPages;
    private int redirects;
    private int inFlight;
    private int maxInFlight;
    private boolean stopping;

    /**
     * Creates a spider.
     *
     * @param http the client to fetch with, on the loop the crawl runs on
     * @param settings what to crawl and how
     */
    Spider(AsyncHttpClient http, Settings settings) {
        this.http = http;
        this.loop = http.loop();
        this.settings = settings;
    }

    /**
     * Crawls the site, calling {@code progress} with a status line every {@code progressPeriod} while it runs.
     * Call on the client's loop.
     *
     * @param progressPeriod how often to report progress
     * @param progress receives the progress text, on the loop
     * @return a future completed on the loop with the report when every queued URL was fetched or the timeout ran
     *     out (fetches still in flight are then abandoned)
     */
    CompletableFuture<CrawlReport> crawl(Duration progressPeriod, Consumer<String> progress) {
        long started = loop.clock().nanoTime();
        return Coroutines.async(loop, () -> {
            PeriodicCallback ticker =
                    PeriodicCallback.start(loop, progressPeriod, () -> progress.accept(progress(started)));
            admit(settings.start().toString());
            List<CompletableFuture<@Nullable Void>> workers = new ArrayList<>();
            for (int i = 0; i < settings.concurrency(); i++) {
                workers.add(Coroutines.async(loop, this::work));
            }
            boolean finished = true;
            try {
                await(queue.join(settings.timeout()));
            } catch (AsyncTimeoutException e) {
                finished = false;
            } finally {
                ticker.stop();
            }
            int left = queue.size() + inFlight; // before the stop markers go in
            stopping = true;
            for (int i = 0; i < settings.concurrency(); i++) {
                queue.offer(STOP);
            }
            if (finished) {
                for (CompletableFuture<@Nullable Void> w : workers) {
                    await(w);
                }
            }
            Duration elapsed = Duration.ofNanos(loop.clock().nanoTime() - started);
            return new CrawlReport(
                    settings.start().toString(),
                    fetched,
                    pages,
                    htmlPages,
                    redirects,
                    errors,
                    offSite.size(),
                    overLimit.size(),
                    maxInFlight,
                    elapsed,
                    finished,
                    left);
        });
    }

    /** One worker: takes URLs until it takes the stop marker. */
    private @Nullable Void work() {
        while (true) {
            String url = await(queue.get());
            try {
                if (url.equals(STOP)) {
                    return null;
                }
                if (!stopping) {
                    fetch(url);
                }
            } finally {
                queue.taskDone();
            }
        }
    }

    private void fetch(String url) {
        HttpRequest request = HttpRequest.builder(url)
                .followRedirects(false) // redirects are queued as links, so that they stay on the site
                .raiseError(false)
                .requestTimeout(settings.requestTimeout())
                .maxBodyBytes(settings.maxPageBytes())
                .build();
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        HttpResponse response;
        try {
            response = await(http.fetch(request));
        } catch (Exception e) {
            fetched.add(url);
            error(errorKind(e));
            return;
        } finally {
            inFlight--;
        }
        fetched.add(url);
        int code = response.code();
        String location = response.header("Location");
        if (code / 100 == 3 && location != null) {
            redirects++;
            admit(URI.create(url).resolve(location.strip()).toString());
        } else if (code / 100 != 2) {
            error("HTTP " + code);
        } else {
            pages++;
            String contentType = response.header("Content-Type");
            if (isHtml(contentType)) {
                htmlPages++;
                byte[] body = response.bodyBytes();
                // Parsing is CPU work that grows with the page: done off the loop, which meanwhile runs the others.
                List<String> links = Coroutines.offLoop(() -> Links.extract(body, charset(contentType), url));
                for (String link : links) {
                    admit(link);
                }
            }
        }
    }

    /** Queues {@code url} if it is on the site, new, and within {@code maxPages}; counts it otherwise. */
    private void admit(String url) {
        URI uri = Links.normalize(url);
        if (uri == null) {
            return; // mailto:, javascript:, ftp:, or not a URL at all
        }
        String key = uri.toString();
        if (!Links.sameSite(uri, settings.start())) {
            offSite.add(key);
        } else if (seen.contains(key)) {
            return;
        } else if (seen.size() >= settings.maxPages()) {
            overLimit.add(key);
        } else {
            seen.add(key);
            queue.offer(key); // unbounded: never refused
        }
    }

    private void error(String kind) {
        errors.merge(kind, 1, Integer::sum);
    }

    private String progress(long started) {
        double seconds = (loop.clock().nanoTime() - started) / 1e9;
        return String.format(
                Locale.ROOT,
                "%d fetched, %d in flight, %d queued, %d errors, %.1f requests/s",
                fetched.size(),
                inFlight,
                queue.size(),
                errors.values().stream().mapToInt(Integer::intValue).sum(),
                seconds > 0 ? fetched.size() / seconds : 0);
    }

    /** Names a failed fetch's kind for the summary. */
    static String errorKind(Throwable e) {
        if (e instanceof HttpClientTimeoutException || e instanceof AsyncTimeoutException) {
            return "timeout";
        }
        if (e instanceof ResponseTooLargeException) {
            return "too large";
        }
        if (e instanceof IOException) {
            return "connection";
        }
        return e.getClass().getSimpleName();
    }

    /** Returns whether a {@code Content-Type} names an HTML page. */
    static boolean isHtml(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = mediaType(contentType);
        return type.equals("text/html") || type.equals("application/xhtml+xml");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }

    /** Returns the {@code charset} parameter of a {@code Content-Type}, or null. */
    static @Nullable String charset(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String value = p.substring(8).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
