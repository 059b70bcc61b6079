package dev.squall.testsuite.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.WebSocketConnection;
import dev.squall.httpclient.WebSocketHandshakeException;
import dev.squall.httpclient.WebSocketRequest;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import dev.squall.websocket.WebSocketClosedException;
import dev.squall.websocket.WebSocketCompression;
import dev.squall.websocket.WebSocketMessage;
import dev.squall.websocket.WebSocketOptions;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** Squall's WebSocket client against Squall's server. */
@SquallTest
class WebSocketClientTest {
    final Sockets sockets = new Sockets();

    Application app() {
        return sockets.app();
    }

    private static WebSocketOptions compressed() {
        return WebSocketOptions.builder()
                .compression(WebSocketCompression.DEFAULT)
                .build();
    }

    private WebSocketConnection connect(
            TestLoop loop, AsyncHttpClient http, TestClient client, String path, WebSocketOptions options) {
        return loop.join(http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port() + path)
                .options(options)
                .build()));
    }

    private String text(TestLoop loop, WebSocketConnection ws) {
        WebSocketMessage m = loop.join(ws.readMessage());
        assertInstanceOf(WebSocketMessage.Text.class, m);
        return m.asText();
    }

    @Test
    void echoesTextBinaryAndJson(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws = connect(loop, http, client, "/echo", WebSocketOptions.DEFAULTS);
        loop.join(ws.writeMessage("héllo"));
        assertEquals("héllo", text(loop, ws));
        ws.writeMessage(ByteString.of((byte) 1, (byte) 2));
        WebSocketMessage m = loop.join(ws.readMessage());
        assertEquals(new WebSocketMessage.Binary(ByteString.of((byte) 1, (byte) 2)), m);
        ws.writeMessage("json");
        assertEquals("{\"x\":1,\"y\":2}", text(loop, ws));
    }

    @Test
    void compressionIsNegotiatedAndRoundTrips(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws = connect(loop, http, client, "/deflate", compressed());
        assertEquals("permessage-deflate", ws.responseHeaders().get("Sec-WebSocket-Extensions"));
        for (int i = 0; i < 5; i++) {
            String text = ("message " + i + " ").repeat(50);
            ws.writeMessage(text);
            assertEquals(text, text(loop, ws));
        }
    }

    @Test
    void noContextTakeoverRoundTrips(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws = connect(
                loop,
                http,
                client,
                "/deflate",
                WebSocketOptions.builder()
                        .compression(WebSocketCompression.DEFAULT.withNoContextTakeover())
                        .build());
        assertEquals(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                ws.responseHeaders().get("Sec-WebSocket-Extensions"));
        for (int i = 0; i < 3; i++) {
            ws.writeMessage("same again ".repeat(20));
            assertEquals("same again ".repeat(20), text(loop, ws));
        }
    }

    @Test
    @SquallTimeout(30)
    void aFiveMegabyteMessageRoundTrips(TestLoop loop, AsyncHttpClient http, TestClient client) {
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(big);
        for (String path : new String[] {"/echo", "/deflate"}) {
            WebSocketConnection ws = connect(loop, http, client, path, compressed());
            ws.writeMessage(big);
            assertEquals(ByteString.of(big), loop.join(ws.readMessage()).asBytes(), path);
            ws.close();
        }
    }

    @Test
    void theServersCloseCodeReachesTheClient(TestLoop loop, AsyncHttpClient http, TestClient client) throws Exception {
        WebSocketConnection ws = connect(loop, http, client, "/closer", WebSocketOptions.DEFAULTS);
        assertEquals("bye", text(loop, ws));
        assertNull(loop.join(ws.readMessage()), "null once closed");
        assertEquals(4000, ws.closeCode());
        assertEquals("done here", ws.closeReason());
        assertEquals("4000 done here", sockets.closes.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void theClientsCloseReachesTheServer(TestLoop loop, AsyncHttpClient http, TestClient client) throws Exception {
        WebSocketConnection ws = connect(loop, http, client, "/echo", WebSocketOptions.DEFAULTS);
        ws.close(4002, "leaving");
        assertEquals("4002 leaving", sockets.closes.poll(5, TimeUnit.SECONDS));
        loop.join(ws.closeFuture());
        assertEquals(4002, ws.closeCode());
        WebSocketClosedException e =
                assertThrows(WebSocketClosedException.class, () -> loop.join(ws.writeMessage("late")));
        assertTrue(e.getMessage().contains("closed (code 4002"), e.getMessage());
    }

    @Test
    void pingsAreAnsweredAndReported(TestLoop loop, AsyncHttpClient http, TestClient client) throws Exception {
        WebSocketConnection ws = connect(loop, http, client, "/echo", WebSocketOptions.DEFAULTS);
        loop.join(ws.ping(ByteString.encodeUtf8("are you there")));
        ws.writeMessage("after");
        assertEquals("after", text(loop, ws));
        assertTrue(sockets.events.contains("ping are you there"), sockets.events.toString());
    }

    @Test
    void subprotocolsAreNegotiated(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws =
                loop.join(http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port() + "/echo")
                        .subprotocols("v2", "chat")
                        .build()));
        assertEquals("chat", ws.selectedSubprotocol());
    }

    @Test
    void aRefusedHandshakeSaysWhy(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketHandshakeException h = assertThrows(
                WebSocketHandshakeException.class,
                () -> loop.join(http.websocketConnect("ws://127.0.0.1:" + client.port() + "/refuse")));
        assertEquals(403, h.status());
    }

    @Test
    void headersAndCookiesReachPrepare(TestLoop loop, AsyncHttpClient http, TestClient client) {
        WebSocketConnection ws = loop.join(
                http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port() + "/refuse?token=1")
                        .header("Cookie", "a=b")
                        .build()));
        assertEquals("welcome", text(loop, ws));
    }

    @Test
    void theClientEnforcesItsMessageLimit(TestLoop loop, AsyncHttpClient http, TestClient client) throws Exception {
        WebSocketConnection ws = connect(
                loop,
                http,
                client,
                "/echo",
                WebSocketOptions.builder().maxMessageSize(10).build());
        ws.writeMessage("x".repeat(11)); // echoed back: too big for the client
        assertNull(loop.join(ws.readMessage()));
        assertEquals(1009, ws.closeCode());
        assertEquals(
                "1009 a message larger than the limit of 10 bytes",
                sockets.closes.poll(5, TimeUnit.SECONDS),
                "the server hears the client's 1009 and why");
    }

    @Test
    void theCallbackFormReceivesEveryMessageThenNull(TestLoop loop, AsyncHttpClient http, TestClient client)
            throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        WebSocketConnection ws =
                loop.join(http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port() + "/closer")
                        .onMessage(m -> {
                            got.add(m == null ? "<closed>" : m.asText());
                            return null;
                        })
                        .build()));
        assertEquals("bye", got.poll(5, TimeUnit.SECONDS));
        assertEquals("<closed>", got.poll(5, TimeUnit.SECONDS));
        assertEquals(4000, ws.closeCode());
    }

    @Test
    @SquallTimeout(30)
    void aConsumerThatDoesNotReadIsClosedWith1008(TestLoop loop, AsyncHttpClient http, TestClient client)
            throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        loop.join(http.websocketConnect(WebSocketRequest.builder("ws://127.0.0.1:" + client.port() + "/flood")
                .onMessage(m -> never)
                .build())); // the first message stops all reading
        String close = sockets.closes.poll(20, TimeUnit.SECONDS);
        assertTrue(close != null && close.startsWith("1008 "), String.valueOf(close));
        assertTrue(
                sockets.events.contains("failed WebSocketClosedException"), "a write failed with the clear exception");
    }
}
