package dev.squall.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.websocket.WebSocketOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionChecksTest {
    @Test
    void positiveRefusesZeroAndNegativeNamingTheOption() {
        assertEquals(Duration.ofSeconds(1), OptionChecks.positive(Duration.ofSeconds(1), "t"));
        assertEquals(
                "pingTimeout must be positive, not PT0S",
                assertThrows(IllegalArgumentException.class, () -> OptionChecks.positive(Duration.ZERO, "pingTimeout"))
                        .getMessage());
        assertEquals(
                "n must be positive, not -1",
                assertThrows(IllegalArgumentException.class, () -> OptionChecks.positive(-1L, "n"))
                        .getMessage());
        assertEquals(7L, OptionChecks.positive(7L, "n"));
    }

    @Test
    void notNegativeAcceptsZeroAndRefusesNegative() {
        assertEquals(Duration.ZERO, OptionChecks.notNegative(Duration.ZERO, "t"));
        assertEquals(
                "closeTimeout must not be negative, not PT-1S",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> OptionChecks.notNegative(Duration.ofSeconds(-1), "closeTimeout"))
                        .getMessage());
    }

    @Test
    void webSocketOptionsRefuseBadValuesThroughTheChecks() {
        WebSocketOptions.Builder b = WebSocketOptions.builder();
        assertThrows(IllegalArgumentException.class, () -> b.maxMessageSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.pingInterval(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.pingTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.closeTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.maxOutgoingBufferBytes(0));
    }
}
