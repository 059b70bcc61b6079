package dev.squall.testsuite.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.RawResponse;
import dev.squall.testing.RawWebSocket;
import dev.squall.testing.RawWebSocket.Frame;
import dev.squall.testing.SquallTest;
import dev.squall.testing.VirtualTime;
import dev.squall.web.Application;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket server against hand-made frames: the handshake's refusals, and every way a client can break
 * RFC 6455 or RFC 7692, each answered with its close code.
 */
@SquallTest
class WebSocketProtocolTest {
    final Sockets sockets = new Sockets();

    Application app() {
        return sockets.app();
    }

    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    private String closeOf() throws InterruptedException {
        String c = sockets.closes.poll(5, TimeUnit.SECONDS);
        assertTrue(c != null, "the handler's onClose was not called");
        return c;
    }

    // ---------------------------------------------------------------------------------------------------
    // Handshake

    @Test
    void aPlainGetIsRefusedWith400(RawConnection c) {
        RawResponse r = c.send("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .readResponse()
                .assertCode(400);
        assertEquals("Can \"Upgrade\" only to \"WebSocket\".", r.bodyText());
    }

    @Test
    void aMissingKeyIsRefusedWith400(RawConnection c) {
        RawResponse r = c.send(
                        "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Version: 13\r\n\r\n")
                .readResponse()
                .assertCode(400);
        assertTrue(r.bodyText().contains("Sec-WebSocket-Key"), r.bodyText());
    }

    @Test
    void anotherVersionIsRefusedWith426NamingVersion13(RawConnection c) {
        RawResponse r = c.send("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Key: "
                        + RawWebSocket.KEY + "\r\nSec-WebSocket-Version: 8\r\n\r\n")
                .readResponse()
                .assertCode(426);
        assertEquals("13", r.header("Sec-WebSocket-Version"));
    }

    @Test
    void anotherOriginIsRefusedWith403(RawConnection c) {
        c.send("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Key: " + RawWebSocket.KEY
                        + "\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n")
                .readResponse()
                .assertCode(403);
    }

    @Test
    void theSameOriginIsAccepted(RawConnection c) {
        RawWebSocket.handshake(c, "/echo", "Origin: http://127.0.0.1\r\n")
                .sendText("hi")
                .readFrame()
                .assertText("hi");
    }

    @Test
    void prepareCanRefuseTheUpgrade(RawConnection c) {
        c.send("GET /refuse HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Key: " + RawWebSocket.KEY
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .readResponse()
                .assertCode(403);
    }

    @Test
    void prepareLetsTheUpgradeThroughAndOpenCanWrite(RawConnection c) {
        RawWebSocket.handshake(c, "/refuse?token=1").readFrame().assertText("welcome");
    }

    @Test
    void postIsRefusedWith405(RawConnection c) {
        RawResponse r = c.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                .readResponse()
                .assertCode(405);
        assertEquals("GET", r.header("Allow"));
    }

    @Test
    void aSubprotocolIsSelected(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo?name=a", "Sec-WebSocket-Protocol: other, chat\r\n");
        assertEquals("chat", ws.handshakeResponse().header("Sec-WebSocket-Protocol"));
        assertEquals("open a chat", sockets.events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void compressionIsNotAgreedUnlessEnabled(RawConnection c) {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
        assertNull(ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
    }

    @Test
    void messagesSentWithTheHandshakeAreRead(RawConnection c) {
        byte[] head = ("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + "Sec-WebSocket-Key: " + RawWebSocket.KEY
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(UTF_8);
        byte[] frame = RawWebSocket.frame(true, 0, RawWebSocket.TEXT, "early".getBytes(UTF_8), true);
        byte[] both = Arrays.copyOf(head, head.length + frame.length);
        System.arraycopy(frame, 0, both, head.length, frame.length);
        c.send(both).readResponse().assertCode(101);
        RawWebSocket.Frame f = new RawWebSocketReader(c).read();
        f.assertText("early");
    }

    /** Reads frames on a connection whose handshake answer was read by hand. */
    private record RawWebSocketReader(RawConnection c) {
        Frame read() {
            byte[] h = c.readBytes(2);
            int len = h[1] & 0x7F;
            return new Frame((h[0] & 0x80) != 0, (h[0] >> 4) & 7, h[0] & 0x0F, c.readBytes(len));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Frames

    @Test
    void textAndBinaryAreEchoedUnmasked(RawConnection c) {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendText("héllo").readFrame().assertText("héllo");
        ws.sendFrame(true, 0, RawWebSocket.BINARY, new byte[] {0, 1, (byte) 0xFF}, true);
        Frame f = ws.readFrame();
        assertEquals(RawWebSocket.BINARY, f.opcode());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, f.payload());
    }

    @Test
    void aLongFrameUsesTheExtendedLengths(RawConnection c) {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        String big = "x".repeat(70_000);
        ws.sendText(big);
        assertEquals(big, ws.readFrame().text());
        ws.sendText("y".repeat(300));
        assertEquals(300, ws.readFrame().payload().length);
    }

    @Test
    void fragmentsWithAPingBetweenThemMakeOneMessage(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendFrame(false, 0, RawWebSocket.TEXT, "Hel".getBytes(UTF_8), true)
                .sendFrame(true, 0, RawWebSocket.PING, "p".getBytes(UTF_8), true)
                .sendFrame(false, 0, RawWebSocket.CONTINUATION, "lo".getBytes(UTF_8), true)
                .sendFrame(true, 0, RawWebSocket.CONTINUATION, " world".getBytes(UTF_8), true);
        Frame pong = ws.readFrame();
        assertEquals(RawWebSocket.PONG, pong.opcode());
        assertEquals("p", pong.text());
        ws.readFrame().assertText("Hello world");
        assertEquals(
                "ping p",
                sockets.events.stream()
                        .filter(e -> e.startsWith("ping"))
                        .findFirst()
                        .orElse(null));
    }

    @Test
    void aCodePointSplitAcrossFragmentsIsValid(RawConnection c) {
        byte[] euro = "€".getBytes(UTF_8); // three bytes
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendFrame(false, 0, RawWebSocket.TEXT, Arrays.copyOfRange(euro, 0, 1), true)
                .sendFrame(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(euro, 1, 3), true);
        ws.readFrame().assertText("€");
    }

    @Test
    void theCloseHandshakeEchoesTheCodeAndCloses(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendClose(1000).readFrame().assertClose(1000);
        c.assertClosed();
        assertEquals("1000 ", closeOf());
    }

    @Test
    void theServerStartsTheCloseHandshake(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendText("close 4001");
        Frame f = ws.readFrame().assertClose(4001);
        assertEquals("asked to", new String(f.payload(), 2, f.payload().length - 2, UTF_8));
        ws.sendFrame(true, 0, RawWebSocket.CLOSE, new byte[] {0x0F, (byte) 0xA1, 'o', 'k'}, true); // 4001 "ok"
        c.assertClosed();
        assertEquals("4001 ok", closeOf(), "onClose reports the peer's Close frame");
    }

    @Test
    void theCloseWaitsForThePeerOnlyUntilTheTimeout(RawConnection c, VirtualTime time) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
        ws.sendText("close 1000");
        ws.readFrame().assertClose(1000);
        time.advance(Duration.ofSeconds(5)); // no answer from the client
        c.assertClosed();
        assertEquals("1000 asked to", closeOf());
    }

    @Test
    void aPeerThatVanishesIsReportedAs1006(RawConnection c) throws Exception {
        RawWebSocket.handshake(c, "/echo");
        c.shutdownOutput();
        assertTrue(closeOf().startsWith("1006 "));
    }

    // ---------------------------------------------------------------------------------------------------
    // Protocol errors

    private void assertFailsWith(RawConnection c, String path, int code, byte[]... frames) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, path);
        for (byte[] f : frames) {
            c.send(f);
        }
        Frame close = ws.readFrame();
        close.assertClose(code);
        c.assertClosed();
        assertTrue(closeOf().startsWith(code + " "));
    }

    private static byte[] masked(boolean fin, int rsv, int opcode, String payload) {
        return RawWebSocket.frame(fin, rsv, opcode, payload.getBytes(UTF_8), true);
    }

    @Test
    void anUnmaskedClientFrameIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, RawWebSocket.frame(true, 0, RawWebSocket.TEXT, "hi".getBytes(UTF_8), false));
    }

    @Test
    void reservedBitsAre1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 2, RawWebSocket.TEXT, "hi"));
    }

    @Test
    void rsv1WithoutCompressionIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 4, RawWebSocket.TEXT, "hi"));
    }

    @Test
    void aReservedDataOpcodeIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 0, 3, "hi"));
    }

    @Test
    void aReservedControlOpcodeIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 0, 11, ""));
    }

    @Test
    void aFragmentedPingIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(false, 0, RawWebSocket.PING, "p"));
    }

    @Test
    void aPingLongerThan125BytesIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 0, RawWebSocket.PING, "p".repeat(126)));
    }

    @Test
    void aContinuationWithoutAMessageIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, masked(true, 0, RawWebSocket.CONTINUATION, "x"));
    }

    @Test
    void aNewMessageInsideAFragmentedOneIs1002(RawConnection c) throws Exception {
        assertFailsWith(
                c, "/echo", 1002, masked(false, 0, RawWebSocket.TEXT, "a"), masked(true, 0, RawWebSocket.TEXT, "b"));
    }

    @Test
    void invalidUtf8Is1007(RawConnection c) throws Exception {
        assertFailsWith(
                c,
                "/echo",
                1007,
                RawWebSocket.frame(true, 0, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xC0, (byte) 0x80}, true));
    }

    @Test
    void invalidUtf8IsFoundInTheFirstFragment(RawConnection c) throws Exception {
        // The message never ends; the bad byte alone must fail it.
        assertFailsWith(
                c,
                "/echo",
                1007,
                RawWebSocket.frame(false, 0, RawWebSocket.TEXT, new byte[] {(byte) 0xED, (byte) 0xA0}, true));
    }

    @Test
    void textEndingInsideACodePointIs1007(RawConnection c) throws Exception {
        assertFailsWith(
                c,
                "/echo",
                1007,
                RawWebSocket.frame(true, 0, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82}, true));
    }

    @Test
    void aMessageOverTheLimitIs1009(RawConnection c) throws Exception {
        assertFailsWith(c, "/small", 1009, masked(true, 0, RawWebSocket.TEXT, "x".repeat(17)));
    }

    @Test
    void fragmentsAddingUpOverTheLimitAre1009(RawConnection c) throws Exception {
        assertFailsWith(
                c,
                "/small",
                1009,
                masked(false, 0, RawWebSocket.TEXT, "x".repeat(10)),
                masked(true, 0, RawWebSocket.CONTINUATION, "x".repeat(10)));
    }

    @Test
    void aCloseWithAnInvalidCodeIs1002(RawConnection c) throws Exception {
        assertFailsWith(
                c,
                "/echo",
                1002,
                RawWebSocket.frame(true, 0, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE7}, true));
    }

    @Test
    void aCloseWithAOneBytePayloadIs1002(RawConnection c) throws Exception {
        assertFailsWith(c, "/echo", 1002, RawWebSocket.frame(true, 0, RawWebSocket.CLOSE, new byte[] {0x03}, true));
    }

    // ---------------------------------------------------------------------------------------------------
    // permessage-deflate

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(6, true);
        d.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return Arrays.copyOf(out, n - 4);
    }

    private static byte[] inflate(Inflater inf, byte[] data) throws Exception {
        inf.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inf.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inf.setInput(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF});
        while ((n = inf.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void compressedMessagesAreInflatedAndAnswersCompressed(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(
                c, "/deflate", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        assertEquals("permessage-deflate", ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
        Inflater inf = new Inflater(true);
        for (String text : new String[] {"hello hello hello", "hello again, hello again"}) {
            ws.sendFrame(true, 4, RawWebSocket.TEXT, deflate(text.getBytes(UTF_8)), true);
            Frame f = ws.readFrame();
            assertEquals(4, f.rsv(), "the answer is compressed");
            assertEquals(text, new String(inflate(inf, f.payload()), UTF_8)); // one inflater: context kept
        }
        inf.end();
    }

    @Test
    void noContextTakeoverIsAgreedWhenAsked(RawConnection c) {
        RawWebSocket ws = RawWebSocket.handshake(
                c,
                "/deflate",
                "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n");
        assertEquals(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
    }

    @Test
    void aSmallerServerWindowIsAgreed(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(
                c, "/deflate", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n");
        assertEquals(
                "permessage-deflate; server_max_window_bits=9",
                ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
        String big = "abcdefghij".repeat(100); // 1000 bytes, over the 512-byte window: sent uncompressed
        ws.sendFrame(true, 4, RawWebSocket.TEXT, deflate(big.getBytes(UTF_8)), true);
        Frame f = ws.readFrame();
        assertEquals(0, f.rsv());
        assertEquals(big, f.text());
    }

    @Test
    void anOfferWithUnknownParametersIsDeclined(RawConnection c) {
        RawWebSocket ws =
                RawWebSocket.handshake(c, "/deflate", "Sec-WebSocket-Extensions: permessage-deflate; foo=1\r\n");
        assertNull(ws.handshakeResponse().header("Sec-WebSocket-Extensions"));
    }

    @Test
    void aDecompressionBombIs1009(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/deflate?x", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
        byte[] bomb = deflate(new byte[11 * 1024 * 1024]); // tiny on the wire, 11 MiB inflated
        assertTrue(bomb.length < 20_000);
        ws.sendFrame(true, 4, RawWebSocket.BINARY, bomb, true);
        ws.readFrame().assertClose(1009);
        c.assertClosed();
    }

    @Test
    void invalidDeflateDataIs1007(RawConnection c) throws Exception {
        RawWebSocket ws = RawWebSocket.handshake(c, "/deflate", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
        ws.sendFrame(true, 4, RawWebSocket.TEXT, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, true);
        ws.readFrame().assertClose(1007);
    }

    // ---------------------------------------------------------------------------------------------------
    // Keep-alive in virtual time

    @Nested
    @SquallTest(virtualTime = true)
    class KeepAlive {
        @Test
        void aPeerThatAnswersPingsStaysConnected(RawConnection c, VirtualTime time) throws Exception {
            RawWebSocket ws = RawWebSocket.handshake(c, "/keepalive");
            time.advance(Duration.ofSeconds(10));
            Frame ping = ws.readFrame();
            assertEquals(RawWebSocket.PING, ping.opcode());
            ws.sendFrame(true, 0, RawWebSocket.PONG, ping.payload(), true);
            ws.sendText("still here").readFrame().assertText("still here"); // the pong has been read
            time.advance(Duration.ofSeconds(5));
            ws.sendText("and now").readFrame().assertText("and now");
            assertTrue(sockets.closes.isEmpty());
        }

        @Test
        void aDeadPeerIsClosedAfterThePingTimeout(RawConnection c, VirtualTime time) throws Exception {
            RawWebSocket ws = RawWebSocket.handshake(c, "/keepalive");
            time.advance(Duration.ofSeconds(10));
            assertEquals(RawWebSocket.PING, ws.readFrame().opcode());
            time.advance(Duration.ofSeconds(4));
            assertTrue(sockets.closes.isEmpty());
            time.advance(Duration.ofSeconds(1));
            c.assertClosed();
            assertTrue(closeOf().startsWith("1006 no pong within 5000 ms"));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Flow control

    @Test
    void anUnfinishedAsyncCallbackPausesReading(RawConnection c) throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        sockets.gate = gate;
        RawWebSocket ws = RawWebSocket.handshake(c, "/async");
        ws.sendText("one").sendText("two");
        assertEquals("got one", sockets.events.poll(5, TimeUnit.SECONDS));
        assertNull(sockets.events.poll(100, TimeUnit.MILLISECONDS), "two must wait for one's stage");
        gate.complete(null);
        ws.readFrame().assertText("done one");
        ws.readFrame().assertText("done two");
        assertEquals("got two", sockets.events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void coroutineCallbacksAwait(RawConnection c) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        sockets.gate = gate;
        RawWebSocket ws = RawWebSocket.handshake(c, "/coroutine");
        ws.sendText("x");
        gate.complete(null);
        ws.readFrame().assertText("opened");
        ws.readFrame().assertText("awaited x");
    }
}
