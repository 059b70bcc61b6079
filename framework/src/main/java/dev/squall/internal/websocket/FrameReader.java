package dev.squall.internal.websocket;

import static dev.squall.internal.websocket.Frames.EMPTY;
import static dev.squall.internal.websocket.Frames.OP_BINARY;
import static dev.squall.internal.websocket.Frames.OP_CLOSE;
import static dev.squall.internal.websocket.Frames.OP_CONTINUATION;
import static dev.squall.internal.websocket.Frames.OP_PONG;
import static dev.squall.internal.websocket.Frames.OP_TEXT;

import dev.squall.websocket.CloseCodes;
import dev.squall.websocket.WebSocketMessage;
import dev.squall.websocket.WebSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The reading half of {@link WebSocketProtocol}: parses frames as bytes arrive and assembles data messages —
 * unmasking into the message buffer, checking the frame rules (masking by role, reserved bits and opcodes,
 * fragmentation), validating text incrementally, inflating compressed messages within {@code maxMessageSize}.
 * A whole message goes to {@link WebSocketProtocol#deliver}, a control frame (read whole) to
 * {@link WebSocketProtocol#onControlFrame}, a broken rule to {@link WebSocketProtocol#fail}. Loop-confined.
 */
final class FrameReader {
    private final WebSocketProtocol protocol;
    private final boolean client;
    private final WebSocketOptions options;
    private final @Nullable PerMessageDeflate deflate;

    // the frame being read
    private boolean inFrame;
    private boolean frameFin;
    private long frameRemaining;
    private int maskKey;
    private int maskPos;

    // the message being assembled
    private int messageOpcode; // 0: none
    private boolean messageCompressed;
    private byte[] message = EMPTY;
    private int messageLength;
    private @Nullable Utf8Validator utf8;

    FrameReader(
            WebSocketProtocol protocol, boolean client, WebSocketOptions options, @Nullable PerMessageDeflate deflate) {
        this.protocol = protocol;
        this.client = client;
        this.options = options;
        this.deflate = deflate;
    }

    /** Reads a frame header or payload bytes from {@code buf}; false if more bytes are needed or the frame failed. */
    boolean read(ByteBuffer buf) {
        if (!inFrame) {
            return readHeader(buf);
        }
        readPayload(buf);
        return true;
    }

    /** Forgets the frame and message being read (the connection failed or closed). */
    void reset() {
        inFrame = false;
        messageOpcode = 0;
        message = EMPTY; // an idle or closed connection keeps no message buffer
    }

    /** Reads one frame header (and a whole control frame); false if more bytes are needed or it failed. */
    private boolean readHeader(ByteBuffer buf) {
        int p = buf.position();
        int available = buf.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = buf.get(p) & 0xFF;
        int b1 = buf.get(p + 1) & 0xFF;
        boolean masked = (b1 & 0x80) != 0;
        int lenCode = b1 & 0x7F;
        int headerLength = 2 + (lenCode == 126 ? 2 : lenCode == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (available < headerLength) {
            return false;
        }
        boolean fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        int opcode = b0 & 0x0F;
        long length = lenCode == 126 ? buf.getShort(p + 2) & 0xFFFF : lenCode == 127 ? buf.getLong(p + 2) : lenCode;
        if ((b0 & 0x30) != 0) {
            return protocol.fail(
                    CloseCodes.PROTOCOL_ERROR, "reserved bits RSV2/RSV3 set without an extension that defines them");
        }
        if (length < 0) {
            return protocol.fail(CloseCodes.PROTOCOL_ERROR, "a frame length with the most significant bit set");
        }
        if (masked == client) {
            return protocol.fail(
                    CloseCodes.PROTOCOL_ERROR,
                    client
                            ? "the server sent a masked frame"
                            : "the client sent an unmasked frame (client frames must be masked, RFC 6455 section 5.1)");
        }
        int key = masked ? buf.getInt(p + headerLength - 4) : 0;
        if (opcode >= OP_CLOSE) {
            if (opcode > OP_PONG) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "reserved control opcode " + opcode);
            }
            if (!fin || length > 125) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "a fragmented or longer than 125 bytes control frame");
            }
            if (rsv1) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a control frame");
            }
            if (available < headerLength + length) {
                return false; // control frames are read whole
            }
            byte[] payload = new byte[(int) length];
            buf.position(p + headerLength);
            buf.get(payload);
            Frames.unmask(payload, 0, payload.length, key, 0);
            protocol.onControlFrame(opcode, payload);
            return true;
        }
        if (opcode == OP_CONTINUATION) {
            if (messageOpcode == 0) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "a continuation frame with no message to continue");
            }
            if (rsv1) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
            }
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            if (messageOpcode != 0) {
                return protocol.fail(
                        CloseCodes.PROTOCOL_ERROR, "a new data frame while a fragmented message is unfinished");
            }
            if (rsv1 && deflate == null) {
                return protocol.fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set but permessage-deflate was not agreed");
            }
            messageOpcode = opcode;
            messageCompressed = rsv1;
            messageLength = 0;
            if (opcode == OP_TEXT && !rsv1) {
                Utf8Validator v = utf8;
                if (v == null) {
                    v = new Utf8Validator();
                    utf8 = v;
                } else {
                    v.reset();
                }
            }
        } else {
            return protocol.fail(CloseCodes.PROTOCOL_ERROR, "reserved data opcode " + opcode);
        }
        if (messageLength + length > options.maxMessageSize()) {
            return protocol.fail(
                    CloseCodes.MESSAGE_TOO_BIG,
                    "a message larger than the limit of " + options.maxMessageSize() + " bytes");
        }
        buf.position(p + headerLength);
        int needed = (int) (messageLength + length);
        if (message.length < needed) {
            // A final frame is sized exactly; a fragmented message grows by doubling up to the limit.
            int size = fin ? needed : (int) Math.min(options.maxMessageSize(), Math.max(needed, message.length * 2L));
            message = Arrays.copyOf(message, size);
        }
        inFrame = true;
        frameFin = fin;
        frameRemaining = length;
        maskKey = key;
        maskPos = 0;
        if (length == 0) {
            frameDone();
        }
        return true;
    }

    private void readPayload(ByteBuffer buf) {
        int n = (int) Math.min(frameRemaining, buf.remaining());
        buf.get(message, messageLength, n);
        if (!client) {
            Frames.unmask(message, messageLength, n, maskKey, maskPos);
        }
        maskPos += n;
        if (messageOpcode == OP_TEXT && !messageCompressed) {
            Utf8Validator v = utf8;
            assert v != null : "a text message is validated from its first fragment";
            if (!v.feed(message, messageLength, n)) {
                protocol.fail(CloseCodes.INVALID_PAYLOAD, "a text message that is not valid UTF-8");
                return;
            }
        }
        messageLength += n;
        frameRemaining -= n;
        if (frameRemaining == 0) {
            frameDone();
        }
    }

    private void frameDone() {
        inFrame = false;
        if (!frameFin) {
            return;
        }
        int opcode = messageOpcode;
        byte[] bytes = message;
        int length = messageLength;
        boolean compressed = messageCompressed;
        messageOpcode = 0;
        messageLength = 0;
        message = EMPTY; // an idle connection keeps no message buffer
        if (compressed) {
            byte[] inflated;
            try {
                PerMessageDeflate pmd = deflate;
                assert pmd != null : "a compressed message was accepted only with permessage-deflate negotiated";
                inflated = pmd.decompress(bytes, length, options.maxMessageSize());
            } catch (DataFormatException e) {
                protocol.fail(
                        CloseCodes.INVALID_PAYLOAD,
                        "a compressed message that is not valid DEFLATE data: " + e.getMessage());
                return;
            }
            if (inflated == null) {
                protocol.fail(
                        CloseCodes.MESSAGE_TOO_BIG,
                        "a compressed message that inflates past the limit of " + options.maxMessageSize() + " bytes");
                return;
            }
            bytes = inflated;
            length = inflated.length;
            if (opcode == OP_TEXT && !Utf8Validator.isValid(bytes, 0, length)) {
                protocol.fail(CloseCodes.INVALID_PAYLOAD, "a text message that is not valid UTF-8");
                return;
            }
        } else if (opcode == OP_TEXT
                && !Objects.requireNonNull(utf8, "a text message has a validator")
                        .isComplete()) {
            protocol.fail(CloseCodes.INVALID_PAYLOAD, "a text message that ends in the middle of a UTF-8 sequence");
            return;
        }
        WebSocketMessage m = opcode == OP_TEXT
                ? new WebSocketMessage.Text(new String(bytes, 0, length, StandardCharsets.UTF_8))
                : new WebSocketMessage.Binary(
                        length == bytes.length ? ByteString.of(bytes) : ByteString.of(bytes, 0, length));
        protocol.deliver(m);
    }
}
