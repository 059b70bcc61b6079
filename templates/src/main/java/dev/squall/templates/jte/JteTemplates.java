package dev.squall.templates.jte;

import dev.squall.template.PageContext;
import dev.squall.template.TemplateEngine;
import dev.squall.template.TemplateException;
import gg.jte.ContentType;
import gg.jte.output.StringOutput;
import gg.jte.output.Utf8ByteOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * jte templates behind Squall's {@link TemplateEngine}: HTML templates with jte's context-aware escaping
 * ({@code ${x}} is escaped for the text, attribute, or {@code <script>} it stands in), compiled to classes.
 *
 * <p>Two ways to get them:
 * <ul>
 *   <li>{@link #precompiled()}: classes that {@code jte-maven-plugin} generated at build time; only
 *       {@code gg.jte:jte-runtime} is needed at run time, nothing is compiled in production. The default
 *       package is jte's ({@code gg.jte.generated.precompiled}); {@link #precompiled(String)} names another,
 *       the {@code packageName} given to the plugin.</li>
 *   <li>{@link #fromDirectory(Path)}: templates compiled from a directory when first rendered (needs
 *       {@code gg.jte:jte}, and {@code gg.jte:jte-kotlin} for {@code .kte}). In an application in debug mode a
 *       changed template is recompiled on the next request that renders it; otherwise every template is
 *       compiled once, when the application is built, so a broken template stops the start, not a request.</li>
 * </ul>
 *
 * <pre>{@code
 * boolean dev = options.debug();
 * Application app = Application.builder()
 *         .templates(dev ? JteTemplates.fromDirectory(Path.of("src/main/jte")) : JteTemplates.precompiled())
 *         .debug(dev)
 *         .route("/", HomeHandler::new)
 *         .build();
 * }</pre>
 *
 * <p>Every template may declare {@code @param dev.squall.templates.jte.Page page}: a handler's {@code render}
 * passes its request's namespace there (request, current user, URLs, XSRF field, locale, escapes, UI
 * modules). Thread-safe; renders on the calling thread.
 */
public final class JteTemplates implements TemplateEngine {
    /** The name of the parameter that receives the {@link Page}. */
    public static final String PAGE_PARAMETER = "page";
    /** The package jte compiles templates from a directory into. */
    private static final String ON_DEMAND_PACKAGE = "gg.jte.generated.ondemand";

    private final gg.jte.TemplateEngine engine;
    private final @Nullable Path directory;
    private final @Nullable String packageName;
    private final boolean reloading;
    private final @Nullable Path classes;
    /** What {@link #forApplication}(false) made: compiled once, shared by the applications built with it. */
    private volatile @Nullable JteTemplates compiledOnce;

    private JteTemplates(
            gg.jte.TemplateEngine engine,
            @Nullable Path directory,
            @Nullable String packageName,
            boolean reloading,
            @Nullable Path classes) {
        this.engine = engine;
        this.directory = directory;
        this.packageName = packageName;
        this.reloading = reloading;
        this.classes = classes;
    }

    /**
     * Returns templates precompiled by {@code jte-maven-plugin} into jte's default package, loaded from the
     * class path.
     *
     * @return the engine
     */
    public static JteTemplates precompiled() {
        return new JteTemplates(gg.jte.TemplateEngine.createPrecompiled(ContentType.Html), null, null, false, null);
    }

    /**
     * Returns templates precompiled by {@code jte-maven-plugin} into {@code packageName} (its
     * {@code <packageName>} setting), loaded from the class path.
     *
     * @param packageName the package of the generated classes
     * @return the engine
     */
    public static JteTemplates precompiled(String packageName) {
        Objects.requireNonNull(packageName, "packageName");
        return new JteTemplates(
                gg.jte.TemplateEngine.createPrecompiled(null, ContentType.Html, null, packageName),
                null,
                packageName,
                false,
                null);
    }

