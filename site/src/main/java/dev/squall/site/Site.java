package dev.squall.site;

import dev.squall.templates.jte.JteTemplates;
import dev.squall.web.Application;
import dev.squall.web.AttributeKey;
import dev.squall.web.StaticFileHandler;
import dev.squall.web.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The site's content, read once from the repository, and the Squall application that serves it: the guides
 * ({@code docs/*.md}), the benchmark figures and notes, the version, the API reference's directory and the
 * static assets (written, with the search index, into a directory that {@link StaticFileHandler} serves under
 * versioned URLs).
 */
final class Site {
    /** Where handlers find the site: {@code application().attribute(Site.KEY)}. */
    static final AttributeKey<Site> KEY = AttributeKey.of("squall.site");
    /** The assets copied from the class path ({@code dev/squall/site/static/}) into the static directory. */
    static final List<String> ASSETS = List.of("site.css", "search.js", "logo.svg");
    /** The search index's file name in the static directory. */
    static final String SEARCH_INDEX = "search-index.js";
    /** The package {@code jte-maven-plugin} compiles the templates into. */
    static final String TEMPLATE_PACKAGE = "dev.squall.site";

    final Path root;
    final List<Guide> guides;
    final RenderedDoc benchmarkNotes;
    final List<BenchmarkSuite> benchmarks;
    final String version;
    final @Nullable Path apiDir;
    final Path staticDir;

    private Site(
            Path root,
            List<Guide> guides,
            RenderedDoc benchmarkNotes,
            List<BenchmarkSuite> benchmarks,
            String version,
            @Nullable Path apiDir,
            Path staticDir) {
        this.root = root;
        this.guides = List.copyOf(guides);
        this.benchmarkNotes = benchmarkNotes;
        this.benchmarks = List.copyOf(benchmarks);
        this.version = version;
        this.apiDir = apiDir;
        this.staticDir = staticDir;
    }

    /**
     * Reads the site from a repository checkout and writes its static assets and search index.
     *
     * @param root the repository root (with {@code docs/} and {@code benchmarks/})
     * @param apiDir the javadoc directory to serve under {@code /api/}; when it has no {@code index.html}, the
     *     API page says how to build it
     * @param staticDir an empty or disposable directory for the static files
     * @return the site
     * @throws IOException if the repository or the directory cannot be read or written
     */
    static Site load(Path root, Path apiDir, Path staticDir) throws IOException {
        List<Guide> guides = Guides.load(root);
        RenderedDoc notes = Guides.renderFile(root, "benchmarks/README.md", "Benchmark notes");
        List<BenchmarkSuite> benchmarks = BenchmarkResults.load(root);
        Path api = Files.isRegularFile(apiDir.resolve("index.html")) ? apiDir : null;
        Files.createDirectories(staticDir);
        for (String asset : ASSETS) {
            try (InputStream in = resource("static/" + asset)) {
                Files.write(staticDir.resolve(asset), in.readAllBytes());
            }
        }
        Site site = new Site(root, guides, notes, benchmarks, version(), api, staticDir);
        Files.writeString(staticDir.resolve(SEARCH_INDEX), SearchIndex.script(site), StandardCharsets.UTF_8);
        return site;
    }

    /** Returns the Squall application that serves the site. */
    Application app() {
        StaticFiles assets = StaticFiles.builder(staticDir).build();
        Application.Builder b = Application.builder()
                .attribute(KEY, this)
                .templates(JteTemplates.precompiled(TEMPLATE_PACKAGE))
                .staticFiles(assets)
                .route("/", Pages.HomeHandler::new)
                .route(SiteUrls.GUIDE_PREFIX + "(?<slug>[a-z0-9-]+)/", Pages.GuideHandler::new)
                .route(SiteUrls.BENCHMARKS, Pages.BenchmarksHandler::new)
                .route(SiteUrls.BENCHMARK_NOTES, Pages.BenchmarkNotesHandler::new);
        Path api = apiDir;
        if (api != null) {
            StaticFiles apiFiles = StaticFiles.builder(api)
                    .urlPrefix(SiteUrls.API)
                    .defaultFilename("index.html")
                    .build();
            b.route(SiteUrls.API + "(?<path>.*)", () -> new StaticFileHandler(apiFiles));
        } else {
            b.route(SiteUrls.API, Pages.ApiMissingHandler::new);
        }
        return b.build();
    }

    /** Returns the guide {@code slug}, or null. */
    @Nullable
    Guide guide(String slug) {
        for (Guide g : guides) {
            if (g.slug().equals(slug)) {
                return g;
            }
        }
        return null;
    }

    /** Returns the site's pages in reading order: home, the guides, benchmarks. */
    List<NavLink> readingOrder() {
        List<NavLink> pages = new ArrayList<>();
        pages.add(new NavLink("Home", SiteUrls.HOME));
        for (Guide g : guides) {
            pages.add(new NavLink(g.title(), g.url()));
        }
        pages.add(new NavLink("Benchmarks", SiteUrls.BENCHMARKS));
        return pages;
    }

    /** Returns the layout of the page at {@code path}, with its table of contents. */
    Layout layout(String title, String path, List<TocEntry> toc) {
        List<NavLink> order = readingOrder();
        NavLink prev = null;
        NavLink next = null;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).url().equals(path)) {
                prev = i > 0 ? order.get(i - 1) : null;
                next = i + 1 < order.size() ? order.get(i + 1) : null;
            }
        }
        List<NavLink> nav =
                guides.stream().map(g -> new NavLink(g.title(), g.url())).toList();
        return new Layout(title, path, nav, toc, prev, next, version);
    }

    /** Returns the project's version, from the build ({@code version.properties}). */
    static String version() {
        try (InputStream in = resource("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens class-path resource {@code dev/squall/site/<name>}. */
    static InputStream resource(String name) {
        return Objects.requireNonNull(
                Site.class.getResourceAsStream(name),
                () -> "dev/squall/site/" + name + " is missing from the class path; rebuild the site module");
    }
}
