package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private final Options options = new Options();
    private final Options.Option<Integer> port = options.define("port", 8888, "port to listen on");
    private final Options.Option<Boolean> debug = options.define("debug", false, "debug mode");
    private final Options.Option<String> address = options.define("address", "127.0.0.1", "address");
    private final Options.Option<Duration> timeout = options.define("idle_timeout", Duration.ofSeconds(30), "idle");
    private final Options.Option<List<String>> headers = options.defineRepeated("header", "a header");

    @Test void optionsKeepTheirDefaultsWhenNotGiven() {
        options.parse();
        assertEquals(8888, port.value());
        assertEquals(false, debug.value());
        assertEquals("127.0.0.1", address.value());
        assertEquals(Duration.ofSeconds(30), timeout.value());
        assertEquals(List.of(), headers.value());
        assertFalse(port.isSet());
    }

    @Test void nameEqualsValueSetsTheTypedValue() {
        options.parse("--port=9000", "--address=0.0.0.0", "--debug=true", "--idle-timeout=1h 30m");
        assertEquals(9000, port.value());
        assertEquals("0.0.0.0", address.value());
        assertTrue(debug.value());
        assertEquals(Duration.ofMinutes(90), timeout.value());
        assertTrue(port.isSet());
    }

    @Test void dashAndUnderscoreAreTheSameInNames() {
        options.parse("--idle_timeout=5s");
        assertEquals(Duration.ofSeconds(5), timeout.value());
        options.parse("--idle-timeout=6s");
        assertEquals(Duration.ofSeconds(6), timeout.value());
        assertEquals("idle-timeout", timeout.name());
    }

    @Test void oneLeadingDashIsEnough() {
        options.parse("-port=1234");
        assertEquals(1234, port.value());
    }

    @Test void aBooleanWithoutValueIsTrue() {
        options.parse("--debug");
        assertTrue(debug.value());
    }

    @Test void booleanAcceptsTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "yes", "on", "1")) {
            options.parse("--debug=" + yes);
            assertTrue(debug.value(), yes);
        }
        for (String no : List.of("false", "no", "off", "0")) {
            options.parse("--debug=" + no);
            assertFalse(debug.value(), no);
        }
    }

    @Test void aRepeatedOptionCollectsEveryValueInOrder() {
        options.parse("--header=A: 1", "--header=B: 2");
        assertEquals(List.of("A: 1", "B: 2"), headers.value());
    }

    @Test void positionalArgumentsAreReturnedInOrderAndMayMixWithOptions() {
        List<String> rest = options.parse("http://a/", "--port=1", "more", "-");
        assertEquals(List.of("http://a/", "more", "-"), rest);
        assertEquals(1, port.value());
    }

    @Test void everythingAfterDoubleDashIsPositional() {
        List<String> rest = options.parse("--port=2", "--", "--port=3", "--nope");
        assertEquals(List.of("--port=3", "--nope"), rest);
        assertEquals(2, port.value());
    }

    @Test void aLaterParseStartsFromTheDefaults() {
        options.parse("--port=1");
        options.parse();
        assertEquals(8888, port.value());
    }

    @Test void unknownOptionIsRefusedWithTheClosestName() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--prot=80"));
        assertEquals("unknown option --prot (did you mean --port?); --help lists the options", e.getMessage());
    }

    @Test void unknownOptionFarFromAnyNameSuggestsNothing() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--verbose"));
        assertEquals("unknown option --verbose; --help lists the options", e.getMessage());
    }

    @Test void badIntegerNamesTheOptionAndTheValue() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--port=eighty"));
        assertEquals("option --port takes an integer, got 'eighty'", e.getMessage());
    }

    @Test void badBooleanNamesTheOptionAndTheValue() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--debug=maybe"));
        assertEquals("option --debug takes true or false, got 'maybe'", e.getMessage());
    }

    @Test void badDurationSaysWhatIsExpected() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--idle-timeout=5 parsecs"));
        assertTrue(e.getMessage().startsWith("option --idle-timeout takes a duration such as 30s"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown unit 'parsecs'"), e.getMessage());
    }

    @Test void nonBooleanOptionWithoutValueIsRefused() {
        OptionException e = assertThrows(OptionException.class, () -> options.parse("--port"));
        assertEquals("option --port needs a value: --port=INT", e.getMessage());
    }

    @Test void helpAnywhereWinsOverOtherErrors() {
        List<String> rest = options.parse("--port=bad", "--help");
        assertTrue(options.helpRequested());
        assertEquals(List.of(), rest);
    }

    @Test void helpListsEveryOptionWithTypeAndDefault() {
        String help = options.help("Usage: x");
        assertTrue(help.startsWith("Usage: x\n\nOptions:\n"), help);
        assertTrue(help.contains("--port=INT"), help);
        assertTrue(help.contains("port to listen on (default 8888)"), help);
        assertTrue(help.contains("--debug[=BOOL]"), help);
        assertTrue(help.contains("--idle-timeout=DURATION"), help);
        assertTrue(help.contains("(default 30s)"), help);
        assertTrue(help.contains("a header (may be repeated)"), help);
        assertTrue(help.contains("--help"), help);
    }

    @Test void definingANameTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> options.define("port", 1, "again"));
        assertThrows(IllegalArgumentException.class, () -> options.define("idle-timeout", 1, "same after normalising"));
    }

    @Test void durationsAcceptUnitsCombinationsAndBareSeconds() {
        assertEquals(Duration.ofSeconds(45), Options.parseDuration("45s"));
        assertEquals(Duration.ofSeconds(90), Options.parseDuration("90"));
        assertEquals(Duration.ofMillis(250), Options.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(90), Options.parseDuration("1.5m"));
        assertEquals(Duration.ofMinutes(90), Options.parseDuration("1h30m"));
        assertEquals(Duration.ofDays(2), Options.parseDuration("2 days"));
        assertEquals(Duration.ofNanos(3_000), Options.parseDuration("3us"));
        assertThrows(IllegalArgumentException.class, () -> Options.parseDuration(""));
        assertThrows(IllegalArgumentException.class, () -> Options.parseDuration("s"));
        assertThrows(IllegalArgumentException.class, () -> Options.parseDuration("1..2s"));
    }
}
