package dev.squall.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ErrorManager;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;
import java.util.stream.Stream;

/**
 * A log file rotated by time, as Python's {@code TimedRotatingFileHandler} (Tornado's
 * {@code --log-rotate-mode=time}): records go to {@code app.log}; when the period ends, the file is renamed
 * {@code app.log.2026-12-07} (the start of its period: {@code yyyy-MM-dd} at midnight, {@code yyyy-MM-dd_HH} by
 * hours, {@code yyyy-MM-dd_HH-mm} by minutes), a new one is started and only the newest {@code backups} old
 * files are kept. The JDK's {@code FileHandler} rotates by size only, hence this class. Periods are read from
 * the given {@link Clock} in its zone (the test's clock, or the system's). Thread-safe, as any {@link StreamHandler}.
 */
final class TimedRotatingFileHandler extends StreamHandler {
    private final Path file;
    private final Logging.TimedRotation rotation;
    private final Clock clock;
    private Instant periodStart;
    private Instant rolloverAt;

    TimedRotatingFileHandler(Path file, Logging.TimedRotation rotation, Clock clock, PrettyFormatter formatter)
            throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.clock = clock;
        setFormatter(formatter);
        Instant now = clock.instant();
        this.periodStart = Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : now;
        this.rolloverAt = rotation.nextRollover(periodStart, clock.getZone());
        setOutputStream(open());
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(rolloverAt)) {
            try {
                rollOver(now);
            } catch (IOException | UncheckedIOException e) {
                reportError("cannot rotate the log file " + file, e, ErrorManager.WRITE_FAILURE);
            }
        }
        super.publish(record);
        flush();
    }

    private void rollOver(Instant now) throws IOException {
        flush();
        super.close(); // closes the file's stream; this handler is reopened below
        Path rotated = file.resolveSibling(file.getFileName() + "." + rotation.suffix(periodStart, clock.getZone()));
        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
        deleteOldBackups();
        periodStart = now;
        rolloverAt = rotation.nextRollover(now, clock.getZone());
        setOutputStream(open());
    }

    /** Keeps the newest {@code backups} rotated files; their suffixes sort by time. */
    private void deleteOldBackups() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return; // a file at the root of the file system: nothing to list
        }
        String prefix = file.getFileName() + ".";
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && rotation.isSuffix(p.getFileName().toString().substring(prefix.length())))
                    .forEach(rotated::add);
        }
        rotated.sort(null);
        for (int i = 0; i < rotated.size() - rotation.backups(); i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    /** Formats an instant as a rotated file's suffix. */
    static String format(DateTimeFormatter pattern, Instant at, ZoneId zone) {
        return LocalDateTime.ofInstant(at, zone).format(pattern);
    }

    /** The start of the day after {@code at}, in {@code zone}. */
    static Instant nextMidnight(Instant at, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        return t.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }
}
