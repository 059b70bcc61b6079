package dev.squall.websocket;

import java.nio.charset.StandardCharsets;
import okio.ByteString;

/**
 * One complete WebSocket data message, text or binary (fragments are joined, compressed messages inflated).
 *
 * <pre>{@code
 * switch (message) {
 *     case WebSocketMessage.Text t -> handle(t.text());
 *     case WebSocketMessage.Binary b -> store(b.bytes());
 * }
 * }</pre>
 */
public sealed interface WebSocketMessage {

    /** Returns the message as text: the text itself, or the bytes decoded as UTF-8. */
    String asText();

    /** Returns the message as bytes: the bytes themselves, or the text encoded as UTF-8. */
    ByteString asBytes();

    /**
     * A text message (opcode 1), valid UTF-8 on the wire.
     *
     * @param text the text
     */
    record Text(String text) implements WebSocketMessage {
        @Override
        public String asText() {
            return text;
        }

        @Override
        public ByteString asBytes() {
            return ByteString.encodeUtf8(text);
        }
    }

    /**
     * A binary message (opcode 2).
     *
     * @param bytes the bytes
     */
    record Binary(ByteString bytes) implements WebSocketMessage {
        @Override
        public String asText() {
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }

        @Override
        public ByteString asBytes() {
            return bytes;
        }
    }
}
