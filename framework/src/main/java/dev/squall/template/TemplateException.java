package dev.squall.template;

import org.jspecify.annotations.Nullable;

/**
 * A template could not be rendered: it does not exist, does not compile, or threw. The message names the
 * template and, where the engine knows it, the line; the cause is the underlying error. A handler's
 * {@code render} lets it propagate, so the request ends with a 500 whose log line (and, in debug mode, page)
 * shows this message — never with a half-written page.
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String template;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param template the template's name
     * @param line the line in the template (or in the template it included) where it failed, or 0 when unknown
     * @param message what went wrong, naming the template and line
     * @param cause the underlying error, or null
     */
    public TemplateException(String template, int line, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.template = template;
        this.line = line;
    }

    /** Returns the name of the template that was rendered. */
    public String template() {
        return template;
    }

    /** Returns the line where rendering failed, or 0 when unknown. */
    public int line() {
        return line;
    }
}
