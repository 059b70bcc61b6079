package dev.squall.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.options.Options;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-rotate-mode=time}: Python's {@code TimedRotatingFileHandler} on an injected clock. */
class TimedRotationTest {
    private final Logger logger = Logger.getLogger("dev.squall.log.timed" + System.nanoTime());
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T22:00:00Z"));

    TimedRotationTest() {
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void closeHandlers() {
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
            h.close();
        }
    }

    /** A wall clock that moves only when told to. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private void install(Path file, Logging.FileRotation rotation) {
        Logging.install(
                logger, System.Logger.Level.INFO, file, rotation, false, new ByteArrayOutputStream(), false, clock);
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void atMidnightTheFileIsRenamedWithItsDayAndANewOneStarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        install(file, new Logging.TimedRotation(Logging.When.MIDNIGHT, 1, 7));
        logger.info("before midnight");
        clock.advance(Duration.ofMinutes(119)); // 23:59
        logger.info("still the 6th");
        clock.advance(Duration.ofMinutes(2)); // 2026-12-07T00:01
        logger.info("after midnight");
        closeHandlers();
        assertEquals(List.of("app.log", "app.log.2026-12-06"), names(dir));
        String old = Files.readString(dir.resolve("app.log.2026-12-06"));
        assertTrue(old.contains("before midnight") && old.contains("still the 6th"), old);
        String current = Files.readString(file);
        assertTrue(current.contains("after midnight") && !current.contains("before midnight"), current);
    }

    @Test
    void everyNHoursOnlyTheNewestBackupsAreKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        install(file, new Logging.TimedRotation(Logging.When.HOURS, 2, 2));
        for (int i = 0; i < 5; i++) {
            logger.info("period " + i);
            clock.advance(Duration.ofHours(2));
        }
        logger.info("last");
        closeHandlers();
        // Periods began at 22:00, 00:00, 02:00, 04:00, 06:00; the two newest old files stay.
        assertEquals(List.of("app.log", "app.log.2026-12-07_04", "app.log.2026-12-07_06"), names(dir));
        assertTrue(Files.readString(dir.resolve("app.log.2026-12-07_06")).contains("period 4"));
    }

    @Test
    void minutesRotateByTheMinuteAndNotBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        install(file, new Logging.TimedRotation(Logging.When.MINUTES, 1, 5));
        logger.info("one");
        clock.advance(Duration.ofSeconds(59));
        logger.info("two");
        assertEquals(List.of("app.log"), names(dir), "not a minute yet");
        clock.advance(Duration.ofSeconds(1));
        logger.info("three");
        closeHandlers();
        assertEquals(List.of("app.log", "app.log.2026-12-06_22-00"), names(dir));
    }

    @Test
    void theOptionsSelectTimeRotation() {
        Options options = new Options();
        LoggingOptions logging = LoggingOptions.define(options);
        options.parseCommandLine(new String[] {
            "--log-rotate-mode=time", "--log-rotate-when=H", "--log-rotate-interval=6", "--log-file-num-backups=3"
        });
        assertEquals(new Logging.TimedRotation(Logging.When.HOURS, 6, 3), logging.rotation());
        Options defaults = new Options();
        LoggingOptions sized = LoggingOptions.define(defaults);
        defaults.parseCommandLine(new String[0]);
        assertEquals(Logging.Rotation.DEFAULT, sized.rotation());
    }

    @Test
    void anUnknownRotationTimeIsRefusedNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Logging.When.parse("weekly"));
        assertTrue(e.getMessage().contains("midnight, H (hours) or M (minutes)"), e.getMessage());
    }
}
