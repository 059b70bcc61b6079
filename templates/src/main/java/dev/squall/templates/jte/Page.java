package dev.squall.templates.jte;

import dev.squall.http.HttpServerRequest;
import dev.squall.locale.Locale;
import dev.squall.template.Html;
import dev.squall.template.PageContext;
import dev.squall.web.BaseRequestHandler;
import gg.jte.Content;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a jte template gets as its {@code page} parameter: Tornado's template namespace, typed — the
 * {@link PageContext} of the request, with markup ({@link #xsrfFormHtml()}, {@link #module}, {@link #json},
 * {@link #linkify}) as jte {@link Content}, which jte inserts without escaping; everything else is text,
 * which jte escapes for where it stands.
 *
 * <pre>{@code
 * @import dev.squall.templates.jte.Page
 * @param Page page
 * @param java.util.List<Entry> entries
 *
 * @template.layout(page = page, title = page.translate("Home"), content = @`
 *     @for(var e : entries)
 *         ${page.module("Entry", e)}
 *     @endfor
 *     <form method="post" action="${page.reverseUrl("compose")}">${page.xsrfFormHtml()}...</form>
 *     <script>var entries = ${page.json(entries)};</script>
 * `)
 * }</pre>
 *
 * <p>Made by {@link JteTemplates} for each render; use it on the request's loop.
 */
public final class Page {
    private final PageContext context;

    /**
     * Wraps a request's namespace.
     *
     * @param context the namespace
     */
    public Page(PageContext context) {
        this.context = context;
    }

    private static Content content(Html html) {
        String markup = html.html();
        return output -> output.writeContent(markup);
    }

    /** Returns the engine-neutral namespace this page wraps. */
    public PageContext context() {
        return context;
    }

    /** Returns the handler rendering the page. */
    public BaseRequestHandler handler() {
        return context.handler();
    }

    /** Returns the request. */
    public HttpServerRequest request() {
        return context.request();
    }

    /** Returns the current user, or null when nobody is logged in. */
    public @Nullable Object currentUser() {
        return context.currentUser();
    }

    /**
     * Returns the current user as the application's user type, for typed templates.
     *
     * @param type the user class
     * @param <T> the user type
     * @return the user, or null when nobody is logged in
     * @throws ClassCastException if the current user is of another type
     */
    public <T> @Nullable T currentUser(Class<T> type) {
        return type.cast(context.currentUser());
    }

    /**
     * Returns the versioned URL of a static file, as Tornado's {@code static_url}.
     *
     * @param path the file's path under the static directory
     * @return its URL
     * @throws IllegalStateException if the application serves no static files
     */
    public String staticUrl(String path) {
        return context.staticUrl(path);
    }

    /**
     * Returns the path of a named route, as Tornado's {@code reverse_url}.
     *
     * @param name the route's name
     * @param args one value per group
     * @return the path
     * @throws IllegalArgumentException if there is no such route or the arguments do not fit
     */
    public String reverseUrl(String name, Object... args) {
        return context.reverseUrl(name, args);
    }

    /** Returns the hidden XSRF form field (empty when the application checks no XSRF tokens), unescaped. */
    public Content xsrfFormHtml() {
        return content(context.xsrfFormHtml());
    }

    /** Returns the user's locale. */
    public Locale locale() {
        return context.locale();
    }

    /**
     * Translates a message into the user's language (Tornado's {@code _}).
     *
     * @param message the English text
     * @return the translation
     */
    public String translate(String message) {
        return context.translate(message);
    }

    /**
     * Translates a message with plural forms.
     *
     * @param message the English singular
     * @param plural the English plural
     * @param count the number that chooses the form
     * @return the translation
     */
    public String translate(String message, String plural, long count) {
        return context.translate(message, plural, count);
    }

    /**
     * Translates a message with plural forms and fills in its {@code %(name)s} placeholders.
     *
     * @param message the English singular
     * @param plural the English plural
     * @param count the number that chooses the form
     * @param values the placeholders' values
     * @return the translated text
     */
    public String translate(String message, String plural, long count, Map<String, ?> values) {
        return context.translate(message, plural, count, values);
    }

    /**
     * Translates a message in a gettext context.
     *
     * @param context the context
     * @param message the English text
     * @return the translation
     */
    public String pgettext(String context, String message) {
        return this.context.pgettext(context, message);
    }

    /** Returns the time now, on the request loop's clock. */
    public Instant now() {
        return context.now();
    }

    /**
     * Formats a date relative to now in the user's language ({@code 3 minutes ago}).
     *
     * @param date the date
     * @return the formatted date
     */
    public String formatDate(Instant date) {
        return context.formatDate(date);
    }

    /**
     * Formats a date in the user's language and time zone.
     *
     * @param date the date
     * @param gmtOffsetMinutes UTC minus the user's local time, in minutes
     * @param relative whether recent dates are relative
     * @param shorter whether to leave out the time of day
     * @return the formatted date
     */
    public String formatDate(Instant date, int gmtOffsetMinutes, boolean relative, boolean shorter) {
        return context.formatDate(date, gmtOffsetMinutes, relative, shorter);
    }

    /**
     * Renders a UI module registered on the application, as Tornado's {@code {% module Name(args) %}}.
     *
     * @param name the module's name
     * @param args what its {@code render} takes
     * @return the module's markup, unescaped
     * @throws IllegalArgumentException if no module has that name
     */
    public Content module(String name, @Nullable Object... args) {
        return content(context.module(name, args));
    }

    /**
     * Returns trusted markup unescaped; never pass text from a user.
     *
     * @param html the markup
     * @return the markup as jte content
     */
    public Content raw(Html html) {
        return content(html);
    }

    /**
     * Percent-encodes text for a query string ({@code url_escape}).
     *
     * @param text the text
     * @return the encoded text
     */
    public String urlEscape(String text) {
        return context.urlEscape(text);
    }

    /**
     * Encodes a value as JSON (the application's Moshi) with {@code </} escaped, unescaped by jte: for
     * {@code <script>var x = ${page.json(x)};</script>}.
     *
     * @param value the value
     * @return the JSON
     */
    public Content json(@Nullable Object value) {
        return content(context.json(value));
    }

    /**
     * Escapes text and links its URLs, as Tornado's {@code linkify}.
     *
     * @param text plain text
     * @return the markup
     */
    public Content linkify(String text) {
        return content(context.linkify(text));
    }

    /**
     * Escapes text and links its URLs, shortening long ones and adding attributes.
     *
     * @param text plain text
     * @param shorten whether to shorten long link texts
     * @param extraParams attributes for each {@code <a>}, e.g. {@code rel="nofollow"}
     * @return the markup
     */
    public Content linkify(String text, boolean shorten, String extraParams) {
        return content(context.linkify(text, shorten, extraParams));
    }

    /**
     * Collapses whitespace runs to one space and strips the ends ({@code squeeze}).
     *
     * @param text the text
     * @return the squeezed text
     */
    public String squeeze(String text) {
        return context.squeeze(text);
    }

    /**
     * Decodes HTML character references ({@code xhtml_unescape}); jte escapes the result again on output.
     *
     * @param html the text
     * @return the decoded text
     */
    public String xhtmlUnescape(String html) {
        return context.xhtmlUnescape(html);
    }
}
