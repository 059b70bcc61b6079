package dev.squall.samples;

import static dev.squall.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.samples.spider.SpiderSample;
import dev.squall.samples.spider.TestSite;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code spider URL ...} through {@link Main}, crawling the {@link TestSite} the harness serves: exactly which pages
 * are fetched, the concurrency bound, {@code --max-pages}, {@code --timeout}, the summary and {@code --help}.
 */
@SquallTest
@SquallTimeout(30) // a cold JVM on a loaded machine: jsoup and the client warm up in the first crawl
class SpiderCommandTest {
    private final CommandRun spider = new CommandRun("spider", run -> new SpiderSample(run.out, run.err, false));
    private final TestSite site = new TestSite();

    Application app() {
        return site.app();
    }

    private String out() {
        return spider.out();
    }

    private String err() {
        return spider.err();
    }

    private static Set<String> set(String... targets) {
        return Set.of(targets);
    }

    @Test
    void fetchesEachPageOfTheSiteOnceAndNothingElse(TestClient client) {
        assertEquals(0, spider.run(client.url("/").toString()), err());
        assertEquals(
                set("/", "/a", "/b", "/c", "/d?x=1", "/missing", "/old", "/away", "/file.txt"),
                Set.copyOf(site.requested()),
                "fetched: " + site.requested());
        assertEquals(site.requested().size(), Set.copyOf(site.requested()).size(), "each once: " + site.requested());
    }

    @Test
    void summaryCountsPagesRedirectsErrorsAndWhatWasLeftOut(TestClient client) {
        assertEquals(0, spider.run(client.url("/").toString()), err());
        String summary = out();
        assertTrue(summary.startsWith("Crawled " + client.url("/") + " in "), summary);
        assertContainsAll(
                summary,
                ": 6 pages (5 HTML), 2 redirects, 1 errors; 9 requests, ",
                " requests/s\n",
                "Errors: HTTP 404 x1\n");
        // http://other.example/x, http://localhost:PORT/ and the redirect to http://elsewhere.example/
        assertTrue(summary.endsWith("Not fetched: 3 off-site URLs, 0 over --max-pages\n"), summary);
    }

    @Test
    void neverHasMoreThanConcurrencyFetchesInFlight(TestClient client) {
        site.gate(3);
        assertEquals(0, spider.run(client.url("/hub").toString(), "--concurrency=3"), err());
        assertEquals(1 + TestSite.HUB_PAGES, site.requested().size(), "fetched: " + site.requested());
        assertEquals(3, site.maxInFlight(), "the site saw this many requests at once");
    }

    @Test
    void maxPagesBoundsTheFetches(TestClient client) {
        assertEquals(0, spider.run(client.url("/").toString(), "--max-pages=3", "--concurrency=1"), err());
        // one worker: the start page, then the first two links in document order
        assertEquals(List.of("/", "/a", "/b"), site.requested());
        assertTrue(out().contains(": 3 pages (3 HTML), 0 redirects, 0 errors; 3 requests, "), out());
        // /missing, /old, /file.txt, /away from the start page; /d?x=1 from /a; /c from /b
        assertTrue(out().endsWith("Not fetched: 1 off-site URLs, 6 over --max-pages\n"), out());
    }

    @Test
    void timeoutStopsTheCrawlWithASummaryAndStatusOne(TestClient client) {
        assertEquals(1, spider.run(client.url("/slow").toString(), "--timeout=300ms"));
        assertTrue(out().startsWith("Stopped crawling " + client.url("/slow") + " in "), out());
        assertTrue(out().contains("1 still queued or in flight when --timeout ran out"), out());
        assertTrue(err().contains("the crawl was stopped by --timeout=PT0.3S"), err());
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, spider.run("--help"));
        assertContainsAll(out(), "--concurrency", "--max-pages", "--timeout", "--request-timeout", "--progress");
    }

    @Test
    void refusesAnythingButOneHttpUrl() {
        assertEquals(1, spider.run());
        assertTrue(err().contains("give exactly one URL to crawl"), err());
        assertEquals(1, spider.run("ftp://example.com/"));
        assertTrue(err().contains("give an absolute http:// or https:// URL"), err());
    }
}
