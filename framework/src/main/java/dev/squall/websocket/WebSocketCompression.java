package dev.squall.websocket;

/**
 * Settings for the permessage-deflate extension (RFC 7692), which compresses each message with DEFLATE. Off
 * unless a handler's {@link WebSocketOptions} (or a client's request) carries one; then it is offered (client) or
 * accepted when offered (server).
 *
 * <pre>{@code
 * WebSocketOptions.builder().compression(WebSocketCompression.DEFAULT.withLevel(1)).build()
 * }</pre>
 *
 * <p>The JDK's {@code Deflater} always uses a 32 KiB window; when the peer asks for a smaller one
 * ({@code *_max_window_bits}), Squall agrees and then compresses only messages no longer than that window, each on
 * its own (a DEFLATE stream cannot refer further back than its length), and sends longer ones uncompressed, which
 * the extension allows. A compressing connection holds a native {@code Deflater} (about 256 KiB at the JDK's
 * memory level) and {@code Inflater} (about 44 KiB), made when the first message needs one.
 *
 * @param level the DEFLATE level, 0 (store) to 9 (smallest); 6 as Tornado and zlib
 * @param serverNoContextTakeover whether the server compresses each message on its own (asked of, or agreed by,
 *     the server), trading ratio for memory
 * @param clientNoContextTakeover whether the client compresses each message on its own
 * @param minMessageBytes messages shorter than this are sent uncompressed (compressing a few bytes only adds to
 *     them)
 */
public record WebSocketCompression(
        int level, boolean serverNoContextTakeover, boolean clientNoContextTakeover, int minMessageBytes) {
    /** Level 6, context takeover both ways, messages from 64 bytes compressed. */
    public static final WebSocketCompression DEFAULT = new WebSocketCompression(6, false, false, 64);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the level is not 0..9 or {@code minMessageBytes} is negative
     */
    public WebSocketCompression {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("the compression level must be 0..9, not " + level);
        }
        if (minMessageBytes < 0) {
            throw new IllegalArgumentException("minMessageBytes must be >= 0, not " + minMessageBytes);
        }
    }

    /** Returns a copy with the DEFLATE level {@code level} (0..9). */
    public WebSocketCompression withLevel(int level) {
        return new WebSocketCompression(level, serverNoContextTakeover, clientNoContextTakeover, minMessageBytes);
    }

    /** Returns a copy that asks for (or agrees to) no context takeover on both sides. */
    public WebSocketCompression withNoContextTakeover() {
        return new WebSocketCompression(level, true, true, minMessageBytes);
    }

    /** Returns a copy that compresses messages of at least {@code bytes} bytes. */
    public WebSocketCompression withMinMessageBytes(int bytes) {
        return new WebSocketCompression(level, serverNoContextTakeover, clientNoContextTakeover, bytes);
    }
}
