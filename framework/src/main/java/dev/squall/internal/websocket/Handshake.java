package dev.squall.internal.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key arithmetic of the opening handshake (RFC 6455 section 4). Not API, may change.
 */
public final class Handshake {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    /** Returns {@code Sec-WebSocket-Accept} for a {@code Sec-WebSocket-Key}. */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.strip() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Returns whether {@code key} is the base64 of 16 bytes, as section 4.2.1 requires. */
    public static boolean isValidKey(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Returns a fresh random {@code Sec-WebSocket-Key}. */
    public static String newKey() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
