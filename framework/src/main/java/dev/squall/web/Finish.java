package dev.squall.web;

/**
 * Throw this from {@code prepare()} or a method (or fail a stage with it) to end the request at once with
 * what has been written so far, as Tornado's {@code Finish}. Unlike {@link HttpError} it is not an error:
 * nothing is logged and no error page replaces the output.
 *
 * <pre>{@code
 * @Override public void prepare() {
 *     if (maintenance) {
 *         setStatus(503);
 *         write("Back soon");
 *         throw new Finish();
 *     }
 * }
 * }</pre>
 *
 * <p>Carries no stack trace, so throwing it is cheap.
 */
public final class Finish extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the signal. */
    public Finish() {
        super("request finished early", null, false, false);
    }
}
