package dev.squall.auth;

import dev.squall.web.HttpError;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in that failed: the provider refused it (its OAuth {@code error} and {@code error_description} are
 * kept), the callback did not match the sign-in this browser started ({@code state}), an ID token did not
 * verify, or the provider could not be reached in time.
 *
 * <p>An {@link HttpError}: a handler that lets it through answers with {@link #status()} — 400 for a callback
 * without its parameters, 403 for a refused or unverifiable sign-in, 502 for a provider that answered
 * nonsense or failed, 504 for one that did not answer in time — and logs {@link #getMessage()} at WARNING;
 * the message is never shown to the browser. Catch it to show your own page ("sign-in failed, try again").
 */
public final class AuthError extends HttpError {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final @Nullable String error;
    private final @Nullable String errorDescription;
    private final @Nullable Throwable failure;

    /**
     * Creates an error.
     *
     * @param status the HTTP status a handler answers with (400, 403, 502, 504...)
     * @param message what went wrong and what to do, for the log
     * @param error the provider's OAuth error code ({@code access_denied}, {@code invalid_grant}...), or null
     * @param errorDescription the provider's human-readable description, or null
     * @param cause the underlying failure (a timeout, a network error), or null
     */
    public AuthError(
            int status,
            String message,
            @Nullable String error,
            @Nullable String errorDescription,
            @Nullable Throwable cause) {
        super(status, null, message);
        this.detail = message;
        this.error = error;
        this.errorDescription = errorDescription;
        this.failure = cause;
    }

    static AuthError refused(String message) {
        return new AuthError(403, message, null, null, null);
    }

    static AuthError badCallback(String message) {
        return new AuthError(400, message, null, null, null);
    }

    static AuthError provider(String message) {
        return new AuthError(502, message, null, null, null);
    }

    /**
     * Returns what went wrong, with the provider's error and description when it gave them.
     *
     * @return the message
     */
    @Override
    public String getMessage() {
        return detail;
    }

    /**
     * Returns the underlying failure (a timeout, a connection error), or null.
     *
     * @return the cause
     */
    @Override
    public synchronized @Nullable Throwable getCause() {
        return failure;
    }

    /**
     * Returns the provider's OAuth error code, such as {@code access_denied} or {@code invalid_grant}.
     *
     * @return the code, or null when the failure was not the provider's answer
     */
    public @Nullable String error() {
        return error;
    }

    /**
     * Returns the provider's {@code error_description}.
     *
     * @return the description, or null
     */
    public @Nullable String errorDescription() {
        return errorDescription;
    }
}
