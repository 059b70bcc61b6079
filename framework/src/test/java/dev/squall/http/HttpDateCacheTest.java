package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.squall.loop.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpDateCacheTest {
    /** 1994-11-06T08:49:37Z, RFC 9110's example date. */
    private static final long EXAMPLE = 784111777_000L;

    @Test
    void formatsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDateCache.format(EXAMPLE));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDateCache.format(0));
        assertEquals("Tue, 29 Feb 2028 23:59:59 GMT", HttpDateCache.format(1835481599_999L));
    }

    @Test
    void readsTheLoopsClockAndCachesPerSecond() {
        ManualClock clock = new ManualClock(EXAMPLE);
        HttpDateCache cache = new HttpDateCache(clock);
        byte[] first = cache.headerLine();
        assertArrayEquals("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".getBytes(StandardCharsets.ISO_8859_1), first);
        clock.advance(Duration.ofMillis(999));
        assertSame(first, cache.headerLine());
        clock.advance(Duration.ofMillis(1));
        assertNotEquals("Sun, 06 Nov 1994 08:49:37 GMT", cache.value());
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", cache.value());
    }
}
