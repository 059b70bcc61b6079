package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.squall.loop.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieJarTest {
    private final ManualClock clock = new ManualClock(1_765_000_000_000L);
    private final CookieJar jar = new CookieJar(clock);

    @Test
    void aCookieIsSentOnlyUnderItsPathLongestPathFirst() {
        jar.store("/", List.of("a=root; Path=/", "b=admin; Path=/admin"));
        assertEquals("a=root", jar.header("/"));
        assertEquals("a=root", jar.header("/administrator"));
        assertEquals("b=admin; a=root", jar.header("/admin"));
        assertEquals("b=admin; a=root", jar.header("/admin/users"));
    }

    @Test
    void withoutAPathTheCookieBelongsToTheDirectoryOfTheUrlThatSetIt() {
        jar.store("/shop/cart", List.of("c=1"));
        assertEquals("c=1", jar.header("/shop/pay"));
        assertNull(jar.header("/"));
    }

    @Test
    void theSameNameUnderTwoPathsIsTwoCookiesAndEachIsClearedOnItsOwn() {
        jar.store("/", List.of("s=a; Path=/", "s=b; Path=/x"));
        assertEquals("s=b; s=a", jar.header("/x"));
        jar.store("/", List.of("s=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/x"));
        assertEquals("s=a", jar.header("/x"));
    }

    @Test
    void expiresIsReadOnTheClockAndMaxAgeWinsOverIt() {
        jar.store(
                "/",
                List.of(
                        "e=1; expires=Sat, 06 Dec 2025 06:00:00 GMT; Path=/",
                        "m=1; Max-Age=60; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"));
        assertEquals("e=1; m=1", jar.header("/"));
        clock.advance(Duration.ofSeconds(61));
        assertEquals("e=1", jar.header("/"));
    }

    @Test
    void quotedValuesAndAttributesAreKeptAsSent() {
        jar.store(
                "/",
                List.of("u=\"2|1:0|8:dmFsdWU=|ab\"; expires=Mon, 05 Jan 2026 00:00:00 GMT; HttpOnly; Path=/; "
                        + "SameSite=Lax; Secure"));
        assertEquals("u=\"2|1:0|8:dmFsdWU=|ab\"", jar.header("/"));
        assertEquals("\"2|1:0|8:dmFsdWU=|ab\"", jar.get("u"));
    }
}
