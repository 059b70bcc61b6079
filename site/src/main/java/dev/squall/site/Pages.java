package dev.squall.site;

import dev.squall.web.HttpError;
import dev.squall.web.RequestHandler;
import java.util.List;
import java.util.Map;

/** The site's page handlers: each renders one template through the one layout. */
final class Pages {
    private Pages() {}

    /** The handlers' common part: the site, and rendering a page. */
    private abstract static class SitePage extends RequestHandler {
        final Site site() {
            return application().attribute(Site.KEY);
        }

        final void page(String template, Layout layout, Map<String, Object> model) {
            java.util.HashMap<String, Object> all = new java.util.HashMap<>(model);
            all.put("layout", layout);
            render(template, all);
        }
    }

    /** {@code GET /}: what Squall is, the four-line handler and test, the three styles. */
    static final class HomeHandler extends SitePage {
        private static final Home HOME = Home.load();

        @Override
        public void get() {
            Site site = site();
            page("home.jte", site.layout("Squall", SiteUrls.HOME, List.of()), Map.of("home", HOME, "site", site));
        }
    }

    /** {@code GET /guide/<slug>/}: one guide. */
    static final class GuideHandler extends SitePage {
        @Override
        public void get() {
            Site site = site();
            Guide guide = site.guide(pathArg("slug"));
            if (guide == null) {
                throw new HttpError(404, null, "no guide named " + pathArg("slug"));
            }
            Layout layout = site.layout(guide.title(), guide.url(), guide.doc().toc());
            page("doc.jte", layout, Map.of("html", guide.doc().html()));
        }
    }

    /** {@code GET /benchmarks/notes/}: {@code benchmarks/README.md}, every recorded figure and how to rerun it. */
    static final class BenchmarkNotesHandler extends SitePage {
        @Override
        public void get() {
            Site site = site();
            RenderedDoc notes = site.benchmarkNotes;
            Layout layout = site.layout(notes.title(), SiteUrls.BENCHMARK_NOTES, notes.toc());
            page("doc.jte", layout, Map.of("html", notes.html()));
        }
    }

    /** {@code GET /benchmarks/}: the charts. */
    static final class BenchmarksHandler extends SitePage {
        @Override
        public void get() {
            Site site = site();
            List<BenchmarkView> views =
                    site.benchmarks.stream().map(BenchmarkView::of).toList();
            List<TocEntry> toc =
                    views.stream().map(v -> new TocEntry(2, v.id(), v.title())).toList();
            page("benchmarks.jte", site.layout("Benchmarks", SiteUrls.BENCHMARKS, toc), Map.of("suites", views));
        }
    }

    /** {@code GET /api/} when the javadoc is not built: how to build it. */
    static final class ApiMissingHandler extends SitePage {
        @Override
        public void get() {
            page("api-missing.jte", site().layout("API reference", SiteUrls.API, List.of()), Map.of());
        }
    }
}
