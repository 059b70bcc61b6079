package dev.squall.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks every link of crawled pages: internal targets answered 200, and every {@code #anchor} is an id there. */
final class LinkChecker {
    private LinkChecker() {}

    /**
     * Returns one line per broken link (empty when all resolve).
     *
     * @param pages what {@link Crawler#crawl} found
     */
    static List<String> brokenLinks(Map<String, Crawler.Fetched> pages) {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, Crawler.Fetched> page : pages.entrySet()) {
            Crawler.Fetched f = page.getValue();
            if (f.status() != 200) {
                broken.add(page.getKey() + " answered " + f.status());
                continue;
            }
            if (!f.isHtml()
                    || page.getKey().startsWith(SiteUrls.API) && !f.text().contains("data-root")) {
                continue; // an asset, or the javadoc (copied as javadoc made it)
            }
            String html = f.text();
            for (Crawler.Link link : Crawler.links(html)) {
                String v = link.value();
                if (v.startsWith("#")) {
                    if (!Crawler.ids(html).contains(link.fragment())) {
                        broken.add(page.getKey() + ": " + v + " names no id on the page");
                    }
                } else if (link.isSiteAbsolute()) {
                    Crawler.Fetched target = pages.get(link.target());
                    if (target == null || target.status() != 200) {
                        broken.add(page.getKey() + ": " + v + " does not resolve"
                                + (target == null ? "" : " (" + target.status() + ")"));
                    } else if (!link.fragment().isEmpty()
                            && target.isHtml()
                            && !link.target().startsWith(SiteUrls.API)
                            && !Crawler.ids(target.text()).contains(link.fragment())) {
                        broken.add(page.getKey() + ": " + v + " names no id on " + link.target());
                    }
                } else if (!v.startsWith("//") && !v.contains(":")) {
                    broken.add(page.getKey() + ": relative link " + v
                            + " (a guide links to another as web.md; the site maps only docs/*.md and"
                            + " benchmarks/README.md)");
                }
            }
        }
        return broken;
    }
}
