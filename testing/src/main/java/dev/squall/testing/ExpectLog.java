package dev.squall.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * Captures log records that a test expects, as Tornado's {@code ExpectLog}: records of a logger (and its
 * children) that match are kept here instead of being printed; other records pass through and are printed as
 * usual, so unexpected warnings stay visible. Closing fails if a required record never came.
 *
 * <pre>{@code
 * try (ExpectLog log = ExpectLog.expect("dev.squall.http", "malformed request line")) {
 *     connection.send("GARBAGE\r\n\r\n");
 *     assertEquals(400, connection.readResponse().code());
 * }   // fails here if nothing matching was logged
 * }</pre>
 *
 * <p>Squall logs through {@link System.Logger}, which writes to {@code java.util.logging} unless the
 * application installed another backend; this class captures {@code java.util.logging} records. While
 * capturing, the logger's level is lowered so that {@code DEBUG} records can be expected too; it is restored
 * on close. Records are matched on their formatted message (parameters filled in).
 *
 * <p>Thread-safe: records may come from any thread. Inside a {@link SquallTest}, {@link #close()} first lets
 * the test loop run what is queued on it (so a record logged on the loop right after a response was sent is
 * not missed), and an {@code ExpectLog} the test forgot to close is closed — and checked — when the test
 * ends. Tests that run in parallel must not expect on the same logger.
 */
public final class ExpectLog implements AutoCloseable {
    private static final Map<String, Capture> CAPTURES = new HashMap<>();

    private final String loggerName;
    private final String description;
    private final Predicate<LogRecord> matcher;
    private final boolean required;
    private final List<LogRecord> matched = new CopyOnWriteArrayList<>();
    private final CompletableFuture<LogRecord> first = new CompletableFuture<>();
    private final @Nullable TestScope scope;
    private boolean closed;

    private ExpectLog(String loggerName, String description, Predicate<LogRecord> matcher, boolean required) {
        this.loggerName = loggerName;
        this.description = description;
        this.matcher = matcher;
        this.required = required;
        this.scope = TestScope.current();
        if (scope != null) {
            scope.register(this);
        }
        synchronized (CAPTURES) {
            CAPTURES.computeIfAbsent(loggerName, Capture::new).expectations.add(0, this);
        }
    }

    /**
     * Starts expecting a record of {@code loggerName} (or a child logger) whose message contains
     * {@code messageFragment}, at any level.
     *
     * @param loggerName e.g. {@code "dev.squall.http"}
     * @param messageFragment text the formatted message must contain
     * @return the capture; close it to check
     */
    public static ExpectLog expect(String loggerName, String messageFragment) {
        return containing(loggerName, messageFragment, true);
    }

    /**
     * Starts expecting a record of {@code loggerName} (or a child logger) that {@code matcher} accepts.
     *
     * @param loggerName e.g. {@code "dev.squall.web.access"}
     * @param matcher decides; may be called on any thread
     * @return the capture; close it to check
     */
    public static ExpectLog expect(String loggerName, Predicate<LogRecord> matcher) {
        return new ExpectLog(loggerName, "a record matching " + matcher, matcher, true);
    }

    /**
     * Swallows records of {@code loggerName} whose message contains {@code messageFragment} without requiring
     * any (Tornado's {@code required=False}): for noise a test may or may not cause.
     *
     * @param loggerName the logger
     * @param messageFragment text the formatted message must contain
     * @return the capture; close it to stop
     */
    public static ExpectLog allow(String loggerName, String messageFragment) {
        return containing(loggerName, messageFragment, false);
    }

    private static ExpectLog containing(String loggerName, String messageFragment, boolean required) {
        return new ExpectLog(
                loggerName,
                "a record containing \"" + messageFragment + "\"",
                r -> message(r).contains(messageFragment),
                required);
    }

    /**
     * Returns a record's message with its parameters filled in, as handlers print it.
     *
     * @param record the record
     * @return the formatted message
     */
    public static String message(LogRecord record) {
        return Formatting.FORMATTER.formatMessage(record);
    }

    /**
     * Returns the records captured so far, oldest first.
     *
     * @return a snapshot
     */
    public List<LogRecord> records() {
        return List.copyOf(matched);
    }

    /**
     * Returns the formatted messages of the records captured so far, oldest first.
     *
     * @return a snapshot
     */
    public List<String> messages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : matched) {
            out.add(message(r));
        }
        return out;
    }

    /**
     * Waits for the first matching record — logged by another thread, such as the loop — and returns it: at
     * once if one was captured already. Inside a {@link SquallTest} it waits within the test's time limit,
     * elsewhere up to {@link RawConnection#DEFAULT_READ_TIMEOUT}. Call it from the test thread, never the loop.
     *
     * @return the first matching record
     * @throws AssertionFailedError if none comes in time
     */
    public LogRecord awaitRecord() {
        String what = "the wait for " + description + " on logger '" + loggerName + "'";
        if (scope != null) {
            return scope.join(first, what);
        }
        try {
            return first.get(RawConnection.DEFAULT_READ_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionFailedError(
                    what + " did not end within " + Timeouts.format(RawConnection.DEFAULT_READ_TIMEOUT));
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: the first record is never a failure", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Stops capturing and restores the logger. Idempotent.
     *
     * @throws AssertionFailedError if a required record was never logged
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (scope != null && TestScope.current() == scope) {
            scope.settle();
        }
        synchronized (CAPTURES) {
            Capture capture = CAPTURES.get(loggerName);
            if (capture != null) {
                capture.expectations.remove(this);
                if (capture.expectations.isEmpty()) {
                    capture.restore();
                    CAPTURES.remove(loggerName);
                }
            }
        }
        if (scope != null) {
            scope.unregister(this);
        }
        if (required && matched.isEmpty()) {
            throw new AssertionFailedError(
                    "expected " + description + " on logger '" + loggerName + "', but none was logged");
        }
    }

    @Override
    public String toString() {
        return "ExpectLog[" + loggerName + ": " + description + (required ? "" : ", optional") + "]";
    }

    private static final class Formatting {
        static final SimpleFormatter FORMATTER = new SimpleFormatter();
    }

    /**
     * The handler installed on one logger while at least one {@link ExpectLog} watches it. It offers each
     * record to the expectations (newest first); a record none of them wants goes on to the parent loggers'
     * handlers, as it would have without the capture.
     */
    private static final class Capture extends Handler {
        final Logger logger;
        final List<ExpectLog> expectations = new CopyOnWriteArrayList<>();
        private final @Nullable Level originalLevel;
        private final boolean originalUseParentHandlers;
        /** Records below the level the logger had before the capture were not printed then; not now either. */
        private final int passThroughLevel;

        Capture(String loggerName) {
            this.logger = Logger.getLogger(loggerName);
            this.originalLevel = logger.getLevel();
            this.originalUseParentHandlers = logger.getUseParentHandlers();
            this.passThroughLevel = effectiveLevel(logger).intValue();
            setLevel(Level.ALL);
            logger.setLevel(Level.ALL);
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }

        void restore() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(originalUseParentHandlers);
            logger.setLevel(originalLevel);
        }

        @Override
        public void publish(LogRecord record) {
            for (ExpectLog e : expectations) {
                if (e.matcher.test(record)) {
                    e.matched.add(record);
                    e.first.complete(record);
                    return;
                }
            }
            if (!originalUseParentHandlers || record.getLevel().intValue() < passThroughLevel) {
                return;
            }
            for (Logger l = logger.getParent(); l != null; l = l.getParent()) {
                for (Handler h : l.getHandlers()) {
                    h.publish(record);
                }
                if (!l.getUseParentHandlers()) {
                    break;
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        private static Level effectiveLevel(Logger logger) {
            for (Logger l = logger; l != null; l = l.getParent()) {
                if (l.getLevel() != null) {
                    return l.getLevel();
                }
            }
            return Level.INFO;
        }
    }
}
