package dev.squall.testing.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SquallTest
@SquallTimeout(60)
@RequiresChromium
class ChromiumTest {
    static Application app() {
        return Application.builder()
                .route(
                        "/page",
                        () -> new Html(
                                "<!doctype html><title>Driver</title><link rel=icon href='data:,'>"
                                        + "<meta name=viewport content='width=device-width'>"
                                        + "<p id=x>hi</p><script>setTimeout(() => document.body.dataset.ready = 'yes', 50)</script>"))
                .route(
                        "/broken",
                        () -> new Html("<!doctype html><title>Broken</title><link rel=icon href='data:,'>"
                                + "<img src='/missing.png'><script>console.error('boom', 42)</script>"
                                + "<script>throw new Error('kaboom')</script>"))
                .build();
    }

    @Test
    void evaluateReturnsValuesAsJson(Chromium chromium, TestClient client) {
        try (BrowserPage page = chromium.newPage(client.url("/page").toString())) {
            assertEquals("Driver", page.evaluate("document.title"));
            assertEquals(2.0, page.evaluate("1 + 1"));
            assertEquals("later", page.evaluate("new Promise(r => setTimeout(() => r('later'), 10))"));
            assertEquals(Map.of("a", List.of(1.0, "b")), page.evaluate("({a: [1, 'b']})"));
            assertNull(page.evaluate("undefined"));
        }
    }

    @Test
    void evaluateTurnsAJavaScriptExceptionIntoAnAssertionError(Chromium chromium, TestClient client) {
        try (BrowserPage page = chromium.newPage(client.url("/page").toString())) {
            AssertionError e = assertThrows(AssertionError.class, () -> page.evaluate("null.nothing"));
            assertTrue(e.getMessage().contains("TypeError") && e.getMessage().contains("null.nothing"), e.getMessage());
            AssertionError rejected =
                    assertThrows(AssertionError.class, () -> page.evaluate("Promise.reject(new Error('no way'))"));
            assertTrue(rejected.getMessage().contains("no way"), rejected.getMessage());
        }
    }

    @Test
    void waitForReturnsOnceTheConditionHoldsAndNamesItWhenItDoesNot(Chromium chromium, TestClient client) {
        try (BrowserPage page = chromium.newPage(client.url("/page").toString())) {
            page.waitFor("document.body.dataset.ready === 'yes'", Duration.ofSeconds(10));
            AssertionError e = assertThrows(
                    AssertionError.class, () -> page.waitFor("window.neverSet === true", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("window.neverSet === true"), e.getMessage());
        }
    }

    @Test
    void consoleErrorsHasLoggedErrorsUncaughtExceptionsAndFailedLoads(Chromium chromium, TestClient client) {
        try (BrowserPage good = chromium.newPage(client.url("/page").toString());
                BrowserPage page = chromium.newPage(client.url("/broken").toString())) {
            page.waitFor("document.images[0].complete", Duration.ofSeconds(10));
            page.waitFor("true", Duration.ofSeconds(1)); // one more round trip for the events
            List<String> errors = page.consoleErrors();
            assertTrue(errors.contains("console.error: boom 42"), errors.toString());
            assertTrue(
                    errors.stream().anyMatch(s -> s.startsWith("uncaught") && s.contains("kaboom")), errors.toString());
            assertTrue(
                    errors.stream().anyMatch(s -> s.startsWith("HTTP 404") && s.contains("/missing.png")),
                    errors.toString());
            assertEquals(List.of(), good.consoleErrors());
        }
    }

    @Test
    void screenshotWritesAPngOfTheViewport(Chromium chromium, TestClient client, @TempDir Path dir) throws Exception {
        try (BrowserPage page = chromium.newPage(client.url("/page").toString())) {
            page.setViewport(400, 300, true);
            assertEquals(400.0, page.evaluate("window.innerWidth"));
            Path file = page.screenshot(dir.resolve("shots/page.png"));
            byte[] png = Files.readAllBytes(file);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        }
    }

    @Test
    void navigateToADeadAddressFailsWithChromiumsNetworkError(Chromium chromium, TestClient client) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (BrowserPage page = chromium.newPage(client.url("/page").toString())) {
            String dead = "http://127.0.0.1:" + port + "/";
            AssertionError e = assertThrows(AssertionError.class, () -> page.navigate(dead));
            assertTrue(e.getMessage().contains("ERR_CONNECTION_REFUSED"), e.getMessage());
        }
    }

    static final class Html extends RequestHandler {
        private final String html;

        Html(String html) {
            this.html = html;
        }

        @Override
        public void get() {
            setHeader("Content-Type", "text/html; charset=utf-8");
            write(html);
        }
    }
}
