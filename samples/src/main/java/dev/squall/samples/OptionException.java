package dev.squall.samples;

/**
 * A command line that {@link Options#parse} cannot accept: an unknown option, a missing value or a value of
 * the wrong type. The message names the option and says what to write instead; callers print it and exit
 * with status 2.
 */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to write instead
     */
    public OptionException(String message) {
        super(message);
    }
}
