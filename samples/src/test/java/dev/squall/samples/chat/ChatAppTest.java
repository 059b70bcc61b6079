package dev.squall.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.Moshi;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.EventStreamReader;
import dev.squall.httpclient.HttpResponse;
import dev.squall.httpclient.WebSocketConnection;
import dev.squall.httpclient.WebSocketHandshakeException;
import dev.squall.httpclient.WebSocketRequest;
import dev.squall.loop.IOLoop;
import dev.squall.sse.ServerSentEvent;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.testing.VirtualTime;
import dev.squall.web.Application;
import dev.squall.websocket.CloseCodes;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The chat sample's routes over HTTP, WebSocket and Server-Sent Events, on the testing harness. */
@SquallTest(cookies = true)
class ChatAppTest {
    final MessageBuffer buffer = new MessageBuffer();

    Application app() {
        return ChatApp.app(buffer, Duration.ofSeconds(30));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Loads the page (which sets the _xsrf cookie) and returns the token to send. */
    private static String xsrf(TestClient client) {
        assertEquals(200, client.fetch("/").code());
        String token = client.cookie("_xsrf");
        assertTrue(token != null && !token.isEmpty(), "the page sets the _xsrf cookie");
        return token;
    }

    private static HttpResponse post(TestClient client, String path, Map<String, String> form, String xsrf) {
        return client.fetch(client.request(path)
                .method("POST")
                .header("X-XSRFToken", xsrf)
                .form(form)
                .build());
    }

    private static CompletableFuture<HttpResponse> poll(TestClient client, String cursor, String xsrf) {
        return client.fetchAsync(client.request("/a/message/updates")
                .method("POST")
                .header("X-XSRFToken", xsrf)
                .form(Map.of("cursor", cursor))
                .build());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(HttpResponse r) throws Exception {
        assertEquals(200, r.code(), r.bodyText());
        Map<String, Object> json = (Map<String, Object>)
                new Moshi.Builder().build().adapter(Object.class).fromJson(r.bodyText());
        return (List<Map<String, Object>>) json.get("messages");
    }

    private static List<String> bodies(HttpResponse r) throws Exception {
        return messages(r).stream().map(m -> (String) m.get("body")).toList();
    }

    private static WebSocketConnection socket(
            TestLoop loop, AsyncHttpClient http, TestClient client, String xsrf, String cursor) {
        return loop.join(http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port()
                        + "/chatsocket?cursor=" + cursor + "&_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8))
                .header("Cookie", "_xsrf=" + xsrf)
                .build()));
    }

    /** Completes when {@code condition} holds, checked on the loop every few milliseconds (for a disconnect). */
    private static CompletableFuture<Void> when(TestLoop loop, BooleanSupplier condition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.call(() -> {
            IOLoop l = IOLoop.current();
            Runnable check = new Runnable() {
                @Override
                public void run() {
                    if (condition.getAsBoolean()) {
                        done.complete(null);
                    } else {
                        l.callLater(Duration.ofMillis(5), this);
                    }
                }
            };
            check.run();
            return null;
        });
        return done;
    }

    // ---------------------------------------------------------------------------------------------- pages

    @Test
    void theThreePagesShowTheMessagesEscapedWithTheFormAndTheirTransport(TestClient client) {
        buffer.add("<script>alert('x')</script> & more");
        for (String[] page : new String[][] {{"/", "longpoll"}, {"/ws", "ws"}, {"/sse", "sse"}}) {
            HttpResponse r = client.fetch(page[0]);
            assertEquals(200, r.code());
            String html = r.bodyText();
            assertTrue(html.contains("data-variant=\"" + page[1] + "\" data-cursor=\"1\""), html);
            assertTrue(
                    html.contains("<div class=\"message\" id=\"m1\">&lt;script&gt;alert('x')&lt;/script&gt;"
                            + " &amp; more</div>"),
                    html);
            assertFalse(html.contains("<script>alert"), "the message is not HTML");
            assertTrue(html.contains("name=\"_xsrf\""), "the form carries the XSRF token");
        }
    }

    // ---------------------------------------------------------------------------------------------- posting

    @Test
    void aPostedMessageIsAnsweredAsJsonAndKept(TestClient client) throws Exception {
        String xsrf = xsrf(client);
        HttpResponse r = post(client, "/a/message/new", Map.of("body", "  hello  "), xsrf);
        assertEquals(200, r.code(), r.bodyText());
        assertEquals("{\"id\":\"1\",\"body\":\"hello\"}", r.bodyText());
        assertEquals(List.of(new Message(1, "hello")), buffer.since(null));
    }

    @Test
    void aFormPostedWithoutJavaScriptRedirectsBack(TestClient client) {
        String xsrf = xsrf(client);
        HttpResponse r = client.fetch(client.request("/a/message/new")
                .method("POST")
                .followRedirects(false)
                .form(Map.of("body", "no js", "next", "/sse", "_xsrf", xsrf))
                .build());
        assertEquals(302, r.code());
        assertEquals("/sse", r.header("Location"));
        assertEquals("no js", buffer.since(null).get(0).body());
    }

    @Test
    void postsWithoutTheXsrfTokenAreRefused(TestClient client) {
        xsrf(client);
        HttpResponse r = client.fetch(client.request("/a/message/new")
                .method("POST")
                .form(Map.of("body", "forged"))
                .build());
        assertEquals(403, r.code());
        HttpResponse wrong = post(client, "/a/message/updates", Map.of("cursor", ""), "2|00|00|1");
        assertEquals(403, wrong.code());
        assertEquals(List.of(), buffer.since(null));
    }

    @Test
    void emptyAndOversizedMessagesAreRefused(TestClient client) {
        String xsrf = xsrf(client);
        assertEquals(
                400, post(client, "/a/message/new", Map.of("body", "   "), xsrf).code());
        HttpResponse r =
                post(client, "/a/message/new", Map.of("body", "x".repeat(ChatApp.MAX_MESSAGE_LENGTH + 1)), xsrf);
        assertEquals(400, r.code());
        assertEquals(List.of(), buffer.since(null));
    }

    @Test
    void theLast200MessagesAreKept(TestClient client) {
        for (int i = 1; i <= 205; i++) {
            buffer.add("m" + i);
        }
        List<Message> kept = buffer.since(null);
        assertEquals(200, kept.size());
        assertEquals(new Message(6, "m6"), kept.get(0));
        assertEquals(new Message(205, "m205"), kept.get(199));
        String html = client.fetch("/").bodyText();
        assertEquals(200, html.split("class=\"message\"", -1).length - 1);
        assertFalse(html.contains("id=\"m5\""), "the oldest are gone");
    }

    // ---------------------------------------------------------------------------------------------- long polling

    @Test
    void aPollWithMessagesAfterItsCursorIsAnsweredAtOnce(TestClient client) throws Exception {
        String xsrf = xsrf(client);
        buffer.add("one");
        buffer.add("two");
        buffer.add("three");
        assertEquals(List.of("two", "three"), bodies(post(client, "/a/message/updates", Map.of("cursor", "1"), xsrf)));
        assertEquals(
                List.of("one", "two", "three"),
                bodies(post(client, "/a/message/updates", Map.of("cursor", ""), xsrf)),
                "no cursor: everything kept");
        assertEquals(
                List.of("one", "two", "three"),
                bodies(post(client, "/a/message/updates", Map.of("cursor", "999"), xsrf)),
                "an unknown cursor (a restarted server): everything kept, as Tornado's demo");
    }

    @Test
    void aPollAtTheNewestMessageWaitsForTheNextOne(TestLoop loop, TestClient client) throws Exception {
        String xsrf = xsrf(client);
        buffer.add("old");
        CompletableFuture<HttpResponse> waiting = poll(client, "1", xsrf);
        loop.join(when(loop, () -> buffer.subscribers() == 1));
        assertFalse(waiting.isDone());
        post(client, "/a/message/new", Map.of("body", "new"), xsrf);
        assertEquals(List.of("new"), bodies(loop.join(waiting)));
        assertEquals(0, buffer.subscribers(), "an answered poll unsubscribes");
    }

    @Test
    void aPollAnswersEmptyAfterThePollTimeout(TestLoop loop, TestClient client, VirtualTime time) throws Exception {
        String xsrf = xsrf(client);
        CompletableFuture<HttpResponse> waiting = poll(client, "", xsrf);
        time.advance(Duration.ofSeconds(29));
        assertFalse(waiting.isDone());
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), messages(loop.join(waiting)));
        assertEquals(0, buffer.subscribers());
    }

    @Test
    void aClientThatGoesAwayStopsWaiting(TestLoop loop, TestClient client) throws Exception {
        String xsrf = xsrf(client);
        String form = "cursor=&_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", client.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /a/message/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: _xsrf=" + xsrf
                            + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                            + "\r\n\r\n" + form)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            loop.join(when(loop, () -> buffer.subscribers() == 1));
        }
        loop.join(when(loop, () -> buffer.subscribers() == 0));
    }

    // ---------------------------------------------------------------------------------------------- WebSocket

    @Test
    void aMessageSentOnTheSocketReachesLongPollsAndSockets(TestLoop loop, TestClient client, AsyncHttpClient http)
            throws Exception {
        String xsrf = xsrf(client);
        WebSocketConnection sender = socket(loop, http, client, xsrf, "");
        WebSocketConnection other = socket(loop, http, client, xsrf, "");
        CompletableFuture<HttpResponse> waiting = poll(client, "", xsrf);
        loop.join(when(loop, () -> buffer.subscribers() == 3));
        loop.join(sender.writeMessage("{\"body\": \"<b>over the socket</b>\"}"));
        assertEquals(
                "{\"id\":\"1\",\"body\":\"<b>over the socket</b>\"}",
                loop.join(other.readMessage()).asText());
        assertEquals(
                "{\"id\":\"1\",\"body\":\"<b>over the socket</b>\"}",
                loop.join(sender.readMessage()).asText());
        assertEquals(List.of("<b>over the socket</b>"), bodies(loop.join(waiting)));
        sender.close();
        other.close();
    }

    @Test
    void aSocketStartsAfterItsCursor(TestLoop loop, TestClient client, AsyncHttpClient http) {
        String xsrf = xsrf(client);
        buffer.add("one");
        buffer.add("two");
        WebSocketConnection ws = socket(loop, http, client, xsrf, "1");
        assertEquals(
                "{\"id\":\"2\",\"body\":\"two\"}", loop.join(ws.readMessage()).asText());
        ws.close();
    }

    @Test
    void aMessagePostedOverHttpReachesTheSocket(TestLoop loop, TestClient client, AsyncHttpClient http) {
        String xsrf = xsrf(client);
        WebSocketConnection ws = socket(loop, http, client, xsrf, "");
        post(client, "/a/message/new", Map.of("body", "from a form"), xsrf);
        assertEquals(
                "{\"id\":\"1\",\"body\":\"from a form\"}",
                loop.join(ws.readMessage()).asText());
        ws.close();
        loop.join(when(loop, () -> buffer.subscribers() == 0));
    }

    @Test
    void aSocketWithoutTheXsrfTokenOrFromAnotherSiteIsRefused(TestLoop loop, TestClient client, AsyncHttpClient http) {
        String xsrf = xsrf(client);
        String url = "ws://127.0.0.1:" + client.port() + "/chatsocket";
        WebSocketHandshakeException noToken = assertThrows(
                WebSocketHandshakeException.class,
                () -> loop.join(http.websocketConnect(WebSocketRequest.builder(url)
                        .header("Cookie", "_xsrf=" + xsrf)
                        .build())));
        assertEquals(403, noToken.status());
        WebSocketHandshakeException otherSite = assertThrows(
                WebSocketHandshakeException.class,
                () -> loop.join(http.websocketConnect(
                        WebSocketRequest.builder(url + "?_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8))
                                .header("Cookie", "_xsrf=" + xsrf)
                                .header("Origin", "http://evil.example")
                                .build())));
        assertEquals(403, otherSite.status());
    }

    @Test
    void aSocketThatSendsSomethingElseThanAMessageIsClosed(TestLoop loop, TestClient client, AsyncHttpClient http) {
        String xsrf = xsrf(client);
        WebSocketConnection ws = socket(loop, http, client, xsrf, "");
        ws.writeMessage("not json");
        assertNull(loop.join(ws.readMessage()));
        assertEquals(CloseCodes.UNSUPPORTED_DATA, ws.closeCode());
        assertEquals(List.of(), buffer.since(null));
    }

    // ---------------------------------------------------------------------------------------------- SSE

    @Test
    void eventsCarryMessagesFromEveryTransportAndResumeAfterLastEventId(
            TestLoop loop, TestClient client, AsyncHttpClient http) throws Exception {
        String xsrf = xsrf(client);
        buffer.add("before");
        LinkedBlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse> stream = client.fetchAsync(client.request("/a/message/events?cursor=1")
                .requestTimeout(Duration.ZERO)
                .streamingCallback(EventStreamReader.of(e -> {
                    events.add(e);
                    return null;
                }))
                .build());
        loop.join(when(loop, () -> buffer.subscribers() == 1));
        post(client, "/a/message/new", Map.of("body", "over http"), xsrf);
        WebSocketConnection ws = socket(loop, http, client, xsrf, "2");
        loop.join(ws.writeMessage("{\"body\": \"over the socket\"}"));
        loop.join(when(loop, () -> events.size() == 2));
        assertEquals(new ServerSentEvent("2", null, "{\"id\":\"2\",\"body\":\"over http\"}", null), events.poll());
        assertEquals(
                new ServerSentEvent("3", null, "{\"id\":\"3\",\"body\":\"over the socket\"}", null), events.poll());
        ws.close();
        stream.cancel(true);
        loop.join(when(loop, () -> buffer.subscribers() == 0));

        LinkedBlockingQueue<ServerSentEvent> resumed = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse> again = client.fetchAsync(client.request("/a/message/events?cursor=0")
                .header("Last-Event-ID", "2")
                .requestTimeout(Duration.ZERO)
                .streamingCallback(EventStreamReader.of(e -> {
                    resumed.add(e);
                    return null;
                }))
                .build());
        loop.join(when(loop, () -> resumed.size() == 1));
        assertEquals("3", resumed.poll().id(), "Last-Event-ID wins over the cursor");
        again.cancel(true);
    }
}
