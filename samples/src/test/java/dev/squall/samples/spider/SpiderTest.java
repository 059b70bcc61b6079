package dev.squall.samples.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.loop.IOLoop;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@link Spider} run directly (outside the command) against the {@link TestSite}, to read its report. */
@SquallTest
@SquallTimeout(30) // a cold JVM on a loaded machine: jsoup and the client warm up in the first crawl
class SpiderTest {
    private final TestSite site = new TestSite();

    Application app() {
        return site.app();
    }

    @Test
    void reportsTheMostFetchesItHadInFlight(TestClient client) {
        site.gate(4);
        List<CrawlReport> reports = new ArrayList<>();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, crawlDirect(client.url("/hub").toString(), 4, Integer.MAX_VALUE, reports, sink));
        assertEquals(4, reports.get(0).maxInFlight());
        assertEquals(4, site.maxInFlight());
    }

    @Test
    void progressGoesToStderrAsPlainLinesWhenItIsNotATerminal(TestClient client) {
        List<CrawlReport> reports = new ArrayList<>();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(progress, true, StandardCharsets.UTF_8);
        crawlDirect(client.url("/").toString(), 2, Integer.MAX_VALUE, reports, p);
        String text = progress.toString(StandardCharsets.UTF_8);
        assertFalse(text.isEmpty(), "a progress line every millisecond: the crawl takes longer than that");
        assertFalse(text.contains("\r"), text);
        assertTrue(
                text.lines().allMatch(l -> l.matches("\\d+ fetched, \\d+ in flight, \\d+ queued, \\d+ errors, .*")),
                text);
    }

    /**
     * Runs a {@link Spider} on a loop of its own with a progress line every millisecond, outside the
     * command, to read its report.
     */
    private static int crawlDirect(
            String url, int concurrency, int maxPages, List<CrawlReport> reports, PrintStream progress) {
        IOLoop loop = IOLoop.builder().name("spider-test").build();
        try (AsyncHttpClient http = AsyncHttpClient.builder()
                .loop(loop)
                .maxClients(concurrency)
                .maxConnectionsPerHost(concurrency)
                .build()) {
            Spider.Settings settings = new Spider.Settings(
                    URI.create(url),
                    concurrency,
                    maxPages,
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(20),
                    Spider.DEFAULT_MAX_PAGE_BYTES);
            ProgressLine line = new ProgressLine(progress, false);
            CrawlReport report = loop.runSync(
                    () -> new Spider(http, settings).crawl(Duration.ofMillis(1), line::show), Duration.ofSeconds(25));
            reports.add(report);
            return report.finished() ? 0 : 1;
        } finally {
            loop.close();
        }
    }
}
