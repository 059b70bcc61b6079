package dev.squall.template;

import dev.squall.escape.Escape;
import dev.squall.http.HttpServerRequest;
import dev.squall.locale.Locale;
import dev.squall.web.BaseRequestHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every template can reach — Tornado's template namespace, typed: the handler and its request, the
 * current user, URLs ({@link #staticUrl}, {@link #reverseUrl}), the XSRF form field, the user's locale with
 * its translations and date formatting, the escapes, and UI modules. A handler's {@code render} passes it to
 * the template as the {@code page} parameter; engine bindings may wrap it (jte's {@code Page} turns
 * {@link Html} into jte's raw {@code Content}).
 *
 * <pre>{@code
 * @param dev.squall.templates.jte.Page page
 * <title>${page.translate("Home")}</title>
 * <form method="post">${page.xsrfFormHtml()} ...</form>
 * <a href="${page.reverseUrl("story", story.id())}">${story.title()}</a>
 * <small>${page.formatDate(story.posted())}</small>
 * }</pre>
 *
 * <p>One per request, made by the handler; use it on the request's loop only. The escape helpers are pure.
 */
public interface PageContext {
    /** Returns the handler rendering the page. */
    BaseRequestHandler handler();

    /** Returns the request. */
    default HttpServerRequest request() {
        return handler().request();
    }

    /** Returns the current user ({@code handler().currentUser()}), or null when nobody is logged in. */
    default @Nullable Object currentUser() {
        return handler().currentUser();
    }

    /**
     * Returns the URL of a static file, versioned with its hash ({@code /static/app.css?v=...}), as Tornado's
     * {@code static_url}.
     *
     * @param path the file's path under the static directory
     * @return its URL
     * @throws IllegalStateException if the application serves no static files
     */
    default String staticUrl(String path) {
        return handler().staticUrl(path);
    }

    /**
     * Returns the URL path of a named route, as Tornado's {@code reverse_url}.
     *
     * @param name the route's name
     * @param args one value per group of its pattern
     * @return the path
     * @throws IllegalArgumentException if there is no such route or the arguments do not fit
     */
    default String reverseUrl(String name, Object... args) {
        return handler().reverseUrl(name, args);
    }

    /**
     * Returns the hidden form field with the XSRF token ({@code <input type="hidden" name="_xsrf" ...>}) that
     * every POST form includes when the application checks XSRF tokens; empty otherwise.
     *
     * @return the field's markup
     */
    default Html xsrfFormHtml() {
        return new Html(handler().xsrfFormHtml());
    }

    /** Returns the user's locale ({@code handler().locale()}). */
    default Locale locale() {
        return handler().locale();
    }

    /**
     * Translates a message into the user's language (Tornado's {@code _}).
     *
     * @param message the English text
     * @return the translation, or {@code message}
     */
    default String translate(String message) {
        return locale().translate(message);
    }

    /**
     * Translates a message with plural forms into the user's language.
     *
     * @param message the English singular
     * @param plural the English plural
     * @param count the number that chooses the form
     * @return the translation
     */
    default String translate(String message, String plural, long count) {
        return locale().translate(message, plural, count);
    }

    /**
     * Translates a message with plural forms and fills in its {@code %(name)s} placeholders, as Tornado's
     * {@code _("%(n)d comments") % {...}}.
     *
     * @param message the English singular
     * @param plural the English plural
     * @param count the number that chooses the form
     * @param values the placeholders' values
     * @return the translated text with the values in
     */
    default String translate(String message, String plural, long count, Map<String, ?> values) {
        return Locale.interpolate(locale().translate(message, plural, count), values);
    }

    /**
     * Translates a message in a gettext context.
     *
     * @param context the context
     * @param message the English text
     * @return the translation
     */
    default String pgettext(String context, String message) {
        return locale().pgettext(context, message);
    }

    /** Returns the current time on the request loop's clock (virtual time in tests). */
    default Instant now() {
        return Instant.ofEpochMilli(request().loop().clock().currentTimeMillis());
    }

    /**
     * Formats a date relative to now in the user's language, in UTC ({@link Locale#formatDate}).
     *
     * @param date the date
     * @return e.g. {@code 3 minutes ago}
     */
    default String formatDate(Instant date) {
        return locale().formatDate(date, 0, true, false, false, now());
    }

    /**
     * Formats a date in the user's language and time zone, as Tornado's {@code locale.format_date}.
     *
     * @param date the date
     * @param gmtOffsetMinutes UTC minus the user's local time, in minutes (JavaScript's
     *     {@code getTimezoneOffset()})
     * @param relative whether recent dates are relative
     * @param shorter whether to leave out the time of day
     * @return the formatted date
     */
    default String formatDate(Instant date, int gmtOffsetMinutes, boolean relative, boolean shorter) {
        return locale().formatDate(date, gmtOffsetMinutes, relative, shorter, false, now());
    }

    /**
     * Renders a UI module registered on the application ({@code uiModule("Entry", EntryModule::new)}), as
     * Tornado's {@code {% module Entry(entry) %}}: its output goes here, and its CSS and JavaScript are added
     * to the page's {@code <head>} and {@code <body>} when the handler's {@code render} finishes.
     *
     * @param name the module's name
     * @param args what its {@code render} takes
     * @return the module's markup
     * @throws IllegalArgumentException if no module has that name
     */
    Html module(String name, @Nullable Object... args);

    /**
     * Renders another template with this page's namespace, as the handler's {@code renderString}.
     *
     * @param name the template
     * @param model its parameters
     * @return the rendered text
     */
    String renderString(String name, Map<String, ? extends @Nullable Object> model);

    // ------------------------------------------------------------------------------------------------
    // Escapes (Tornado's escape, json_encode, squeeze, linkify in the namespace)

    /**
     * Escapes text for HTML; templates escape their output already, so this is for text built by hand.
     *
     * @param text the text
     * @return the escaped text
     */
    default String xhtmlEscape(String text) {
        return Escape.xhtmlEscape(text);
    }

    /**
     * Decodes HTML character references ({@link Escape#xhtmlUnescape}).
     *
     * @param html the text with references
     * @return the decoded text (escaped again if a template outputs it)
     */
    default String xhtmlUnescape(String html) {
        return Escape.xhtmlUnescape(html);
    }

    /**
     * Percent-encodes text for a query string ({@code a b} as {@code a+b}), as Tornado's {@code url_escape}.
     *
     * @param text the text
     * @return the encoded text
     */
    default String urlEscape(String text) {
        return Escape.urlEscape(text);
    }

    /**
     * Encodes a value as JSON with the application's Moshi, with {@code </} escaped, for a {@code <script>}
     * block, as Tornado's {@code json_encode}.
     *
     * @param value the value
     * @return the JSON as markup, inserted unescaped
     */
    default Html json(@Nullable Object value) {
        return new Html(Escape.jsonEncode(handler().application().moshi(), value));
    }

    /**
     * Escapes text and links its URLs, as Tornado's {@code linkify} with its defaults.
     *
     * @param text plain text
     * @return the markup
     */
    default Html linkify(String text) {
        return new Html(Escape.linkify(text));
    }

    /**
     * Escapes text and links its URLs, with Tornado's options ({@link Escape#linkify(String, boolean, String,
     * boolean, List)}).
     *
     * @param text plain text
     * @param shorten whether to shorten long link texts
     * @param extraParams attributes for each {@code <a>}, e.g. {@code rel="nofollow"}
     * @return the markup
     */
    default Html linkify(String text, boolean shorten, String extraParams) {
        return new Html(Escape.linkify(text, shorten, extraParams, false, List.of("http", "https")));
    }

    /**
     * Collapses whitespace runs to one space and strips the ends, as Tornado's {@code squeeze}.
     *
     * @param text the text
     * @return the squeezed text
     */
    default String squeeze(String text) {
        return Escape.squeeze(text);
    }
}
