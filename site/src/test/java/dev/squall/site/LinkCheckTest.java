package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crawls the served site with Squall's own client through the harness: every internal link and anchor resolves. */
@SquallTest
class LinkCheckTest {
    static Application app() {
        return TestSite.site().app();
    }

    private static Map<String, Crawler.Fetched> crawl(TestClient client) throws IOException {
        return Crawler.crawl(
                path -> {
                    HttpResponse r = client.fetch(path);
                    String type = r.header("Content-Type");
                    return new Crawler.Fetched(r.code(), type == null ? "" : type, r.bodyBytes());
                },
                List.of(SiteUrls.HOME, SiteUrls.API));
    }

    @Test
    @SquallTimeout(60)
    void everyInternalLinkAndAnchorOfEveryPageResolves(TestClient client) throws IOException {
        Map<String, Crawler.Fetched> pages = crawl(client);
        assertEquals(List.of(), LinkChecker.brokenLinks(pages));
        for (Guide g : TestSite.site().guides) {
            assertTrue(pages.containsKey(g.url()), "the crawl never reached " + g.url());
        }
        assertTrue(pages.containsKey(SiteUrls.BENCHMARKS));
        assertTrue(pages.containsKey(SiteUrls.BENCHMARK_NOTES));
        assertTrue(pages.keySet().stream().anyMatch(p -> p.startsWith("/static/search-index.js?v=")));
    }

    @Test
    void theCheckerReportsAMissingPageAndAMissingAnchor() {
        String page = "<html><body data-root=\"/\"><h2 id=\"a\">A</h2><a href=\"#a\">ok</a><a href=\"#b\">x</a>"
                + "<a href=\"/gone/\">y</a><a href=\"/#nowhere\">z</a><a href=\"web.md\">w</a>"
                + "<a href=\"https://example.com/\">e</a></body></html>";
        Map<String, Crawler.Fetched> pages = Map.of(
                "/", new Crawler.Fetched(200, "text/html; charset=UTF-8", page.getBytes(StandardCharsets.UTF_8)),
                "/gone/", new Crawler.Fetched(404, "text/html", new byte[0]));
        List<String> broken = LinkChecker.brokenLinks(pages);
        assertEquals(5, broken.size(), String.join("\n", broken));
        assertTrue(broken.contains("/: #b names no id on the page"), String.join("\n", broken));
        assertTrue(broken.contains("/: #nowhere names no id on /") || broken.contains("/: /#nowhere names no id on /"));
    }

    @Test
    void guidesAreServedWithTheirTableOfContentsAndHighlightedCode(TestClient client) {
        HttpResponse r = client.fetch("/guide/async/");
        assertEquals(200, r.code());
        String html = r.bodyText();
        assertTrue(html.contains("<aside class=\"toc\""), "no table of contents");
        assertTrue(html.contains("<span class=\"k\">final</span>"), "no highlighted Java keyword");
        assertTrue(
                html.contains("aria-current=\"page\">Asynchronous code in Squall</a>"), "nav does not mark the page");
        assertTrue(html.contains("rel=\"prev\"") && html.contains("rel=\"next\""), "no previous/next links");
        assertTrue(html.contains("Squall " + Site.version()), "no version in the footer");
    }

    @Test
    void staticAssetsHaveVersionedUrlsCachedForAYear(TestClient client) {
        String home = client.fetch("/").bodyText();
        String css = Crawler.links(home).stream()
                .map(Crawler.Link::value)
                .filter(v -> v.startsWith("/static/site.css?v="))
                .findFirst()
                .orElseThrow();
        HttpResponse r = client.fetch(css);
        assertEquals(200, r.code());
        assertEquals("max-age=31536000, immutable", r.header("Cache-Control"));
    }

    @Test
    void anUnknownGuideIsA404(TestClient client) {
        assertEquals(404, client.fetch("/guide/no-such-guide/").code());
    }
}
