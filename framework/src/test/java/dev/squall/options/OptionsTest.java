package dev.squall.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private final Options options = new Options();
    private final Option<Integer> port = options.define("port", 8888).help("port to listen on");
    private final Option<Boolean> debug = options.define("debug", false).help("debug mode");
    private final Option<String> address =
            options.define("address", "127.0.0.1").help("address");
    private final Option<Duration> timeout =
            options.define("idle_timeout", Duration.ofSeconds(30)).help("idle");
    private final Option<List<String>> headers =
            options.defineRepeated("header").help("a header");

    @Test
    void optionsKeepTheirDefaultsWhenNotGiven() {
        options.parseCommandLine();
        assertEquals(8888, port.value());
        assertEquals(false, debug.value());
        assertEquals("127.0.0.1", address.value());
        assertEquals(Duration.ofSeconds(30), timeout.value());
        assertEquals(List.of(), headers.value());
        assertFalse(port.isSet());
        assertEquals(Option.Source.DEFAULT, port.source());
    }

    @Test
    void nameEqualsValueSetsTheTypedValue() {
        options.parseCommandLine("--port=9000", "--address=0.0.0.0", "--debug=true", "--idle-timeout=1h 30m");
        assertEquals(9000, port.value());
        assertEquals("0.0.0.0", address.value());
        assertTrue(debug.value());
        assertEquals(Duration.ofMinutes(90), timeout.value());
        assertEquals(Option.Source.COMMAND_LINE, port.source());
    }

    @Test
    void dashAndUnderscoreAreTheSameInNames() {
        options.parseCommandLine("--idle_timeout=5s");
        assertEquals(Duration.ofSeconds(5), timeout.value());
        options.parseCommandLine("--idle-timeout=6s");
        assertEquals(Duration.ofSeconds(6), timeout.value());
        assertEquals("idle-timeout", timeout.name());
    }

    @Test
    void oneLeadingDashIsEnough() {
        options.parseCommandLine("-port=1234");
        assertEquals(1234, port.value());
    }

    @Test
    void aBooleanWithoutValueIsTrue() {
        options.parseCommandLine("--debug");
        assertTrue(debug.value());
    }

    @Test
    void booleanAcceptsTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "yes", "on", "1")) {
            options.parseCommandLine("--debug=" + yes);
            assertTrue(debug.value(), yes);
        }
        for (String no : List.of("false", "no", "off", "0")) {
            options.parseCommandLine("--debug=" + no);
            assertFalse(debug.value(), no);
        }
    }

    @Test
    void aValueSeparatedBySpaceIsRefusedWithTheFix() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--port", "80"));
        assertEquals("option --port needs a value: --port=INT", e.getMessage());
        assertEquals("port", e.option());
        assertEquals(2, e.exitCode());
    }

    @Test
    void aBooleanAloneDoesNotSwallowTheNextArgument() {
        List<String> rest = options.parseCommandLine("--debug", "file.txt");
        assertTrue(debug.value());
        assertEquals(List.of("file.txt"), rest);
    }

    @Test
    void aRepeatedOptionCollectsEveryValueInOrderCommasIncluded() {
        options.parseCommandLine("--header=Accept: a, b", "--header=B: 2");
        assertEquals(List.of("Accept: a, b", "B: 2"), headers.value());
    }

    @Test
    void aListOptionSplitsOnCommasAndAddsUpOccurrences() {
        Option<List<Integer>> ports = options.defineList("ports", OptionType.INT, List.of(80));
        assertEquals(List.of(80), ports.value());
        options.parseCommandLine("--ports=1, 2", "--ports=3");
        assertEquals(List.of(1, 2, 3), ports.value());
        assertTrue(ports.multiple());
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--ports=1,x"));
        assertEquals("option --ports takes a comma-separated list of INT, got '1,x'", e.getMessage());
    }

    @Test
    void positionalArgumentsAreReturnedInOrderAndMayMixWithOptions() {
        List<String> rest = options.parseCommandLine("http://a/", "--port=1", "more", "-");
        assertEquals(List.of("http://a/", "more", "-"), rest);
        assertEquals(1, port.value());
    }

    @Test
    void everythingAfterDoubleDashIsPositional() {
        List<String> rest = options.parseCommandLine("--port=2", "--", "--port=3", "--nope");
        assertEquals(List.of("--port=3", "--nope"), rest);
        assertEquals(2, port.value());
    }

    @Test
    void aLaterParseStartsFromTheDefaults() {
        options.parseCommandLine("--port=1");
        options.parseCommandLine();
        assertEquals(8888, port.value());
    }

    @Test
    void aFailedParseChangesNothing() {
        options.parseCommandLine("--port=1");
        assertThrows(OptionException.class, () -> options.parseCommandLine("--port=2", "--debug=maybe"));
        assertEquals(1, port.value());
    }

    @Test
    void unknownOptionIsRefusedWithTheClosestName() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--prot=80"));
        assertEquals("unknown option --prot (did you mean --port?); --help lists the options", e.getMessage());
        assertEquals(OptionException.EXIT_USAGE, e.exitCode());
    }

    @Test
    void unknownOptionFarFromAnyNameSuggestsNothing() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--verbose"));
        assertEquals("unknown option --verbose; --help lists the options", e.getMessage());
    }

    @Test
    void badIntegerNamesTheOptionAndTheValue() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--port=eighty"));
        assertEquals("option --port takes an integer, got 'eighty'", e.getMessage());
    }

    @Test
    void badBooleanNamesTheOptionAndTheValue() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--debug=maybe"));
        assertEquals("option --debug takes true or false, got 'maybe'", e.getMessage());
    }

    @Test
    void badDurationSaysWhatIsExpected() {
        OptionException e =
                assertThrows(OptionException.class, () -> options.parseCommandLine("--idle-timeout=5 parsecs"));
        assertTrue(e.getMessage().startsWith("option --idle-timeout takes a duration such as 30s"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown unit 'parsecs'"), e.getMessage());
    }

    @Test
    void everyBuiltInTypeReadsItsValues() {
        Option<Long> big = options.define("big", 1L);
        Option<Double> ratio = options.define("ratio", 0.5);
        Option<Path> dir = options.define("dir", Path.of("."));
        Option<TimeUnit> unit = options.define("unit", TimeUnit.SECONDS);
        options.parseCommandLine("--big=10000000000", "--ratio=1e-3", "--dir=/tmp/x", "--unit=milli-seconds");
        assertEquals(10_000_000_000L, big.value());
        assertEquals(0.001, ratio.value());
        assertEquals(Path.of("/tmp/x"), dir.value());
        assertEquals(TimeUnit.MILLISECONDS, unit.value());
    }

    @Test
    void anUnknownEnumValueListsTheChoices() {
        options.define("unit", TimeUnit.SECONDS);
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--unit=fortnights"));
        assertEquals(
                "option --unit takes one of nanoseconds, microseconds, milliseconds, seconds, minutes, hours, "
                        + "days, got 'fortnights'",
                e.getMessage());
    }

    @Test
    void aCheckRefusesValuesOutsideItsRange() {
        port.check(p -> p >= 0 && p <= 65535, "0..65535");
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--port=70000"));
        assertEquals("option --port takes 0..65535, got 70000", e.getMessage());
    }

    @Test
    void aCallbackRunsWithTheValueAfterTheParse() {
        List<Integer> seen = new ArrayList<>();
        port.callback(seen::add);
        options.parseCommandLine("--debug");
        assertEquals(List.of(), seen);
        options.parseCommandLine("--port=1");
        assertEquals(List.of(1), seen);
    }

    @Test
    void helpAnywhereWinsOverOtherErrors() {
        List<String> rest = options.parseCommandLine("--port=bad", "--help");
        assertTrue(options.helpRequested());
        assertEquals(List.of(), rest);
    }

    @Test
    void helpListsEveryOptionWithTypeAndDefault() {
        String help = options.help("Usage: x");
        assertTrue(help.startsWith("Usage: x\n\nOptions:\n"), help);
        for (String part : List.of(
                "--port=INT",
                "port to listen on (default 8888)",
                "--debug[=BOOL]",
                "--idle-timeout=DURATION",
                "(default 30s)",
                "a header (may be repeated)",
                "--help")) {
            assertTrue(help.contains(part), () -> "no \"" + part + "\" in:\n" + help);
        }
    }

    @Test
    void helpGroupsOptionsUnderTheirGroupsInOrderOfFirstUse() {
        Options o = new Options();
        o.define("level", "info").group("Logging").help("log level");
        o.define("port", 1).help("port");
        o.define("file", "").group("Logging").metavar("PREFIX");
        o.define("accept", "acceptor").group("hello");
        assertEquals("""
                Usage: x

                Options:
                  --port=INT       port (default 1)
                  --help           show this help and exit

                Logging options:
                  --level=STRING   log level (default info)
                  --file=PREFIX    (default none)

                hello options:
                  --accept=STRING  (default acceptor)
                """, o.help("Usage: x"));
    }

    @Test
    void definingANameTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> options.define("port", 1));
        assertThrows(IllegalArgumentException.class, () -> options.define("idle-timeout", 1));
        assertThrows(IllegalArgumentException.class, () -> options.define("help", true));
        assertThrows(IllegalArgumentException.class, () -> options.define("a=b", true));
    }

    // ---- environment

    @Test
    void environmentVariablesAreThePrefixAndTheUpperCaseName() {
        assertEquals("APP_IDLE_TIMEOUT", Options.environmentVariable("APP_", "idle-timeout"));
        options.parseEnvironment(
                "APP_",
                java.util.Map.of("APP_PORT", "9001", "APP_IDLE_TIMEOUT", "2m", "APP_NOTHING", "x", "PORT", "1"));
        assertEquals(9001, port.value());
        assertEquals(Duration.ofMinutes(2), timeout.value());
        assertEquals(Option.Source.ENVIRONMENT, port.source());
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        options.parseEnvironment("APP_", java.util.Map.of("APP_PORT", ""));
        assertEquals(8888, port.value());
    }

    @Test
    void aBadVariableIsNamed() {
        OptionException e = assertThrows(
                OptionException.class, () -> options.parseEnvironment("APP_", java.util.Map.of("APP_PORT", "x")));
        assertEquals("environment variable APP_PORT: option --port takes an integer, got 'x'", e.getMessage());
    }

    @Test
    void anEmptyPrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> options.parseEnvironment("", java.util.Map.of()));
    }

    // ---- precedence

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFileBeatsDefault() {
        options.parseCommandLine("--port=1");
        options.parseEnvironment("APP_", java.util.Map.of("APP_PORT", "2", "APP_ADDRESS", "env"));
        options.parseConfig("port = 3\naddress = \"file\"\nidle_timeout = 7s\n", "app.conf");
        assertEquals(1, port.value());
        assertEquals("env", address.value());
        assertEquals(Duration.ofSeconds(7), timeout.value());
        assertEquals(false, debug.value());
        assertEquals(Option.Source.CONFIG_FILE, timeout.source());
    }
}
