package dev.squall.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void unitsCombinationsAndBareSeconds() {
        assertEquals(Duration.ofSeconds(45), Durations.parse("45s"));
        assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("1.5m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h 30m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1 hour, 30 minutes"));
        assertEquals(Duration.ofDays(2), Durations.parse("2 days"));
        assertEquals(Duration.ofNanos(3_000), Durations.parse("3us"));
    }

    @Test
    void isoDurationsToo() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("PT1H30M"));
        assertEquals(Duration.ofSeconds(-5), Durations.parse("-pt5s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("P1X"));
    }

    @Test
    void badTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1..2s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("1e30 weeks"));
    }

    @Test
    void formatReadsBack() {
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        for (Duration d : new Duration[] {Duration.ofMinutes(90), Duration.ofMillis(1_001), Duration.ofNanos(7)}) {
            assertEquals(d, Durations.parse(Durations.format(d)));
        }
    }
}
