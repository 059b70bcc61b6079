package dev.squall.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.http.HttpServer;
import dev.squall.samples.Launch;
import dev.squall.testing.browser.BrowserPage;
import dev.squall.testing.browser.Chromium;
import dev.squall.testing.browser.RequiresChromium;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat sample in a real browser: the sample runs in-process on a free port with two loops, and headless
 * Chromium opens two tabs per variant, posts in one by filling the form and submitting it, and waits for the
 * message in the other — long polling, WebSocket, Server-Sent Events, and across them.
 */
@RequiresChromium
@Timeout(120)
class ChatBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void startChat() {
        server = ChatSample.start(new Launch(0, "127.0.0.1", 2, List.of()));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopChat() {
        if (server != null) {
            server.close();
            server.loops().close();
        }
    }

    private static BrowserPage open(Chromium chromium, String path) {
        BrowserPage page = chromium.newPage(base + path);
        page.waitFor("document.body.dataset.connected === 'yes'", WAIT);
        return page;
    }

    private static void post(BrowserPage page, String text) {
        page.evaluate("document.getElementById('message').value = " + jsString(text) + ";"
                + " document.getElementById('messageform').requestSubmit()");
    }

    private static void waitForMessage(BrowserPage page, String text) {
        page.waitFor(
                "[...document.querySelectorAll('#inbox .message')].some(m => m.textContent === " + jsString(text) + ")",
                WAIT);
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void twoTabs(Chromium chromium, String path, String text) {
        try (BrowserPage a = open(chromium, path);
                BrowserPage b = open(chromium, path)) {
            post(a, text);
            waitForMessage(b, text);
            waitForMessage(a, text);
            assertEquals(List.of(), a.consoleErrors());
            assertEquals(List.of(), b.consoleErrors());
        }
    }

    @Test
    void longPollingTabsSeeEachOthersMessages(Chromium chromium) {
        twoTabs(chromium, "/", "hello over long polling");
    }

    @Test
    void webSocketTabsSeeEachOthersMessages(Chromium chromium) {
        twoTabs(chromium, "/ws", "hello over the WebSocket");
    }

    @Test
    void eventSourceTabsSeeEachOthersMessages(Chromium chromium) {
        twoTabs(chromium, "/sse", "hello over Server-Sent Events");
    }

    @Test
    void aMessagePostedOnTheWebSocketPageReachesTheOtherTwo(Chromium chromium) {
        try (BrowserPage ws = open(chromium, "/ws");
                BrowserPage poll = open(chromium, "/");
                BrowserPage sse = open(chromium, "/sse")) {
            String text = "<img src=x onerror=\"window.pwned = 1\"> from the WebSocket page";
            post(ws, text);
            waitForMessage(poll, text);
            waitForMessage(sse, text);
            for (BrowserPage p : List.of(ws, poll, sse)) {
                waitForMessage(p, text);
                assertEquals(0.0, p.evaluate("document.querySelectorAll('#inbox img').length"), "text, not HTML");
                assertEquals(null, p.evaluate("window.pwned"));
                assertEquals(List.of(), p.consoleErrors());
            }
            post(sse, "and back from the EventSource page");
            waitForMessage(ws, "and back from the EventSource page");
            waitForMessage(poll, "and back from the EventSource page");
        }
    }
}
