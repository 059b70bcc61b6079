package dev.squall.site;

/**
 * The site's URLs, and the mapping from a link in a repository file (a guide's {@code web.md#cookies}, or
 * {@code ../benchmarks/README.md}) to the page that renders that file.
 */
final class SiteUrls {
    static final String HOME = "/";
    static final String BENCHMARKS = "/benchmarks/";
    static final String BENCHMARK_NOTES = "/benchmarks/notes/";
    static final String API = "/api/";
    static final String GUIDE_PREFIX = "/guide/";

    private SiteUrls() {}

    /** Returns the URL of guide {@code slug} ({@code docs/slug.md}). */
    static String guide(String slug) {
        return GUIDE_PREFIX + slug + "/";
    }

    /**
     * Maps a link found in the repository file {@code sourcePath} to the site: links to {@code docs/*.md} go to
     * their guide, {@code benchmarks/README.md} to the benchmark notes, {@code README.md} home; the fragment is
     * kept. Absolute URLs, site paths and fragments are returned as they are, and so is any other relative link
     * (the link checker reports it).
     *
     * @param sourcePath the linking file, relative to the repository root, with {@code /} (e.g. {@code docs/web.md})
     * @param href the link as written
     * @return the site's link
     */
    static String mapRepositoryLink(String sourcePath, String href) {
        if (href.isEmpty() || href.startsWith("#") || href.startsWith("/") || href.contains(":")) {
            return href;
        }
        int hash = href.indexOf('#');
        String path = hash < 0 ? href : href.substring(0, hash);
        String fragment = hash < 0 ? "" : href.substring(hash);
        String resolved = resolve(sourcePath, path);
        String target;
        if (resolved.startsWith("docs/") && resolved.endsWith(".md") && resolved.indexOf('/', 5) < 0) {
            target = guide(resolved.substring(5, resolved.length() - 3));
        } else if (resolved.equals("benchmarks/README.md")) {
            target = BENCHMARK_NOTES;
        } else if (resolved.equals("README.md")) {
            target = HOME;
        } else {
            return href;
        }
        return target + fragment;
    }

    /** Resolves relative path {@code path} against the directory of {@code sourcePath}, both with {@code /}. */
    private static String resolve(String sourcePath, String path) {
        int slash = sourcePath.lastIndexOf('/');
        String joined = (slash < 0 ? "" : sourcePath.substring(0, slash + 1)) + path;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
