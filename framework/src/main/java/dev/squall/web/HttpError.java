package dev.squall.web;

import dev.squall.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * Throw (or fail a stage with) this to answer a request with an HTTP error status, as Tornado's
 * {@code HTTPError}.
 *
 * <pre>{@code
 * Story story = stories.get(id);
 * if (story == null) {
 *     throw new HttpError(404, null, "no story " + id);   // client sees "404: Not Found"; the log says why
 * }
 * }</pre>
 *
 * <p>The handler answers with {@link #status()} through {@link BaseRequestHandler#sendError(int, Throwable)}
 * (so {@link BaseRequestHandler#writeError} renders the page). {@link #reason()}, when given, replaces the
 * standard reason phrase in the status line and on the error page; {@link #logMessage()}, when given, is
 * logged at WARNING and never shown to the client. Unchecked, so handler code needs no ceremony.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String reason;
    private final @Nullable String logMessage;

    /**
     * Creates an error with the standard reason phrase and nothing to log.
     *
     * @param status the HTTP status, 100..599 (usually 4xx or 5xx)
     * @throws IllegalArgumentException if the status is out of range
     */
    public HttpError(int status) {
        this(status, null, null);
    }

    /**
     * Creates an error with a reason phrase for the client and a message for the log.
     *
     * @param status the HTTP status, 100..599
     * @param reason the reason phrase sent to the client instead of the standard one, or null; visible ASCII,
     *     spaces and tabs, no {@code <}
     * @param logMessage logged at WARNING with the request, never sent; or null to log nothing
     * @throws IllegalArgumentException if the status is out of range or the reason has characters a status
     *     line cannot carry
     */
    public HttpError(int status, @Nullable String reason, @Nullable String logMessage) {
        super(message(status, reason, logMessage), null, false, false);
        checkStatusAndReason(status, reason);
        this.status = status;
        this.reason = reason;
        this.logMessage = logMessage;
    }

    /** Checks what a status line can carry; shared with the handler's {@code setStatus}. */
    static void checkStatusAndReason(int status, @Nullable String reason) {
        checkStatus(status);
        if (reason != null) {
            String why = ReasonPhrase.invalidReason(reason);
            if (why != null) {
                throw new IllegalArgumentException("invalid reason phrase \"" + reason + "\": " + why);
            }
        }
    }

    static void checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be in 100..599, got " + status);
        }
    }

    private static String message(int status, @Nullable String reason, @Nullable String logMessage) {
        String text = "HTTP " + status + ": " + (reason != null ? reason : HttpStatus.reasonPhrase(status));
        return logMessage != null ? text + " (" + logMessage + ")" : text;
    }

    /** Returns the HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** Returns the reason phrase to send instead of the standard one, or null. */
    public @Nullable String reason() {
        return reason;
    }

    /** Returns the message to log (never sent to the client), or null. */
    public @Nullable String logMessage() {
        return logMessage;
    }
}
