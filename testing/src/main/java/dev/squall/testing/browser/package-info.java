/**
 * A headless Chromium for tests, driven over the DevTools protocol with Squall's own WebSocket client: load a page,
 * run JavaScript in it, wait for a condition, collect its console errors and take screenshots.
 *
 * <pre>{@code
 * @RequiresChromium
 * class ChatBrowserTest {
 *     @Test void messageReachesTheOtherTab(Chromium chromium) {
 *         try (BrowserPage a = chromium.newPage(url + "/ws"); BrowserPage b = chromium.newPage(url + "/ws")) {
 *             a.evaluate("document.querySelector('#message').value = 'hi'; send()");
 *             b.waitFor("document.body.textContent.includes('hi')", Duration.ofSeconds(10));
 *             assertEquals(List.of(), b.consoleErrors());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link dev.squall.testing.browser.RequiresChromium} skips a test class, with the reason on stderr, where Chromium
 * is missing or cannot start, and fails it instead when the environment variable {@code CI} is {@code true}. The
 * guide is the "Browser tests" section of {@code docs/testing.md}.
 */
@NullMarked
package dev.squall.testing.browser;

import org.jspecify.annotations.NullMarked;
