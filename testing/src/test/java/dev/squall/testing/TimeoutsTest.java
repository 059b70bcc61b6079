package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class TimeoutsTest {
    private static final UnaryOperator<String> NOTHING = name -> null;

    @Test
    void theDefaultIsFiveSeconds() throws Exception {
        Timeouts.Limit limit = Timeouts.resolve(method(Plain.class, "test"), Plain.class, NOTHING, NOTHING);
        assertEquals(Duration.ofSeconds(5), limit.limit());
        assertEquals("the default", limit.source());
    }

    @Test
    void theEnvironmentVariableReplacesTheDefault() throws Exception {
        Timeouts.Limit limit = Timeouts.resolve(
                method(Plain.class, "test"), Plain.class, Map.of("SQUALL_TEST_TIMEOUT", "10s")::get, NOTHING);
        assertEquals(Duration.ofSeconds(10), limit.limit());
        assertEquals("SQUALL_TEST_TIMEOUT=10s", limit.source());
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentVariable() throws Exception {
        Timeouts.Limit limit = Timeouts.resolve(
                method(Plain.class, "test"),
                Plain.class,
                Map.of("SQUALL_TEST_TIMEOUT", "10s")::get,
                Map.of("squall.test.timeout", "750ms")::get);
        assertEquals(Duration.ofMillis(750), limit.limit());
    }

    @Test
    void anAnnotationOnTheClassWinsOverTheEnvironment() throws Exception {
        Timeouts.Limit limit = Timeouts.resolve(
                method(Annotated.class, "test"), Annotated.class, Map.of("SQUALL_TEST_TIMEOUT", "10s")::get, NOTHING);
        assertEquals(Duration.ofSeconds(2), limit.limit());
        assertEquals("@SquallTimeout on Annotated", limit.source());
    }

    @Test
    void anAnnotationOnTheMethodWinsOverOneOnTheClass() throws Exception {
        Timeouts.Limit limit = Timeouts.resolve(method(Annotated.class, "slow"), Annotated.class, NOTHING, NOTHING);
        assertEquals(Duration.ofMillis(20_000), limit.limit());
        assertEquals("@SquallTimeout on slow()", limit.source());
    }

    @Test
    void nestedClassesInheritTheEnclosingClassesLimit() throws Exception {
        Timeouts.Limit limit =
                Timeouts.resolve(method(Annotated.Inner.class, "test"), Annotated.Inner.class, NOTHING, NOTHING);
        assertEquals(Duration.ofSeconds(2), limit.limit());
    }

    @Test
    void limitsParseInTheUsualUnits() {
        assertEquals(Duration.ofMillis(500), Timeouts.parse("500ms", "x"));
        assertEquals(Duration.ofSeconds(10), Timeouts.parse("10s", "x"));
        assertEquals(Duration.ofSeconds(10), Timeouts.parse(" 10 ", "x"));
        assertEquals(Duration.ofMillis(1500), Timeouts.parse("1.5s", "x"));
        assertEquals(Duration.ofMinutes(2), Timeouts.parse("2m", "x"));
        assertEquals(Duration.ofHours(1), Timeouts.parse("1h", "x"));
        assertEquals(Duration.ofSeconds(30), Timeouts.parse("PT30S", "x"));
    }

    @Test
    void anInvalidLimitIsRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Timeouts.resolve(null, Plain.class, Map.of("SQUALL_TEST_TIMEOUT", "ten")::get, NOTHING));
        assertEquals(
                "environment variable SQUALL_TEST_TIMEOUT is 'ten', which is not a duration; write e.g. 10s, "
                        + "500ms, 2m or 1.5s",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("0s", "x"));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("5 parsecs", "x"));
    }

    @Test
    void limitsAreFormattedForPeople() {
        assertEquals("300 ms", Timeouts.format(Duration.ofMillis(300)));
        assertEquals("5 s", Timeouts.format(Duration.ofSeconds(5)));
        assertEquals("1.5 s", Timeouts.format(Duration.ofMillis(1500)));
        assertEquals("2 min", Timeouts.format(Duration.ofMinutes(2)));
    }

    @Test
    void aTimeoutAtTheDefaultLimitSaysHowToRaiseIt() throws Throwable {
        // A scope whose limit claims to be the default, but is short: the message is what is under test.
        TestScope scope = new TestScope(
                "waits()", TimeoutsTest.class, new Timeouts.Limit(Duration.ofMillis(200), "the default"), false);
        try {
            AssertionFailedError failure = assertThrows(
                    AssertionFailedError.class,
                    () -> scope.invoke(() -> scope.testLoop().join(new CompletableFuture<>()), "waits()"));
            assertTrue(
                    failure.getMessage()
                            .startsWith("waits() did not finish within 200 ms (the default; raise it "
                                    + "with @SquallTimeout or e.g. SQUALL_TEST_TIMEOUT=10s)."),
                    failure.getMessage());
        } finally {
            scope.closeAndCheck();
        }
    }

    private static Method method(Class<?> c, String name) throws NoSuchMethodException {
        return c.getDeclaredMethod(name);
    }

    static class Plain {
        void test() {}
    }

    @SquallTimeout(2)
    static class Annotated {
        void test() {}

        @SquallTimeout(value = 20_000, unit = TimeUnit.MILLISECONDS)
        void slow() {}

        class Inner {
            void test() {}
        }
    }
}
