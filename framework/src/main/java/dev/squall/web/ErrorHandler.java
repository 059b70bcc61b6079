package dev.squall.web;

/**
 * Answers every request with an error status, as Tornado's {@code ErrorHandler}; the application's default
 * handler for unmatched paths is {@code new ErrorHandler(404)}. Also useful in routes:
 * {@code .route("/old-api/.*", () -> new ErrorHandler(410))}.
 */
public final class ErrorHandler extends RequestHandler {
    private final int status;

    /**
     * Creates the handler.
     *
     * @param status the status to answer with, 400..599
     * @throws IllegalArgumentException if out of range
     */
    public ErrorHandler(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an ErrorHandler answers with 4xx or 5xx, got " + status);
        }
        this.status = status;
    }

    /** Sends the error page. */
    @Override
    public void prepare() {
        sendError(status);
    }
}
