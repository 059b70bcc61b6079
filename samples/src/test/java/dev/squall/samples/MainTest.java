package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RecordingSample sample = new RecordingSample();
    private final List<Main.Entry> samples = List.of(
            new Main.Entry("echo", "records what it was given", () -> sample),
            new Main.Entry("broken", "fails to start", () -> launch -> {
                throw new IllegalStateException("the sample has a bug");
            }),
            new Main.Entry("busy", "cannot listen", () -> launch -> {
                throw new UncheckedIOException(
                        "could not listen on 127.0.0.1:8888: Address already in use",
                        new IOException("Address already in use"));
            }),
            new Main.Entry("picky", "checks its own option when it starts", () -> launch -> {
                throw new OptionException("option --mode takes fast or slow, got 'medium'");
            }));

    private final Map<String, String> environment = new HashMap<>();

    private int run(String... args) {
        return Main.run(
                samples,
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutANameItListsTheSamplesAndExitsTwo() {
        assertEquals(2, run());
        assertTrue(err().contains("  echo     records what it was given\n"), err());
        assertTrue(err().contains("  broken   fails to start\n"), err());
    }

    @Test
    void anUnknownNameIsNamedAndTheSamplesListed() {
        assertEquals(2, run("nope", "--port=1"));
        assertTrue(err().startsWith("squall-samples.jar: unknown sample 'nope'\n"), err());
        assertTrue(err().contains("echo"), err());
        assertNull(sample.launch);
    }

    @Test
    void helpWithoutANameListsTheSamplesOnStdout() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("echo"), out());
    }

    @Test
    void theRealJarListsHello() {
        assertTrue(Main.SAMPLES.stream().anyMatch(e -> e.name().equals("hello")));
    }

    @Test
    void aSampleRunsWithTheCommonDefaults() {
        assertEquals(0, run("echo"));
        assertEquals(
                new Launch(Main.DEFAULT_PORT, "127.0.0.1", Runtime.getRuntime().availableProcessors(), List.of()),
                sample.launch);
        assertEquals("loud", sample.word.value());
    }

    @Test
    void commonAndSampleOptionsAreParsed() {
        assertEquals(0, run("echo", "--port=9000", "--address=::1", "--loops=1", "--word=quiet", "extra"));
        assertEquals(new Launch(9000, "::1", 1, List.of("extra")), sample.launch);
        assertEquals("quiet", sample.word.value());
    }

    @Test
    void sampleHelpListsCommonAndOwnOptionsAndDoesNotRun() {
        assertEquals(0, run("echo", "--help"));
        assertTrue(out().startsWith("records what it was given\n\nUsage: java -jar squall-samples.jar echo"), out());
        assertTrue(out().contains("--port=INT"), out());
        assertTrue(out().contains("--address=STRING"), out());
        assertTrue(out().contains("--loops=INT"), out());
        assertTrue(out().contains("--word=STRING"), out());
        assertNull(sample.launch);
    }

    @Test
    void aBadOptionValueExitsTwoWithTheReason() {
        assertEquals(2, run("echo", "--port=http"));
        assertEquals("squall-samples.jar echo: option --port takes an integer, got 'http'\n", err());
        assertNull(sample.launch);
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertEquals(2, run("echo", "--colour=red"));
        assertTrue(err().contains("unknown option --colour"), err());
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertEquals(2, run("echo", "--port=70000"));
        assertTrue(err().contains("option --port takes 0..65535, got 70000"), err());
    }

    @Test
    void zeroLoopsIsRefused() {
        assertEquals(2, run("echo", "--loops=0"));
        assertTrue(err().contains("option --loops takes 1 or more, got 0"), err());
    }

    @Test
    void aSampleThatFailsExitsOneWithTheExceptionAndItsStackTrace() {
        assertEquals(1, run("broken"));
        assertTrue(
                err().startsWith("squall-samples.jar broken: java.lang.IllegalStateException: the sample has a bug\n"),
                err());
        assertTrue(err().contains("\tat "), err());
    }

    @Test
    void anIoFailureExitsOneWithJustItsMessage() {
        assertEquals(1, run("busy"));
        assertEquals("squall-samples.jar busy: could not listen on 127.0.0.1:8888: Address already in use\n", err());
    }

    @Test
    void anOptionRefusedByTheSampleAtStartExitsTwoWithJustItsMessage() {
        assertEquals(2, run("picky"));
        assertEquals("squall-samples.jar picky: option --mode takes fast or slow, got 'medium'\n", err());
    }

    @Test
    void helloRefusesAnUnknownAcceptValueBeforeListening() {
        int status = Main.run(
                Main.SAMPLES,
                new String[] {"hello", "--port=0", "--accept=sideways"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertEquals("squall-samples.jar hello: option --accept takes acceptor or reuseport, got 'sideways'\n", err());
    }

    @Test
    void helloHelpListsTheAcceptOptionAndItsDefault() {
        int status = Main.run(
                Main.SAMPLES,
                new String[] {"hello", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        assertTrue(out().contains("--accept=STRING"), out());
        assertTrue(out().contains("reuseport"), out());
        assertTrue(out().contains("(default acceptor)"), out());
    }

    @Test
    void chatHelpSaysWhatTheThreePagesDo() {
        int status = Main.run(
                Main.SAMPLES,
                new String[] {"chat", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        assertTrue(out().startsWith("Tornado's chat demos in one: GET / (long polling), /ws (WebSocket), /sse"), out());
        assertTrue(out().contains("Usage: java -jar squall-samples.jar chat"), out());
        assertTrue(out().contains("--port=INT"), out());
    }

    @Test
    void environmentVariablesGiveOptionsThatTheCommandLineOverrides() {
        environment.put("SQUALL_PORT", "9001");
        environment.put("SQUALL_WORD", "env");
        assertEquals(0, run("echo", "--port=9000"));
        assertEquals(9000, sample.launch.port());
        assertEquals("env", sample.word.value());
    }

    @Test
    void aBadEnvironmentVariableExitsTwoNamingIt() {
        environment.put("SQUALL_LOOPS", "many");
        assertEquals(2, run("echo"));
        assertEquals(
                "squall-samples.jar echo: environment variable SQUALL_LOOPS: option --loops takes an integer, "
                        + "got 'many'\n",
                err());
    }

    @Test
    void aConfigFileGivesOptionsBelowTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("echo.conf");
        Files.writeString(file, "port = 7000\nloops = 1\nword = \"file\"\n");
        environment.put("SQUALL_LOOPS", "2");
        assertEquals(0, run("echo", "--config=" + file));
        assertEquals(new Launch(7000, "127.0.0.1", 2, List.of()), sample.launch);
        assertEquals("file", sample.word.value());
    }

    @Test
    void aBadConfigLineExitsTwoNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("echo.conf");
        Files.writeString(file, "# settings\nprot = 7000\n");
        assertEquals(2, run("echo", "--config=" + file));
        assertEquals("squall-samples.jar echo: " + file + ":2: unknown setting prot (did you mean port?)\n", err());
    }

    @Test
    void helpGroupsTheLoggingOptions() {
        assertEquals(0, run("echo", "--help"));
        assertTrue(out().contains("\nLogging options:\n  --logging=LEVEL"), out());
        assertTrue(out().contains("--debug[=BOOL]"), out());
        assertTrue(out().contains("--config=FILE"), out());
        assertTrue(out().contains("\necho options:\n  --word=STRING"), out());
    }

    private static final class RecordingSample implements Sample {
        @Nullable
        Launch launch;

        Option<String> word = new Options().define("word", "unused");

        @Override
        public void defineOptions(Options options) {
            word = options.define("word", "loud").help("a word");
        }

        @Override
        public void run(Launch launch) {
            this.launch = launch;
        }
    }
}
