package dev.squall.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crawls the site from its root pages, following every site-absolute link ({@code /guide/web/#x},
 * {@code /static/site.css?v=...}) in the HTML it finds, and fetching each target once. {@link Export} writes what
 * it found to files; the link checker in the tests asserts on it. Pages under {@code /api/} (javadoc) are fetched
 * but not followed: the API reference is copied as a whole.
 */
final class Crawler {
    /** {@code href}, {@code src} and {@code data-index} attributes, double-quoted as the templates write them. */
    static final Pattern LINK = Pattern.compile("\\s(href|src|data-index)=\"([^\"]*)\"");

    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

    private Crawler() {}

    /** Fetches one site path (with its query), e.g. over HTTP. */
    @FunctionalInterface
    interface Fetcher {
        /**
         * Fetches {@code path}.
         *
         * @param path a site path starting with {@code /}, without fragment
         * @return the response
         * @throws IOException if it could not be fetched at all
         */
        Fetched fetch(String path) throws IOException;
    }

    /**
     * A fetched resource.
     *
     * @param status the HTTP status
     * @param contentType the {@code Content-Type}, empty if none
     * @param body the body
     */
    record Fetched(int status, String contentType, byte[] body) {
        /** Returns whether the body is an HTML page. */
        boolean isHtml() {
            return contentType.startsWith("text/html");
        }

        /** Returns the body as UTF-8 text. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A link found in a page.
     *
     * @param attribute the attribute it was in
     * @param value the attribute's value, HTML entities for {@code &} decoded
     */
    record Link(String attribute, String value) {
        /** Returns whether it points into the site by absolute path (not {@code //host}). */
        boolean isSiteAbsolute() {
            return value.startsWith("/") && !value.startsWith("//");
        }

        /** Returns the value without its {@code #fragment}. */
        String target() {
            int hash = value.indexOf('#');
            return hash < 0 ? value : value.substring(0, hash);
        }

        /** Returns the fragment without {@code #}, or empty. */
        String fragment() {
            int hash = value.indexOf('#');
            return hash < 0 ? "" : value.substring(hash + 1);
        }
    }

    /**
     * Crawls from {@code starts}.
     *
     * @param fetcher fetches one path
     * @param starts the paths to begin with
     * @return every path reached (query kept, fragment dropped), in the order fetched, with its response
     * @throws IOException if a fetch failed
     */
    static Map<String, Fetched> crawl(Fetcher fetcher, List<String> starts) throws IOException {
        Map<String, Fetched> seen = new LinkedHashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            String path = queue.poll();
            if (seen.containsKey(path)) {
                continue;
            }
            Fetched f = fetcher.fetch(path);
            seen.put(path, f);
            if (f.status() != 200 || !f.isHtml() || path.startsWith(SiteUrls.API)) {
                continue;
            }
            for (Link link : links(f.text())) {
                if (link.isSiteAbsolute() && !seen.containsKey(link.target())) {
                    queue.add(link.target());
                }
            }
        }
        return seen;
    }

    /** Returns the links of an HTML page, in order. */
    static List<Link> links(String html) {
        List<Link> links = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            links.add(new Link(m.group(1), m.group(2).replace("&amp;", "&")));
        }
        return links;
    }

    /** Returns the {@code id}s of an HTML page (anchors a fragment may name). */
    static Set<String> ids(String html) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ID.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
