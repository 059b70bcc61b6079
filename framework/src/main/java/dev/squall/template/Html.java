package dev.squall.template;

import java.util.Objects;

/**
 * Trusted markup: HTML that a template inserts as it is, without escaping — {@code xsrfFormHtml()}, a UI
 * module's output, {@code linkify} and {@code json} results. Engine bindings turn it into their raw type
 * (jte's {@code Content}). Never wrap text from a user in it without escaping it first.
 *
 * @param html the markup
 */
public record Html(String html) {
    /** The empty markup. */
    public static final Html EMPTY = new Html("");

    /**
     * Creates trusted markup.
     *
     * @param html the markup
     */
    public Html {
        Objects.requireNonNull(html, "html");
    }

    /** Returns the markup. */
    @Override
    public String toString() {
        return html;
    }
}
