package dev.squall.samples.spider;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.loop.IOLoop;
import dev.squall.options.Option;
import dev.squall.options.Options;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * {@code java -jar squall-samples.jar spider URL [--concurrency=10] [--max-pages=N] [--timeout=300s]}: Tornado's
 * webspider — crawls the site of {@code URL} (same scheme, host and port) with a {@link Spider}, shows a progress
 * line on stderr while it runs, and prints a summary (pages, errors by kind, time, requests per second) on stdout.
 *
 * <p>Exits with status 0 when every page of the site it found was fetched (pages that answered an error are part
 * of the summary, not a failure of the crawl), 1 when {@code --timeout} ran out first (after printing the
 * summary of what it did) or the URL cannot be crawled.
 */
public final class SpiderSample implements Sample {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private Option<Integer> concurrency;
    private Option<Integer> maxPages;
    private Option<Duration> timeout;
    private Option<Duration> requestTimeout;
    private Option<Long> maxPageBytes;
    private Option<Boolean> progress;

    /** Creates the sample: summary to {@link System#out}, progress to {@link System#err}. */
    public SpiderSample() {
        this(System.out, System.err, stderrIsTerminal());
    }

    /**
     * Creates the sample with its output streams.
     *
     * @param out where the summary goes
     * @param err where the progress line goes
     * @param terminal whether {@code err} is a terminal (the progress line is then rewritten in place)
     */
    public SpiderSample(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void defineOptions(Options options) {
        concurrency = options.define("concurrency", Spider.DEFAULT_CONCURRENCY)
                .help("how many pages to fetch at once (the number of workers)")
                .check(n -> n >= 1 && n <= 1000, "1..1000");
        maxPages = options.define("max-pages", 0)
                .metavar("N")
                .help("fetch at most this many URLs (redirects included); 0: no limit")
                .check(n -> n >= 0, "0 or more");
        timeout = options.define("timeout", Spider.DEFAULT_TIMEOUT)
                .help("stop the crawl after this long (Tornado's webspider: 300 s)");
        requestTimeout =
                options.define("request-timeout", Duration.ofSeconds(20)).help("the limit for one page");
        maxPageBytes = options.define("max-page-bytes", Spider.DEFAULT_MAX_PAGE_BYTES)
                .help("the largest page read; a larger one counts as an error");
        progress = options.define("progress", true).help("show a progress line on stderr while crawling");
    }

    /**
     * Crawls the site of the URL given as the only argument and prints the summary.
     *
     * @param launch the start URL as the positional argument
     * @throws IOException if the arguments do not name one http(s) URL, or the crawl ran out of time
     */
    @Override
    public void run(Launch launch) throws IOException {
        if (launch.arguments().size() != 1) {
            throw new IOException("give exactly one URL to crawl, e.g. spider http://127.0.0.1:8888/ (got "
                    + launch.arguments().size() + " arguments)");
        }
        String url = launch.arguments().get(0);
        URI start = Links.normalize(url);
        if (start == null) {
            throw new IOException("cannot crawl '" + url + "': give an absolute http:// or https:// URL with a host");
        }
        Spider.Settings settings = new Spider.Settings(
                start,
                concurrency.value(),
                maxPages.value() == 0 ? Integer.MAX_VALUE : maxPages.value(),
                timeout.value(),
                requestTimeout.value(),
                maxPageBytes.value());
        ProgressLine line = new ProgressLine(err, terminal);
        Duration period = terminal ? Spider.PROGRESS_PERIOD_TERMINAL : Spider.PROGRESS_PERIOD_PLAIN;
        IOLoop loop = IOLoop.builder().name("spider").build();
        CrawlReport report;
        try (AsyncHttpClient http = AsyncHttpClient.builder()
                .loop(loop)
                .maxClients(settings.concurrency())
                .maxConnectionsPerHost(settings.concurrency())
                .build()) {
            report = loop.runSync(
                    () -> new Spider(http, settings).crawl(period, text -> {
                        if (progress.value()) {
                            line.show(text);
                        }
                    }),
                    settings.timeout().plusSeconds(30));
        } finally {
            line.clear();
            loop.close();
        }
        out.print(report.summary());
        out.flush();
        if (!report.finished()) {
            throw new IOException("spider: the crawl was stopped by --timeout=" + settings.timeout() + " with "
                    + report.left() + " URLs left; give it more time with --timeout");
        }
    }

    /** Whether stderr looks like a terminal: a console exists (JDK 22+ also says whether it is a terminal). */
    private static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: System.console() is null unless both standard streams are a terminal
        }
    }
}
