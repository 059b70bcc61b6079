package dev.squall.web;

/**
 * A required argument is absent: a 400 whose reason phrase names it ({@code 400 Missing argument name}), as
 * Tornado's {@code MissingArgumentError}. Thrown by {@link BaseRequestHandler#getArgument(String)} and its
 * query and body variants.
 */
public final class MissingArgumentError extends HttpError {
    private static final long serialVersionUID = 1L;

    private final String argumentName;

    /**
     * Creates the error.
     *
     * @param argumentName the name of the missing argument
     */
    public MissingArgumentError(String argumentName) {
        super(400, ReasonPhrase.sanitizeReason("Missing argument " + argumentName), "Missing argument " + argumentName);
        this.argumentName = argumentName;
    }

    /** Returns the name of the missing argument. */
    public String argumentName() {
        return argumentName;
    }
}
