package dev.squall.log;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.jspecify.annotations.Nullable;

/**
 * Tornado's {@code enable_pretty_logging} for the JDK's logging: one readable line per record on standard error
 * ({@link PrettyFormatter}), coloured when standard error is a terminal, and optionally a log file rotated by
 * size or by time.
 *
 * <pre>{@code
 * Logging.enablePretty(System.Logger.Level.INFO);                                   // stderr only
 * Logging.enablePretty(System.Logger.Level.DEBUG, Path.of("logs/app.log"), Logging.Rotation.DEFAULT);
 * }</pre>
 *
 * <p>It configures the root logger of {@code java.util.logging}, which is where every
 * {@link System.Logger} writes unless another {@link System.LoggerFinder} is installed (with
 * {@code slf4j-jdk-platform-logging} on the class path, records go to SLF4J and this class has nothing to do).
 * Calling it again replaces what the previous call installed, and the JDK's default console handler; other
 * handlers stay. Call it from {@code main}, before the application logs.
 */
public final class Logging {
    /** The root logger's name in {@code java.util.logging}. */
    private static final String ROOT = "";

    private Logging() {}

    /**
     * How a log file rotates: when it reaches {@code maxBytes} it is renamed and a new one started, keeping
     * {@code backups} old files, as Tornado's {@code RotatingFileHandler}.
     *
     * @param maxBytes the size at which the file rotates, at least 1
     * @param backups how many old files to keep, 0 or more
     */
    public record Rotation(long maxBytes, int backups) implements FileRotation {
        /** Tornado's defaults: 100 MB ({@code 100 * 1000 * 1000} bytes), 10 backups. */
        public static final Rotation DEFAULT = new Rotation(100L * 1000 * 1000, 10);

