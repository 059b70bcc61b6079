package dev.squall.site;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prebuilt search index: one entry per heading of every guide (page title, heading, URL relative to the site's
 * root, text), as JSON assigned to {@code window.squallSearchIndex} in a script file, so that {@code search.js}
 * can load it with a {@code <script>} element — which also works from exported files opened from disk, where
 * {@code fetch} of a local file is refused.
 */
final class SearchIndex {
    private SearchIndex() {}

    /** Returns the index's entries: {@code p} page, {@code h} heading, {@code u} URL, {@code x} text. */
    static List<Map<String, String>> entries(Site site) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Guide g : site.guides) {
            add(entries, g.title(), g.url(), g.doc());
        }
        add(entries, site.benchmarkNotes.title(), SiteUrls.BENCHMARK_NOTES, site.benchmarkNotes);
        return entries;
    }

    /** Returns the script that defines the index. */
    static String script(Site site) {
        JsonAdapter<List<Map<String, String>>> adapter = new Moshi.Builder()
                .build()
                .adapter(Types.newParameterizedType(
                        List.class, Types.newParameterizedType(Map.class, String.class, String.class)));
        return "window.squallSearchIndex = " + adapter.toJson(entries(site)).replace("</", "<\\/") + ";\n";
    }

    private static void add(List<Map<String, String>> entries, String page, String url, RenderedDoc doc) {
        for (Section s : doc.sections()) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("p", page);
            e.put("h", s.heading());
            e.put("u", url.substring(1) + (s.id().isEmpty() ? "" : "#" + s.id()));
            e.put("x", s.text());
            entries.add(e);
        }
    }
}
