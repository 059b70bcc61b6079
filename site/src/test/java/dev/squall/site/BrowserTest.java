package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.testing.browser.BrowserPage;
import dev.squall.testing.browser.Chromium;
import dev.squall.testing.browser.RequiresChromium;
import dev.squall.web.Application;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium loads the home, a guide and the benchmarks page at desktop (1280×800) and phone (375×812,
 * mobile) sizes: no console error, no broken image, nothing wider than the phone's screen; screenshots go to
 * {@code site/target/screenshots/} as build artifacts.
 */
@SquallTest
@SquallTimeout(120)
@RequiresChromium
class BrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    static Application app() {
        return TestSite.site().app();
    }

    @Test
    void theHomeLoadsCleanlyOnDesktopAndPhone(Chromium chromium, TestClient client) throws Exception {
        check(chromium, client, "/", "home");
    }

    @Test
    void aGuideLoadsCleanlyOnDesktopAndPhone(Chromium chromium, TestClient client) throws Exception {
        check(chromium, client, "/guide/async/", "guide-async");
    }

    @Test
    void theBenchmarksPageLoadsCleanlyOnDesktopAndPhone(Chromium chromium, TestClient client) throws Exception {
        check(chromium, client, "/benchmarks/", "benchmarks");
    }

    @Test
    void searchFindsAGuideSection(Chromium chromium, TestClient client) {
        try (BrowserPage page = chromium.newPage(client.url("/").toString())) {
            page.waitFor("!document.querySelector('form.search').hidden", WAIT);
            page.evaluate("(() => { const i = document.getElementById('search-input'); i.focus();"
                    + " i.value = 'virtual time'; i.dispatchEvent(new Event('input')); })()");
            page.waitFor("document.querySelectorAll('#search-results a').length > 0", WAIT);
            String first = (String) page.evaluate("document.querySelector('#search-results a').getAttribute('href')");
            assertTrue(first != null && first.startsWith("/guide/"), "first result: " + first);
            assertEquals(List.of(), page.consoleErrors());
        }
    }

    private static void check(Chromium chromium, TestClient client, String path, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String url = client.url(path).toString();
        try (BrowserPage page = chromium.newPage(url)) {
            for (Viewport v :
                    List.of(new Viewport("desktop", 1280, 800, false), new Viewport("phone", 375, 812, true))) {
                page.setViewport(v.width(), v.height(), v.mobile());
                page.navigate(url);
                page.waitFor("document.readyState === 'complete'", WAIT);
                assertEquals(List.of(), page.consoleErrors(), path + " at " + v.name() + ": console errors");
                Object broken = page.evaluate("Array.from(document.images)"
                        + ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)");
                assertEquals(List.of(), broken, path + " at " + v.name() + ": broken images");
                Object alt = page.evaluate("Array.from(document.images).filter(i => !i.hasAttribute('alt')).length");
                assertEquals(0.0, alt, path + ": images without alt");
                Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
                assertTrue(
                        ((Number) overflow).doubleValue() <= 0,
                        path + " at " + v.name() + " is " + overflow + " px wider than the window");
                page.screenshot(SCREENSHOTS.resolve(name + "-" + v.name() + ".png"));
            }
        }
    }

    private record Viewport(String name, int width, int height, boolean mobile) {}
}
