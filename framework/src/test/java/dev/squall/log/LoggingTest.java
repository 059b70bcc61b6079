package dev.squall.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.options.OptionException;
import dev.squall.options.Options;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingTest {
    private static final Clock CLOCK = Clock.systemUTC();
    /** Each level's letter and ANSI colour: Tornado's, with FINER (trace) as T, blue as debug. */
    private static final Object[][] LEVELS = {
        {Level.INFO, "I", "32"},
        {Level.WARNING, "W", "33"},
        {Level.SEVERE, "E", "31"},
        {Level.FINE, "D", "34"},
        {Level.FINER, "T", "34"}
    };

    private static final Instant T = Instant.parse("2026-12-06T22:17:48.123Z");

    private final Logger logger = Logger.getLogger("dev.squall.log.test" + System.nanoTime());

    LoggingTest() {
        logger.setUseParentHandlers(false); // the records stay out of the test run's output
    }

    @AfterEach
    void closeHandlers() {
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
            h.close();
        }
    }

    private static LogRecord record(Level level, String logger, String message, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(T);
        r.setParameters(params);
        return r;
    }

    @Test
    void aRecordIsOneLineWithLevelLetterTimeLoggerAndMessage() {
        PrettyFormatter f = new PrettyFormatter(false, ZoneOffset.UTC);
        assertEquals(
                "[I 261206 22:17:48 access] 200 GET / (127.0.0.1) 0.52ms\n",
                f.format(record(Level.INFO, "dev.squall.access", "200 GET / (127.0.0.1) 0.52ms")));
        assertEquals("[W 261206 22:17:48 general] x\n", f.format(record(Level.WARNING, "dev.squall.general", "x")));
        assertEquals("[E 261206 22:17:48 root] x\n", f.format(record(Level.SEVERE, "", "x")));
        for (Object[] row : LEVELS) {
            assertEquals("[" + row[1] + " 261206 22:17:48 a] x\n", f.format(record((Level) row[0], "a", "x")));
        }
    }

    @Test
    void parametersAreFormattedAsSystemLoggerPassesThem() {
        PrettyFormatter f = new PrettyFormatter(false, ZoneOffset.UTC);
        assertEquals(
                "[I 261206 22:17:48 a] Listening on http://x/ (2 loops)\n",
                f.format(record(Level.INFO, "a", "Listening on {0} ({1} loops)", "http://x/", 2)));
    }

    @Test
    void anExceptionFollowsOnTheNextLines() {
        LogRecord r = record(Level.SEVERE, "a", "boom");
        r.setThrown(new IllegalStateException("bad"));
        String text = new PrettyFormatter(false, ZoneOffset.UTC).format(r);
        assertTrue(text.startsWith("[E 261206 22:17:48 a] boom\njava.lang.IllegalStateException: bad\n\tat "), text);
        assertTrue(text.endsWith(")\n"), text);
    }

    @Test
    void colourWrapsThePrefixOnly() {
        PrettyFormatter f = new PrettyFormatter(true, ZoneOffset.UTC);
        for (Object[] row : LEVELS) {
            assertEquals(
                    "\u001b[" + row[2] + "m[" + row[1] + " 261206 22:17:48 a]\u001b[0m hi\n",
                    f.format(record((Level) row[0], "a", "hi")));
        }
    }

    @Test
    void installSetsTheLevelAndReplacesTheDefaultConsoleHandlerAndItself() {
        logger.addHandler(new ConsoleHandler());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logging.install(logger, System.Logger.Level.WARNING, null, Logging.Rotation.DEFAULT, true, out, false, CLOCK);
        Logging.install(logger, System.Logger.Level.WARNING, null, Logging.Rotation.DEFAULT, true, out, false, CLOCK);
        assertEquals(1, logger.getHandlers().length);
        logger.info("quiet");
        logger.warning("loud");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.matches("\\[W \\d{6} \\d\\d:\\d\\d:\\d\\d log\\.test\\d+] loud\n")
                        || text.matches("\\[W \\d{6} \\d\\d:\\d\\d:\\d\\d test\\d+] loud\n"),
                text);
    }

    @Test
    void theLogFileRotatesBySizeKeepingTheBackups(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/app.log");
        Logging.install(
                logger,
                System.Logger.Level.INFO,
                file,
                new Logging.Rotation(200, 2),
                false,
                new ByteArrayOutputStream(),
                false,
                CLOCK);
        for (int i = 0; i < 20; i++) {
            logger.info("line " + i + " with some padding to fill the file quickly");
        }
        closeHandlers();
        List<String> names;
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".lck"))
                    .sorted()
                    .toList();
        }
        assertEquals(List.of("app.log.0", "app.log.1", "app.log.2"), names);
        String current = Files.readString(dir.resolve("logs/app.log.0"));
        assertTrue(current.contains("] line 19 with"), current);
        assertTrue(!current.contains("\u001b["), "no colour in files");
    }

    @Test
    void systemLoggerLevelsMapToTheJdkLevels() {
        assertEquals(Level.FINER, Logging.julLevel(System.Logger.Level.TRACE));
        assertEquals(Level.FINE, Logging.julLevel(System.Logger.Level.DEBUG));
        assertEquals(Level.SEVERE, Logging.julLevel(System.Logger.Level.ERROR));
        assertEquals(System.Logger.Level.WARNING, Logging.parseLevel("WARN"));
        assertThrows(IllegalArgumentException.class, () -> Logging.parseLevel("loud"));
    }

    @Test
    void loggingOptionsAreTornadosAndRefuseAnUnknownLevel() {
        Options options = new Options();
        LoggingOptions logging = LoggingOptions.define(options);
        options.parseCommandLine("--logging=debug", "--log_file_prefix=/tmp/x.log");
        assertEquals("debug", logging.level().value());
        assertEquals("/tmp/x.log", logging.filePrefix().value());
        OptionException e = assertThrows(OptionException.class, () -> options.parseCommandLine("--logging=loud"));
        assertEquals(
                "option --logging takes trace, debug, info, warning, error, off or none, got loud", e.getMessage());
        String help = options.help("u");
        assertTrue(help.contains("Logging options:\n  --logging=LEVEL"), help);
        assertTrue(help.contains("--log-file-max-size=BYTES"), help);
        assertTrue(help.contains("--log-file-num-backups=INT"), help);
    }

    @Test
    void loggingNoneLeavesTheConfigurationAlone() {
        Options options = new Options();
        LoggingOptions logging = LoggingOptions.define(options);
        options.parseCommandLine("--logging=none");
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        Handler[] handlers = root.getHandlers();
        logging.apply();
        assertEquals(before, root.getLevel());
        assertEquals(List.of(handlers), List.of(root.getHandlers()));
    }
}