        /** Checks the values. */
        public Rotation {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
            }
            if (backups < 0) {
                throw new IllegalArgumentException("backups must be 0 or more, got " + backups);
            }
        }
    }

    /**
     * How a log file rotates: by size ({@link Rotation}, Tornado's default) or by time ({@link TimedRotation}).
     */
    public sealed interface FileRotation permits Rotation, TimedRotation {
        /** Returns how many old files are kept. */
        int backups();
    }

    /** When a time-rotated log file rotates, as the {@code when} of Python's {@code TimedRotatingFileHandler}. */
    public enum When {
        /** At midnight, in the clock's time zone, every {@code interval} days; files end {@code .yyyy-MM-dd}. */
        MIDNIGHT("yyyy-MM-dd"),
        /** Every {@code interval} hours from the file's start; files end {@code .yyyy-MM-dd_HH}. */
        HOURS("yyyy-MM-dd_HH"),
        /** Every {@code interval} minutes from the file's start; files end {@code .yyyy-MM-dd_HH-mm}. */
        MINUTES("yyyy-MM-dd_HH-mm");

        private final DateTimeFormatter suffix;
        private final int suffixLength;

        When(String pattern) {
            this.suffix = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            this.suffixLength = pattern.length();
        }

        /**
         * Returns the constant for Tornado's spelling: {@code midnight}, {@code H} or {@code M} (any case; also
         * {@code hours}, {@code minutes}).
         *
         * @param text the option's value
         * @return the constant
         * @throws IllegalArgumentException for anything else, naming the accepted values
         */
        public static When parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "midnight" -> MIDNIGHT;
                case "h", "hours" -> HOURS;
                case "m", "minutes" -> MINUTES;
                default ->
                    throw new IllegalArgumentException(
                            "unknown log rotation time \"" + text + "\"; use midnight, H (hours) or M (minutes)");
            };
        }
    }

    /**
     * Rotation by time, as Tornado's {@code --log-rotate-mode=time}: the file is renamed with its period's start
     * as a suffix ({@code app.log.2026-12-07}) every {@code interval} {@code when}s, keeping {@code backups} old
     * files.
     *
     * @param when the unit: midnight, hours or minutes
     * @param interval how many units per file, at least 1
     * @param backups how many old files to keep, 0 or more
     */
    public record TimedRotation(When when, int interval, int backups) implements FileRotation {
        /** Checks the values. */
        public TimedRotation {
            Objects.requireNonNull(when, "when");
            if (interval < 1) {
                throw new IllegalArgumentException("interval must be at least 1, got " + interval);
            }
            if (backups < 0) {
                throw new IllegalArgumentException("backups must be 0 or more, got " + backups);
            }
        }

        Instant nextRollover(Instant from, ZoneId zone) {
            return switch (when) {
                case MIDNIGHT ->
                    TimedRotatingFileHandler.nextMidnight(from, zone).plus(Duration.ofDays(interval - 1L));
                case HOURS -> from.plus(Duration.ofHours(interval));
                case MINUTES -> from.plus(Duration.ofMinutes(interval));
            };
        }

        String suffix(Instant periodStart, ZoneId zone) {
            return TimedRotatingFileHandler.format(when.suffix, periodStart, zone);
        }

        boolean isSuffix(String text) {
            if (text.length() != when.suffixLength) {
                return false;
            }
            try {
                when.suffix.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    /**
     * Logs records at {@code level} and above to standard error, one line each.
     *
     * @param level the lowest level logged
     */
    public static void enablePretty(System.Logger.Level level) {
        enablePretty(level, null, Rotation.DEFAULT);
    }

    /**
     * Logs records at {@code level} and above to standard error, or to a rotated file when {@code logFile} is
     * given. Files are named as {@link FileHandler} names them: {@code app.log.0} is the current one,
     * {@code app.log.1} the one before, and so on ({@code app.log} alone when {@code backups} is 0).
     *
     * @param level the lowest level logged
     * @param logFile the log file's path, or null for standard error only
     * @param rotation when the file rotates and how many old ones are kept: by size, or by time (then the
     *     current file is {@code app.log} and the old ones {@code app.log.2026-12-07}...)
     * @throws UncheckedIOException if the log file cannot be opened, with a message naming it
     */
    public static void enablePretty(System.Logger.Level level, @Nullable Path logFile, FileRotation rotation) {
        install(
                Logger.getLogger(ROOT),
                level,
                logFile,
                rotation,
                logFile == null,
                System.err,
                colorSupported(),
                Clock.systemDefaultZone());
    }

    /**
     * Installs the handlers on {@code logger}, replacing those an earlier call installed and the JDK's default
     * console handler; a time-rotated file reads {@code clock}. For {@link LoggingOptions} and tests.
     */
    static void install(
            Logger logger,
            System.Logger.Level level,
            @Nullable Path logFile,
            FileRotation rotation,
            boolean toConsole,
            OutputStream console,
            boolean color,
            Clock clock) {
        Objects.requireNonNull(rotation, "rotation");
        Handler file = null;
        if (logFile != null) {
            file = openFile(logFile, rotation, clock);
        }
        for (Handler h : logger.getHandlers()) {
            if (h instanceof PrettyHandler
                    || h instanceof PrettyFileHandler
                    || h instanceof TimedRotatingFileHandler
                    || h.getClass() == ConsoleHandler.class) {
                logger.removeHandler(h);
                h.close();
            }
        }
        logger.setLevel(julLevel(level));
        if (toConsole) {
            PrettyHandler h = new PrettyHandler(console, new PrettyFormatter(color));
            logger.addHandler(h);
        }
        if (file != null) {
            logger.addHandler(file);
        }
    }

    private static Handler openFile(Path logFile, FileRotation rotation, Clock clock) {
        Path parent = logFile.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Handler h;
            if (rotation instanceof TimedRotation timed) {
                h = new TimedRotatingFileHandler(logFile, timed, clock, new PrettyFormatter(false));
            } else {
                Rotation size = (Rotation) rotation;
                String pattern = logFile.toString().replace("%", "%%");
                h = new PrettyFileHandler(pattern, size.maxBytes(), size.backups() + 1);
                h.setFormatter(new PrettyFormatter(false));
            }
            h.setLevel(Level.ALL);
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + logFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the {@code java.util.logging} level of a {@link System.Logger.Level}, as the JDK maps them:
     * TRACE is FINER, DEBUG is FINE, ERROR is SEVERE.
     *
     * @param level the level
     * @return the JUL level
     */
    public static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL -> Level.ALL;
            case TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    /**
     * Reads a level as {@code --logging} takes it: {@code trace}, {@code debug}, {@code info}, {@code warning}
     * (or {@code warn}), {@code error}, {@code off}, in any case.
     *
     * @param text the text
     * @return the level
     * @throws IllegalArgumentException for any other text
     */
    public static System.Logger.Level parseLevel(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> System.Logger.Level.ALL;
            case "trace" -> System.Logger.Level.TRACE;
            case "debug" -> System.Logger.Level.DEBUG;
            case "info" -> System.Logger.Level.INFO;
            case "warning", "warn" -> System.Logger.Level.WARNING;
            case "error" -> System.Logger.Level.ERROR;
            case "off" -> System.Logger.Level.OFF;
            default ->
                throw new IllegalArgumentException(
                        "unknown level '" + text + "' (use trace, debug, info, warning, error or off)");
        };
    }

    /**
     * Returns whether log lines on standard error should be coloured: when the JVM has a console that is a
     * terminal ({@code System.console()}, and on JDK 22+ {@code Console.isTerminal()}), {@code NO_COLOR} is not
     * set (no-color.org) and {@code TERM} is not {@code dumb}.
     *
     * @return true to colour
     */
    public static boolean colorSupported() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when the streams are redirected; isTerminal() tells them apart.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    /** Resets {@code java.util.logging} to its configuration file's settings, undoing {@link #enablePretty}. */
    public static void reset() {
        try {
            LogManager.getLogManager().readConfiguration();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A console handler that flushes every record, as {@link ConsoleHandler}, on any stream. */
    private static final class PrettyHandler extends StreamHandler {
        PrettyHandler(OutputStream out, PrettyFormatter formatter) {
            super(out, formatter);
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        /** Flushes without closing standard error. */
        @Override
        public synchronized void close() {
            flush();
        }
    }

    /** A {@link FileHandler} that {@link #install} recognises as its own. */
    private static final class PrettyFileHandler extends FileHandler {
        PrettyFileHandler(String pattern, long limit, int count) throws IOException {
            super(pattern, limit, count, true);
        }
    }
}
