package dev.squall.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * WebSocket frames over a {@link RawConnection}, for protocol tests: send exactly the frame you describe (masked or
 * not, any opcode, reserved bits, fragments) and read the server's frames one by one.
 *
 * <pre>{@code
 * @Test void unmaskedClientFramesAreAProtocolError(RawConnection c) {
 *     RawWebSocket ws = RawWebSocket.handshake(c, "/echo");
 *     ws.sendFrame(true, 0, RawWebSocket.TEXT, "hi".getBytes(UTF_8), false);   // unmasked
 *     ws.readFrame().assertClose(1002);
 *     c.assertClosed();
 * }
 * }</pre>
 *
 * <p>Reads use the connection's deadline; a test thread only (blocking).
 */
public final class RawWebSocket {
    /** The continuation opcode. */
    public static final int CONTINUATION = 0;
    /** The text opcode. */
    public static final int TEXT = 1;
    /** The binary opcode. */
    public static final int BINARY = 2;
    /** The close opcode. */
    public static final int CLOSE = 8;
    /** The ping opcode. */
    public static final int PING = 9;
    /** The pong opcode. */
    public static final int PONG = 10;
    /** A valid {@code Sec-WebSocket-Key} (the one from RFC 6455's example). */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The {@code Sec-WebSocket-Accept} that answers {@link #KEY}. */
    public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final RawConnection connection;
    private final RawResponse handshakeResponse;

    private RawWebSocket(RawConnection connection, RawResponse handshakeResponse) {
        this.connection = connection;
        this.handshakeResponse = handshakeResponse;
    }

    /**
     * Sends a WebSocket handshake for {@code path} and checks that the answer is a 101 with the right
     * {@code Sec-WebSocket-Accept}.
     *
     * @param extraHeaders more header lines, each ending in CRLF (e.g. {@code "Sec-WebSocket-Extensions: ...\r\n"})
     * @throws AssertionFailedError if the server does not switch protocols
     */
    public static RawWebSocket handshake(RawConnection connection, String path, String extraHeaders) {
        connection.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
        RawResponse r = connection.readResponse().assertCode(101);
        if (!ACCEPT.equals(r.header("Sec-WebSocket-Accept"))) {
            throw new AssertionFailedError("wrong Sec-WebSocket-Accept", ACCEPT, r.header("Sec-WebSocket-Accept"));
        }
        return new RawWebSocket(connection, r);
    }

    /** As {@link #handshake(RawConnection, String, String)} with no extra headers. */
    public static RawWebSocket handshake(RawConnection connection, String path) {
        return handshake(connection, path, "");
    }

    /** Returns the server's 101 answer. */
    public RawResponse handshakeResponse() {
        return handshakeResponse;
    }

    /** Returns the connection underneath. */
    public RawConnection connection() {
        return connection;
    }

    /**
     * Sends one frame.
     *
     * @param fin the FIN bit
     * @param rsv the three reserved bits as a number 0..7 (4 is RSV1)
     * @param opcode the opcode, 0..15
     * @param payload the payload
     * @param masked whether to mask it (clients must)
     */
    public RawWebSocket sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        connection.send(frame(fin, rsv, opcode, payload, masked));
        return this;
    }

    /** Sends a masked, final text frame. */
    public RawWebSocket sendText(String text) {
        return sendFrame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends a masked Close frame with {@code code} (and no reason). */
    public RawWebSocket sendClose(int code) {
        return sendFrame(true, 0, CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, true);
    }

    /** Returns the bytes of a frame as {@link #sendFrame} sends it, to send several in one write. */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        int len = payload.length;
        byte[] header = new byte[14];
        int h = 0;
        header[h++] = (byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int m = masked ? 0x80 : 0;
        if (len < 126) {
            header[h++] = (byte) (m | len);
        } else if (len < 65536) {
            header[h++] = (byte) (m | 126);
            header[h++] = (byte) (len >>> 8);
            header[h++] = (byte) len;
        } else {
            header[h++] = (byte) (m | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[h++] = (byte) ((long) len >>> shift);
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            System.arraycopy(key, 0, header, h, 4);
            h += 4;
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        byte[] out = Arrays.copyOf(header, h + body.length);
        System.arraycopy(body, 0, out, h, body.length);
        return out;
    }

    /**
     * Reads the next frame the server sent.
     *
     * @throws AssertionFailedError if the server masked it (servers must not) or the connection ends first
     */
    public Frame readFrame() {
        byte[] head = connection.readBytes(2);
        boolean fin = (head[0] & 0x80) != 0;
        int rsv = (head[0] >>> 4) & 7;
        int opcode = head[0] & 0x0F;
        if ((head[1] & 0x80) != 0) {
            throw new AssertionFailedError("the server sent a masked frame; servers must not mask (RFC 6455 5.1)");
        }
        long len = head[1] & 0x7F;
        if (len == 126) {
            byte[] b = connection.readBytes(2);
            len = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        } else if (len == 127) {
            byte[] b = connection.readBytes(8);
            len = 0;
            for (byte x : b) {
                len = (len << 8) | (x & 0xFF);
            }
        }
        return new Frame(fin, rsv, opcode, connection.readBytes((int) len));
    }

    /**
     * One frame from the server.
     *
     * @param fin the FIN bit
     * @param rsv the reserved bits, 0..7
     * @param opcode the opcode
     * @param payload the payload
     */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        /** Returns the payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** Returns the close code of a Close frame, or null if it has none. */
        public @Nullable Integer closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : null;
        }

        /**
         * Checks that this is a Close frame with {@code code}.
         *
         * @return this frame
         * @throws AssertionFailedError otherwise, naming what arrived
         */
        public Frame assertClose(int code) {
            if (opcode != CLOSE || closeCode() == null || closeCode() != code) {
                throw new AssertionFailedError("expected a Close frame with code " + code + " but got " + this);
            }
            return this;
        }

        /**
         * Checks that this is a final, uncompressed text frame with {@code text}.
         *
         * @return this frame
         */
        public Frame assertText(String text) {
            if (opcode != TEXT || !fin || !text().equals(text)) {
                throw new AssertionFailedError("expected a text frame \"" + text + "\" but got " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            String body = opcode == CLOSE && payload.length >= 2
                    ? "code " + closeCode() + " \"" + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                            + "\""
                    : payload.length <= 64 ? "\"" + text() + "\"" : payload.length + " bytes";
            return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=" + opcode + ", " + body + "]";
        }
    }
}
