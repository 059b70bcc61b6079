package dev.squall.internal.websocket;

import dev.squall.net.IOStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The RFC 6455 frame format (section 5.2) for {@link WebSocketProtocol}: opcodes, writing a frame (masked in the
 * client role), unmasking, and a Close frame's payload. Stateless.
 */
final class Frames {
    static final int OP_CONTINUATION = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;
    static final byte[] EMPTY = new byte[0];

    private static final SecureRandom MASKS = new SecureRandom();

    private Frames() {}

    /**
     * Enqueues one final frame on {@code stream} (not flushed). With {@code masked} (the client role) the payload
     * is copied and masked with a fresh random key; otherwise it is enqueued as it is.
     */
    static void write(IOStream stream, boolean masked, int opcode, boolean rsv1, byte[] payload, int off, int len) {
        byte[] header = new byte[14];
        int h = 0;
        header[h++] = (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (len < 126) {
            header[h++] = (byte) (maskBit | len);
        } else if (len < 65536) {
            header[h++] = (byte) (maskBit | 126);
            header[h++] = (byte) (len >>> 8);
            header[h++] = (byte) len;
        } else {
            header[h++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[h++] = (byte) ((long) len >>> shift);
            }
        }
        if (!masked) {
            stream.enqueue(header, 0, h);
            stream.enqueue(payload, off, len);
            return;
        }
        int key = MASKS.nextInt();
        if (key == 0) {
            key = 0x5A5A5A5A; // a zero key would leave the payload as it is, as unmask() assumes
        }
        header[h++] = (byte) (key >>> 24);
        header[h++] = (byte) (key >>> 16);
        header[h++] = (byte) (key >>> 8);
        header[h++] = (byte) key;
        byte[] copy = Arrays.copyOfRange(payload, off, off + len);
        unmask(copy, 0, len, key, 0);
        stream.enqueue(header, 0, h);
        stream.enqueue(copy, 0, len);
    }

    /**
     * XORs {@code len} bytes of {@code data} from {@code off} with the masking key {@code key}, starting at byte
     * {@code keyPos} of the key (section 5.3); masking and unmasking are the same operation. A zero key is no mask.
     */
    static void unmask(byte[] data, int off, int len, int key, int keyPos) {
        if (key == 0) {
            return;
        }
        for (int i = 0; i < len; i++) {
            int shift = (3 - ((keyPos + i) & 3)) << 3;
            data[off + i] ^= (byte) (key >>> shift);
        }
    }

    /** Returns a Close frame's payload: the code, big-endian, then the reason in UTF-8 (section 5.5.1). */
    static byte[] closePayload(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return payload;
    }
}