    /**
     * Returns templates compiled from a directory on demand and reloaded when they change — until an
     * application not in debug mode takes them ({@link #forApplication}), which compiles each once. Needs
     * {@code gg.jte:jte} on the class path.
     *
     * @param directory the templates' root: {@code render("pages/home.jte", ...)} reads
     *     {@code directory/pages/home.jte}
     * @return the engine
     * @throws IllegalArgumentException if the directory does not exist
     * @throws IllegalStateException if jte's compiler is not on the class path, saying which artifact to add
     */
    public static JteTemplates fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(
                    "the template directory " + directory.toAbsolutePath() + " does not exist");
        }
        Path classes = classDirectory();
        return new JteTemplates(onDemand(directory, classes), directory, null, true, classes);
    }

    private static Path classDirectory() {
        try {
            return Files.createTempDirectory("squall-jte");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for compiled templates", e);
        }
    }

    private static gg.jte.TemplateEngine onDemand(Path directory, Path classes) {
        try {
            Class.forName("gg.jte.compiler.TemplateCompiler");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "JteTemplates.fromDirectory needs jte's compiler: add the dependency "
                            + "gg.jte:jte (and gg.jte:jte-kotlin for .kte templates), or precompile the templates with "
                            + "jte-maven-plugin and use JteTemplates.precompiled()",
                    e);
        }
        return gg.jte.TemplateEngine.create(
                new DirectoryCodeResolver(directory), classes, ContentType.Html, JteTemplates.class.getClassLoader());
    }

    /**
     * Returns the engine for an application: this one in debug mode, or when the templates are precompiled;
     * for templates from a directory outside debug mode, an engine that has compiled every template of the
     * directory once and never looks at the files again.
     *
     * @param debug whether the application is in debug mode
     * @return the engine to use
     * @throws TemplateException if a template in the directory does not compile (outside debug mode)
     */
    @Override
    public synchronized TemplateEngine forApplication(boolean debug) {
        Path dir = directory;
        Path classDir = classes;
        if (debug || dir == null || classDir == null || !reloading) {
            return this;
        }
        JteTemplates done = compiledOnce;
        if (done != null) {
            return done;
        }
        // A fresh compiler, so the classes it writes are the ones loaded below, once.
        Path compiledDir = classDirectory();
        gg.jte.TemplateEngine compiler = onDemand(dir, compiledDir);
        try {
            compiler.precompileAll();
        } catch (gg.jte.TemplateException e) {
            throw translate("(templates in " + dir + ")", e);
        }
        gg.jte.TemplateEngine compiled = gg.jte.TemplateEngine.createPrecompiled(
                compiledDir, ContentType.Html, JteTemplates.class.getClassLoader(), ON_DEMAND_PACKAGE);
        done = new JteTemplates(compiled, dir, packageName, false, compiledDir);
        compiledOnce = done;
        return done;
    }

    /** Returns whether changed templates are recompiled on the next render. */
    public boolean reloading() {
        return reloading;
    }

    @Override
    public String renderString(String name, Map<String, ? extends @Nullable Object> model, @Nullable PageContext page) {
        StringOutput out = new StringOutput();
        try {
            engine.render(name, params(model, page), out);
        } catch (gg.jte.TemplateException e) {
            throw translate(name, e);
        }
        return out.toString();
    }

    @Override
    public byte[] renderBytes(String name, Map<String, ? extends @Nullable Object> model, @Nullable PageContext page) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        try {
            engine.render(name, params(model, page), out);
        } catch (gg.jte.TemplateException e) {
            throw translate(name, e);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> params(
            Map<String, ? extends @Nullable Object> model, @Nullable PageContext page) {
        Map<String, Object> params = new HashMap<>(model.size() + 2);
        params.putAll(model);
        if (page != null && !model.containsKey(PAGE_PARAMETER)) {
            params.put(PAGE_PARAMETER, new Page(page));
        }
        return params;
    }

    /**
     * Turns jte's exception ("Failed to render x.jte, error at x.jte:12", "Failed to compile template, error
     * at x.jte:3") into Squall's, with the template and line as fields.
     */
    static TemplateException translate(String name, gg.jte.TemplateException e) {
        String message = e.getMessage() == null ? "jte failed to render " + name : e.getMessage();
        int line = 0;
        String template = name;
        int at = message.indexOf("error at ");
        if (at >= 0) {
            int end = message.indexOf('\n', at);
            String where =
                    message.substring(at + 9, end < 0 ? message.length() : end).strip();
            int colon = where.lastIndexOf(':');
            if (colon > 0) {
                template = where.substring(0, colon);
                try {
                    line = Integer.parseInt(where.substring(colon + 1));
                } catch (NumberFormatException ignored) {
                    line = 0;
                }
            }
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String why = cause == e ? "" : ": " + cause;
        if (!message.contains(name)) {
            message = "Failed to render " + name + ": " + message;
        }
        return new TemplateException(template, line, message + why, e);
    }

    @Override
    public String toString() {
        return "JteTemplates("
                + (directory != null
                        ? directory + (reloading ? ", reloading" : ", compiled once")
                        : "precompiled" + (packageName != null ? " " + packageName : ""))
                + ")";
    }
}
