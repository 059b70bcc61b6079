package dev.squall.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    private final Options options = new Options();
    private final Option<Integer> port = options.define("port", 8888);
    private final Option<String> address = options.define("address", "127.0.0.1");
    private final Option<Duration> idle = options.define("idle-timeout", Duration.ofSeconds(30));
    private final Option<Boolean> debug = options.define("debug", false);
    private final Option<List<String>> origins = options.defineList("origins", OptionType.STRING, List.of());

    @Test
    void readsBareAndQuotedValuesWithComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, """
                # a Tornado-style config file
                port = 9000          # bare number
                address = "0.0.0.0"
                idle_timeout = 1h 30m
                debug = true
                """, StandardCharsets.UTF_8);
        options.parseConfigFile(file);
        assertEquals(9000, port.value());
        assertEquals("0.0.0.0", address.value());
        assertEquals(Duration.ofMinutes(90), idle.value());
        assertEquals(true, debug.value());
    }

    @Test
    void basicStringsHaveEscapesAndLiteralStringsDoNot() {
        options.parseConfig("address = \"a\\\"b\\\\c # not a comment\"", "t");
        assertEquals("a\"b\\c # not a comment", address.value());
        options.parseConfig("address = 'C:\\temp'", "t");
        assertEquals("C:\\temp", address.value());
    }

    @Test
    void arraysFillListOptions() {
        options.parseConfig("origins = [\"a.example\", 'b.example', c.example]", "t");
        assertEquals(List.of("a.example", "b.example", "c.example"), origins.value());
        options.parseConfig("origins = a.example,b.example", "t");
        assertEquals(List.of("a.example", "b.example"), origins.value());
    }

    @Test
    void anUnknownSettingIsNamedWithFileLineAndTheClosestName() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseConfig("\nprot = 80\n", "app.conf"));
        assertEquals("app.conf:2: unknown setting prot (did you mean port?)", e.getMessage());
    }

    @Test
    void aBadValueIsNamedWithFileAndLine() {
        OptionException e = assertThrows(OptionException.class, () -> options.parseConfig("port = x", "app.conf"));
        assertEquals("app.conf:1: option --port takes an integer, got 'x'", e.getMessage());
    }

    @Test
    void malformedLinesAreRefused() {
        assertEquals(
                "t:1: tables ([section] headers) are not supported; write each setting as name = value",
                assertThrows(OptionException.class, () -> options.parseConfig("[server]", "t"))
                        .getMessage());
        assertEquals(
                "t:1: expected name = value, got 'port 80'",
                assertThrows(OptionException.class, () -> options.parseConfig("port 80", "t"))
                        .getMessage());
        assertEquals(
                "t:1: unterminated string: add the closing \"",
                assertThrows(OptionException.class, () -> options.parseConfig("address = \"x", "t"))
                        .getMessage());
        assertEquals(
                "t:2: port is set twice",
                assertThrows(OptionException.class, () -> options.parseConfig("port=1\nport=2", "t"))
                        .getMessage());
        assertEquals(
                "t:1: option --port takes one value, not a list",
                assertThrows(OptionException.class, () -> options.parseConfig("port=[1]", "t"))
                        .getMessage());
        assertEquals(
                "t:1: unexpected text after the value: 'x'",
                assertThrows(OptionException.class, () -> options.parseConfig("address='a' x", "t"))
                        .getMessage());
    }
}
