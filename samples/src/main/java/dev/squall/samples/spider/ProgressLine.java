package dev.squall.samples.spider;

import java.io.PrintStream;

/**
 * The line that shows a crawl's progress on stderr: rewritten in place on a terminal ({@code \r}, then spaces over
 * what is left of a longer previous line), one plain line each time otherwise (a log file or a pipe gets no
 * carriage returns). Loop-confined, as the counters it prints.
 */
final class ProgressLine {
    private final PrintStream err;
    private final boolean terminal;
    private int shown; // length of the line on screen (terminal only)

    /**
     * Creates the printer.
     *
     * @param err where the line goes
     * @param terminal whether {@code err} is a terminal, where the line is rewritten in place
     */
    ProgressLine(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Shows {@code text} as the current progress. */
    void show(String text) {
        if (terminal) {
            err.print('\r' + text + " ".repeat(Math.max(0, shown - text.length())));
            shown = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Clears the line on a terminal, so the summary starts on a clean line; nothing otherwise. */
    void clear() {
        if (terminal && shown > 0) {
            err.print('\r' + " ".repeat(shown) + '\r');
            err.flush();
            shown = 0;
        }
    }
}
