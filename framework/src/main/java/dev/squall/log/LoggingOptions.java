package dev.squall.log;

import dev.squall.options.Option;
import dev.squall.options.Options;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Tornado's logging options, defined in an {@link Options} under the group {@code Logging}:
 *
 * <ul>
 *   <li>{@code --logging=info}: the lowest level logged ({@code trace}, {@code debug}, {@code info},
 *       {@code warning}, {@code error}, {@code off}), or {@code none} to leave the logging configuration
 *       alone (for an application that configures it itself);</li>
 *   <li>{@code --log-file-prefix=PATH}: log to this file instead of standard error;</li>
 *   <li>{@code --log-to-stderr}: with a log file, log to standard error too;</li>
 *   <li>{@code --log-file-max-size=100000000}: rotate the file at this many bytes;</li>
 *   <li>{@code --log-file-num-backups=10}: keep this many old files;</li>
 *   <li>{@code --log-rotate-mode=size}: rotate by {@code size}, or by {@code time} as below;</li>
 *   <li>{@code --log-rotate-when=midnight}: with {@code time}, rotate at {@code midnight}, or every {@code H}
 *       hours or {@code M} minutes;</li>
 *   <li>{@code --log-rotate-interval=1}: with {@code time}, how many of those units per file.</li>
 * </ul>
 *
 * <pre>{@code
 * Options options = new Options();
 * LoggingOptions logging = LoggingOptions.define(options);
 * options.parseCommandLine(args);
 * logging.apply();                  // Logging.enablePretty(...) with the values given
 * }</pre>
 */
public final class LoggingOptions {
    private final Option<String> level;
    private final Option<String> filePrefix;
    private final Option<Boolean> toStderr;
    private final Option<Long> maxSize;
    private final Option<Integer> backups;
    private final Option<String> rotateMode;
    private final Option<String> rotateWhen;
    private final Option<Integer> rotateInterval;

    private LoggingOptions(Options options) {
        level = options.define("logging", "info")
                .group("Logging")
                .metavar("LEVEL")
                .help("lowest level logged: trace, debug, info, warning, error, off; none leaves logging alone")
                .check(LoggingOptions::validLevel, "trace, debug, info, warning, error, off or none");
        filePrefix = options.define("log-file-prefix", "")
                .group("Logging")
                .metavar("PATH")
                .help("log to this file (rotated by size or time) instead of standard error");
        toStderr = options.define("log-to-stderr", false)
                .group("Logging")
                .help("with --log-file-prefix, log to standard error too");
        maxSize = options.define("log-file-max-size", Logging.Rotation.DEFAULT.maxBytes())
                .group("Logging")
                .metavar("BYTES")
                .help("rotate the log file when it reaches this size")
                .check(n -> n >= 1, "1 or more");
        backups = options.define("log-file-num-backups", Logging.Rotation.DEFAULT.backups())
                .group("Logging")
                .help("how many rotated log files to keep")
                .check(n -> n >= 0, "0 or more");
        rotateMode = options.define("log-rotate-mode", "size")
                .group("Logging")
                .metavar("MODE")
                .help("rotate the log file by size or by time")
                .check(m -> m.equals("size") || m.equals("time"), "size or time");
        rotateWhen = options.define("log-rotate-when", "midnight")
                .group("Logging")
                .metavar("WHEN")
                .help("with --log-rotate-mode=time: midnight, H (hours) or M (minutes)")
                .check(LoggingOptions::validWhen, "midnight, H or M");
        rotateInterval = options.define("log-rotate-interval", 1)
                .group("Logging")
                .help("with --log-rotate-mode=time: how many of --log-rotate-when per file")
                .check(n -> n >= 1, "1 or more");
    }

    private static boolean validWhen(String text) {
        try {
            Logging.When.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Returns the rotation the options describe: by size (the default) or by time. */
    Logging.FileRotation rotation() {
        if (rotateMode.value().equals("time")) {
            return new Logging.TimedRotation(
                    Logging.When.parse(rotateWhen.value()), rotateInterval.value(), backups.value());
        }
        return new Logging.Rotation(maxSize.value(), backups.value());
    }

    /**
     * Defines the logging options in {@code options}.
     *
     * @param options where to define them
     * @return the options, to {@link #apply()} after parsing
     * @throws IllegalArgumentException if one of the names is already defined
     */
    public static LoggingOptions define(Options options) {
        return new LoggingOptions(options);
    }

    private static boolean validLevel(String text) {
        if (text.trim().equalsIgnoreCase("none")) {
            return true;
        }
        try {
            Logging.parseLevel(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Returns {@code --logging}. */
    public Option<String> level() {
        return level;
    }

    /** Returns {@code --log-file-prefix}. */
    public Option<String> filePrefix() {
        return filePrefix;
    }

    /**
     * Configures logging from the options' values, as Tornado's {@code enable_pretty_logging(options)}:
     * nothing for {@code --logging=none}, else {@link Logging#enablePretty} to standard error and/or the file.
     *
     * @throws java.io.UncheckedIOException if the log file cannot be opened
     */
    public void apply() {
        if (level.value().trim().equalsIgnoreCase("none")) {
            return;
        }
        Path file = filePrefix.value().isEmpty() ? null : Path.of(filePrefix.value());
        Logging.install(
                Logger.getLogger(""),
                Logging.parseLevel(level.value()),
                file,
                rotation(),
                file == null || toStderr.value(),
                System.err,
                Logging.colorSupported(),
                Clock.systemDefaultZone());
    }
}
