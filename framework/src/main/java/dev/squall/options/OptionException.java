package dev.squall.options;

import org.jspecify.annotations.Nullable;

/**
 * A value the options cannot accept: an unknown option, a missing value, a value of the wrong type, or a line
 * of a config file that cannot be read. The message names the option (and the file and line, or the
 * environment variable) and says what to write instead. A program prints the message and exits with
 * {@link #exitCode()}, 2 as for any usage error.
 */
public final class OptionException extends IllegalArgumentException {
    /** The exit status for a command line that cannot be run, as Unix tools and Tornado use. */
    public static final int EXIT_USAGE = 2;

    private static final long serialVersionUID = 1L;

    private final @Nullable String option;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to write instead
     */
    public OptionException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception about one option.
     *
     * @param message what is wrong and what to write instead
     * @param option the option's name, without dashes, or null when the problem is not about one option
     */
    public OptionException(String message, @Nullable String option) {
        super(message);
        this.option = option;
    }

    /** Returns the name of the option at fault (without dashes), or null. */
    public @Nullable String option() {
        return option;
    }

    /** Returns the exit status a program should end with: {@value #EXIT_USAGE}. */
    public int exitCode() {
        return EXIT_USAGE;
    }
}
