package dev.squall.template;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders named templates: what {@code Application.builder().templates(engine)} plugs in and what a
 * handler's {@code render(name, model)} and {@code renderString(name, model)} use. The {@code squall-templates}
 * module's {@code JteTemplates} is the implementation Squall ships; implement this interface to use another
 * engine.
 *
 * <pre>{@code
 * Application.builder()
 *         .templates(JteTemplates.precompiled())       // or JteTemplates.fromDirectory(Path.of("templates"))
 *         .route("/", HomeHandler::new)
 *         .build();
 * }</pre>
 *
 * <p>Implementations are thread-safe: every loop renders through the same engine. Rendering runs on the
 * request's loop, so it must not block; an engine that compiles templates (in development) may take its time
 * on the first render of a changed template, as Tornado's does.
 */
public interface TemplateEngine {
    /**
     * Renders a template to text.
     *
     * @param name the template's name, e.g. {@code home.jte} or {@code pages/story.jte}
     * @param model the template's parameters by name
     * @param page the request's namespace, passed to the template as its {@code page} parameter; null outside
     *     a request (then templates that declare {@code page} cannot be rendered)
     * @return the rendered text
     * @throws TemplateException if the template does not exist, does not compile or throws, naming the template
     *     and, where known, the line
     */
    String renderString(String name, Map<String, ? extends @Nullable Object> model, @Nullable PageContext page);

    /**
     * Renders a template to UTF-8 bytes; engines that write bytes directly override it to skip the string.
     *
     * @param name the template's name
     * @param model the template's parameters by name
     * @param page the request's namespace, or null
     * @return the rendered bytes, UTF-8
     * @throws TemplateException as {@link #renderString}
     */
    default byte[] renderBytes(String name, Map<String, ? extends @Nullable Object> model, @Nullable PageContext page) {
        return renderString(name, model, page).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the {@code Content-Type} of a template's output, which {@code render} sends. The default reads
     * the extension before the engine's own ({@code feed.xml.jte} is XML, {@code app.js.jte} JavaScript,
     * {@code note.txt.jte} plain text, {@code data.json.jte} JSON, {@code site.css.jte} CSS) and defaults to
     * HTML, always UTF-8.
     *
     * @param name the template's name
     * @return a content type with charset, e.g. {@code text/html; charset=UTF-8}
     */
    default String contentType(String name) {
        return ContentTypes.of(name);
    }

    /**
     * Returns the engine an application uses, given its debug mode: called once by
     * {@code Application.Builder.build()}. An engine that reads templates from files reloads changed templates
     * in debug mode and compiles each only once otherwise. The default returns this engine.
     *
     * @param debug whether the application is in debug mode
     * @return the engine to render with
     */
    default TemplateEngine forApplication(boolean debug) {
        return this;
    }
}
