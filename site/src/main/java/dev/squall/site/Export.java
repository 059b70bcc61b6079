package dev.squall.site;

import dev.squall.http.HttpServer;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * {@code site export DIR}: writes the whole site as static files for any static host or for opening from disk.
 * It serves the site on a free loopback port, crawls it with Squall's own client ({@link Crawler}), and writes
 * each page as {@code <path>/index.html} and each asset under its path without the version query, with every
 * internal link rewritten to a relative one that names the file ({@code ../web/index.html#cookies}). The API
 * reference, when built, is copied as it is to {@code api/}.
 */
final class Export {
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

    private Export() {}

    /**
     * Exports the site.
     *
     * @param site the site
     * @param dir the directory to write (created if missing; files in it are overwritten)
     * @return the number of files written
     * @throws IOException if a page cannot be fetched or a file written
     */
    static int export(Site site, Path dir) throws IOException {
        HttpServer server = site.app().listen(0, "127.0.0.1");
        IOLoop loop = IOLoop.create();
        AsyncHttpClient client = AsyncHttpClient.builder().loop(loop).build();
        try {
            String base = "http://127.0.0.1:" + server.port();
            Map<String, Crawler.Fetched> pages = Crawler.crawl(
                    path -> {
                        HttpRequest request = HttpRequest.builder(base + path)
                                .raiseError(false)
                                .build();
                        HttpResponse r = loop.runSync(() -> client.fetch(request), FETCH_TIMEOUT);
                        String type = r.header("Content-Type");
                        return new Crawler.Fetched(r.code(), type == null ? "" : type, r.bodyBytes());
                    },
                    List.of(SiteUrls.HOME, SiteUrls.API));
            int written = 0;
            for (Map.Entry<String, Crawler.Fetched> e : pages.entrySet()) {
                Crawler.Fetched f = e.getValue();
                if (f.status() != 200) {
                    throw new IOException("GET " + e.getKey() + " answered " + f.status()
                            + "; the site links to it, so the export would have a broken link");
                }
                Path file = dir.resolve(fileFor(e.getKey()));
                Files.createDirectories(file.getParent());
                if (f.isHtml()) {
                    Files.writeString(file, relativize(f.text(), e.getKey()), StandardCharsets.UTF_8);
                } else {
                    Files.write(file, f.body());
                }
                written++;
            }
            Path api = site.apiDir;
            if (api != null) {
                written += copyTree(api, dir.resolve("api"));
            }
            return written;
        } finally {
            client.close();
            loop.close();
            server.close();
        }
    }

    /** Returns the file, relative to the export's root, for site path {@code path} (query and fragment dropped). */
    static String fileFor(String path) {
        String p = path;
        int cut = indexOfAny(p, '?', '#');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        if (p.endsWith("/")) {
            p = p + "index.html";
        }
        return p.substring(1);
    }

    /**
     * Rewrites the site-absolute links of the page at {@code pagePath} to relative links between files, and the
     * body's {@code data-root} to the relative way back to the root (for the search results).
     *
     * @param html the page
     * @param pagePath the page's site path
     * @return the page for the export
     */
    static String relativize(String html, String pagePath) {
        String pageFile = fileFor(pagePath);
        int depth = (int) pageFile.chars().filter(c -> c == '/').count();
        String up = "../".repeat(depth);
        Matcher m = Crawler.LINK.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (m.find()) {
            Crawler.Link link = new Crawler.Link(m.group(1), m.group(2).replace("&amp;", "&"));
            String value = m.group(2);
            if (link.isSiteAbsolute()) {
                String fragment = link.fragment();
                value = up + fileFor(link.target()) + (fragment.isEmpty() ? "" : "#" + fragment);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(" " + m.group(1) + "=\"" + value + "\""));
        }
        m.appendTail(out);
        return out.toString().replace(" data-root=\"/\"", " data-root=\"" + up + "\"");
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static int copyTree(Path from, Path to) throws IOException {
        int[] count = {0};
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    count[0]++;
                }
            }
        }
        return count[0];
    }
}
