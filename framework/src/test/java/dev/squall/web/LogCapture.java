package dev.squall.web;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one {@link System.Logger} logs, through java.util.logging (where System.Logger goes by
 * default). Use with try-with-resources.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();

    LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /** The formatted messages logged so far. */
    synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        for (LogRecord r : records) {
            String m = r.getMessage();
            Object[] params = r.getParameters();
            out.add(params == null || params.length == 0 ? m : java.text.MessageFormat.format(m, params));
        }
        return out;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
