package dev.squall.web;

import dev.squall.escape.Escape;
import dev.squall.locale.Locale;
import dev.squall.template.Html;
import dev.squall.template.PageContext;
import dev.squall.template.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A handler's templates and locale: its {@link PageContext}, the user's locale (resolved once), the UI
 * modules the page used, and the insertion of their CSS and JavaScript — kept out of
 * {@link BaseRequestHandler}, which only delegates here. Made on first use; loop-confined as its handler.
 */
final class Rendering implements PageContext {
    private final BaseRequestHandler handler;
    private @Nullable Locale locale;
    private @Nullable LinkedHashMap<String, UIModule> modules;

    Rendering(BaseRequestHandler handler) {
        this.handler = handler;
    }

    @Override
    public BaseRequestHandler handler() {
        return handler;
    }

    @Override
    public Locale locale() {
        Locale l = locale;
        if (l == null) {
            l = handler.getUserLocale();
            if (l == null) {
                l = handler.getBrowserLocale();
            }
            locale = l;
        }
        return l;
    }

    void setLocale(Locale locale) {
        this.locale = locale;
    }

    private TemplateEngine engine() {
        TemplateEngine engine = handler.application().templates();
        if (engine == null) {
            throw new IllegalStateException("the application has no template engine; set one with "
                    + "Application.builder().templates(JteTemplates.precompiled()) (module squall-templates) "
                    + "or .templates(JteTemplates.fromDirectory(Path.of(\"templates\")))");
        }
        return engine;
    }

    @Override
    public String renderString(String name, Map<String, ? extends @Nullable Object> model) {
        return engine().renderString(name, model, this);
    }

    /** Renders the page into the handler's buffer, with the modules' resources, and finishes the response. */
    void render(String name, Map<String, ? extends @Nullable Object> model) {
        if (handler.isFinished()) {
            throw new IllegalStateException(
                    "render(\"" + name + "\") was called after finish(); " + "the response is complete");
        }
        TemplateEngine engine = engine();
        // The whole page is rendered before anything is written: a template that fails leaves the response
        // untouched, so the error page (a 500 naming the template and line) replaces it.
        byte[] bytes = engine.renderBytes(name, model, this);
        if (modules != null && !modules.isEmpty()) {
            String html = injectResources(new String(bytes, StandardCharsets.UTF_8));
            bytes = html.getBytes(StandardCharsets.UTF_8);
        }
        if (!handler.headersSent()) {
            handler.setHeader("Content-Type", engine.contentType(name));
        }
        handler.write(bytes);
        handler.out().finishUnobserved();
    }

    @Override
    public Html module(String name, @Nullable Object... args) {
        LinkedHashMap<String, UIModule> active = modules;
        if (active == null) {
            active = modules = new LinkedHashMap<>();
        }
        UIModule module = active.get(name);
        if (module == null) {
            Supplier<? extends UIModule> factory = handler.application().uiModule(name);
            module = factory.get();
            module.attach(this);
            active.put(name, module);
        }
        try {
            return new Html(module.render(args));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "UI module " + name + " (" + module.getClass().getName() + ") failed: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the used modules' resources as Tornado's {@code render} does: linked and embedded JavaScript, then
     * {@code htmlBody} markup, before the last {@code </body>}; linked and embedded CSS, then {@code htmlHead}
     * markup, before the first {@code </head>}. Files are listed once each, in first-use order.
     */
    String injectResources(String html) {
        Set<String> jsFiles = new LinkedHashSet<>();
        Set<String> cssFiles = new LinkedHashSet<>();
        List<String> jsEmbed = new ArrayList<>();
        List<String> cssEmbed = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (UIModule m : modules != null ? modules.values() : List.<UIModule>of()) {
            addIfPresent(jsEmbed, m.embeddedJavascript());
            jsFiles.addAll(m.javascriptFiles());
            addIfPresent(cssEmbed, m.embeddedCss());
            cssFiles.addAll(m.cssFiles());
            addIfPresent(heads, m.htmlHead());
            addIfPresent(bodies, m.htmlBody());
        }
        StringBuilder bodyEnd = new StringBuilder();
        if (!jsFiles.isEmpty()) {
            for (String path : jsFiles) {
                bodyEnd.append("<script src=\"")
                        .append(Escape.xhtmlEscape(url(path)))
                        .append("\" type=\"text/javascript\"></script>");
            }
            bodyEnd.append('\n');
        }
        if (!jsEmbed.isEmpty()) {
            bodyEnd.append("<script type=\"text/javascript\">\n//<![CDATA[\n")
                    .append(String.join("\n", jsEmbed))
                    .append("\n//]]>\n</script>\n");
        }
        if (!bodies.isEmpty()) {
            bodyEnd.append(String.join("", bodies)).append('\n');
        }
        StringBuilder headEnd = new StringBuilder();
        if (!cssFiles.isEmpty()) {
            for (String path : cssFiles) {
                headEnd.append("<link href=\"")
                        .append(Escape.xhtmlEscape(url(path)))
                        .append("\" type=\"text/css\" rel=\"stylesheet\"/>");
            }
            headEnd.append('\n');
        }
        if (!cssEmbed.isEmpty()) {
            headEnd.append("<style type=\"text/css\">\n")
                    .append(String.join("\n", cssEmbed))
                    .append("\n</style>\n");
        }
        if (!heads.isEmpty()) {
            headEnd.append(String.join("", heads)).append('\n');
        }
        String out = html;
        if (bodyEnd.length() > 0) {
            int at = out.lastIndexOf("</body>");
            if (at >= 0) {
                out = out.substring(0, at) + bodyEnd + out.substring(at);
            }
        }
        if (headEnd.length() > 0) {
            int at = out.indexOf("</head>");
            if (at >= 0) {
                out = out.substring(0, at) + headEnd + out.substring(at);
            }
        }
        return out;
    }

    private String url(String path) {
        boolean absolute = path.startsWith("/") || path.startsWith("http:") || path.startsWith("https:");
        return absolute ? path : handler.staticUrl(path);
    }

    private static void addIfPresent(List<String> list, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            list.add(value);
        }
    }
}
