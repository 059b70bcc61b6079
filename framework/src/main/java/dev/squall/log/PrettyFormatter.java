package dev.squall.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jspecify.annotations.Nullable;

/**
 * Tornado's log format for {@code java.util.logging}: one line per record, the level's first letter, the date
 * and time, the logger's last name, then the message (and the stack trace of an exception on the lines after):
 *
 * <pre>
 * [I 261206 22:17:48 access] 200 GET / (127.0.0.1) 0.52ms
 * [W 261206 22:17:49 access] 404 GET /nope (127.0.0.1) 0.31ms
 * [E 261206 22:17:50 application] Uncaught exception GET /boom (127.0.0.1)
 * </pre>
 *
 * <p>With colour, the bracketed prefix is blue for debug and trace, green for info, yellow for warnings and red
 * for errors, as Tornado's {@code LogFormatter}. Thread-safe.
 */
public final class PrettyFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyMMdd HH:mm:ss");
    private static final String RESET = "\u001b[0m";

    private final boolean color;
    private final ZoneId zone;

    /**
     * Creates the formatter, in the system's time zone.
     *
     * @param color whether to colour the prefix with ANSI escapes; {@link Logging#colorSupported()} says whether
     *     standard error is a terminal that wants it
     */
    public PrettyFormatter(boolean color) {
        this(color, ZoneId.systemDefault());
    }

    /**
     * Creates the formatter.
     *
     * @param color whether to colour the prefix with ANSI escapes
     * @param zone the time zone of the times shown
     */
    public PrettyFormatter(boolean color, ZoneId zone) {
        this.color = color;
        this.zone = zone;
    }

    /**
     * Formats one record.
     *
     * @param record the record
     * @return its line (and the stack trace's lines), ending with a newline
     */
    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder(96);
        int level = record.getLevel().intValue();
        if (color) {
            sb.append(colorOf(level));
        }
        sb.append('[')
                .append(letterOf(level))
                .append(' ')
                .append(TIME.format(record.getInstant().atZone(zone)))
                .append(' ')
                .append(shortName(record.getLoggerName()))
                .append(']');
        if (color) {
            sb.append(RESET);
        }
        sb.append(' ').append(formatMessage(record));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            sb.append('\n').append(trace.toString().stripTrailing());
        }
        return sb.append('\n').toString();
    }

    /** {@code SEVERE} is E, {@code WARNING} W, {@code INFO} I, {@code FINE}... D, below T (System.Logger's TRACE). */
    static char letterOf(int level) {
        if (level >= Level.SEVERE.intValue()) {
            return 'E';
        }
        if (level >= Level.WARNING.intValue()) {
            return 'W';
        }
        if (level >= Level.INFO.intValue()) {
            return 'I';
        }
        if (level >= Level.FINE.intValue()) {
            return 'D';
        }
        return 'T';
    }

    private static String colorOf(int level) {
        if (level >= Level.SEVERE.intValue()) {
            return "\u001b[31m"; // red
        }
        if (level >= Level.WARNING.intValue()) {
            return "\u001b[33m"; // yellow
        }
        if (level >= Level.INFO.intValue()) {
            return "\u001b[32m"; // green
        }
        return "\u001b[34m"; // blue
    }

    private static String shortName(@Nullable String logger) {
        if (logger == null || logger.isEmpty()) {
            return "root";
        }
        return logger.substring(logger.lastIndexOf('.') + 1);
    }
}
