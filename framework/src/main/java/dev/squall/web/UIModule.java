package dev.squall.web;

import dev.squall.template.PageContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reusable piece of a page with its own template, CSS and JavaScript, as Tornado's {@code UIModule}.
 * Register it on the application by name and call it from a template; the handler's {@code render} adds the
 * CSS and JavaScript of every module the page used — once each, however often it was used — before
 * {@code </head>} and {@code </body>}.
 *
 * <pre>{@code
 * public final class EntryModule extends UIModule {
 *     @Override public String render(@Nullable Object... args) {
 *         return renderString("modules/entry.jte", Map.of("entry", args[0]));
 *     }
 *     @Override public List<String> cssFiles() { return List.of("entry.css"); }
 *     @Override public @Nullable String embeddedJavascript() { return "initEntries();"; }
 * }
 *
 * Application.builder().uiModule("Entry", EntryModule::new) ...
 *
 * // in a jte template:  @for(var e : entries) ${page.module("Entry", e)} @endfor
 * }</pre>
 *
 * <p>One instance per module name per request, made on first use (so it may keep state across calls within
 * the page); its methods run on the request's loop. Relative file paths go through the handler's
 * {@code staticUrl}; paths starting with {@code /}, {@code http:} or {@code https:} are used as they are.
 */
public abstract class UIModule {
    private @Nullable PageContext page;

    /** Creates the module; the application's factory calls it once per request that uses the module. */
    protected UIModule() {}

    final void attach(PageContext page) {
        this.page = page;
    }

    /**
     * Returns the namespace of the page being rendered: handler, request, current user, locale, escapes.
     *
     * @throws IllegalStateException in the constructor, before the module is attached to a page
     */
    protected final PageContext page() {
        PageContext p = page;
        if (p == null) {
            throw new IllegalStateException(getClass().getName() + " is not attached to a page yet; use page() in "
                    + "render and the resource methods, not in the constructor");
        }
        return p;
    }

    /**
     * Renders a template with the page's namespace (its {@code page} parameter is the same page).
     *
     * @param template the template's name
     * @param model its parameters
     * @return the rendered markup
     */
    protected final String renderString(String template, Map<String, ? extends @Nullable Object> model) {
        return page().renderString(template, model);
    }

    /**
     * Returns the module's markup for one use, as Tornado's {@code UIModule.render}. The result is inserted
     * in the page unescaped: escape anything that came from a user (a template does).
     *
     * @param args what the template passed
     * @return trusted markup
     * @throws Exception anything; the page then fails with a 500
     */
    public abstract String render(@Nullable Object... args) throws Exception;

    /** Returns JavaScript to put in a {@code <script>} block at the end of the body, or null. */
    public @Nullable String embeddedJavascript() {
        return null;
    }

    /** Returns JavaScript files to load at the end of the body (relative ones through {@code staticUrl}). */
    public List<String> javascriptFiles() {
        return List.of();
    }

    /** Returns CSS to put in a {@code <style>} block in the head, or null. */
    public @Nullable String embeddedCss() {
        return null;
    }

    /** Returns CSS files to link in the head (relative ones through {@code staticUrl}). */
    public List<String> cssFiles() {
        return List.of();
    }

    /** Returns markup to put at the end of the head, or null. */
    public @Nullable String htmlHead() {
        return null;
    }

    /** Returns markup to put at the end of the body, or null. */
    public @Nullable String htmlBody() {
        return null;
    }
}
