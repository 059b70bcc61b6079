package dev.squall.websocket;

/**
 * The WebSocket close codes Squall sends or reports (RFC 6455 section 7.4.1).
 */
public final class CloseCodes {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: the endpoint is going away (server shutdown, page left). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol (bad frame, unmasked client frame, reserved bits...). */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint does not accept (text or binary). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported (never sent) when the peer's Close frame had no code. */
    public static final int NO_STATUS = 1005;
    /** 1006: reported (never sent) when the connection ended without a closing handshake. */
    public static final int ABNORMAL = 1006;
    /** 1007: a text message (or close reason) that is not valid UTF-8, or undecodable compressed data. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a policy violation; Squall sends it to a consumer too slow to take its messages. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message larger than {@link WebSocketOptions#maxMessageSize()}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the server hit an unexpected condition (a handler callback threw). */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {}

    /**
     * Returns whether {@code code} may be sent in a Close frame: 1000-1003, 1007-1014, or 3000-4999 (registered
     * and private use).
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
