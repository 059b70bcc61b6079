package dev.squall.internal.websocket;

import java.time.Duration;

/**
 * Not API, may change: the checks WebSocket options make on their values, shared by the server's
 * {@code WebSocketOptions} and the client's {@code WebSocketRequest} so that both refuse a bad value with the
 * same message.
 */
public final class OptionChecks {
    private OptionChecks() {}

    /**
     * Returns {@code value} if it is above zero.
     *
     * @throws IllegalArgumentException naming the option, if it is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is zero or more.
     *
     * @throws IllegalArgumentException naming the option, if it is negative
     */
    public static Duration notNegative(Duration value, String name) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return value;
    }

    /**
     * Returns {@code value} if it is above zero.
     *
     * @throws IllegalArgumentException naming the option, if it is zero or negative
     */
    public static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }
}
