package dev.squall.samples.spider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * Links out of an HTML page, and the URL normal form the spider deduplicates on. The page is parsed by jsoup, an
 * HTML5 parser: it builds the tree the way a browser does (unclosed tags, comments, scripts with markup in
 * them), honours {@code <base href>}, and detects the charset from the BOM or a {@code <meta>} when the
 * {@code Content-Type} does not give one — none of which a regular expression over markup gets right.
 */
final class Links {
    private Links() {}

    /**
     * Returns the targets of the page's {@code <a href>} and {@code <area href>} links, resolved against the
     * page's URL (or its {@code <base href>}), in document order; links that cannot be resolved are left out.
     *
     * @param body the page's bytes
     * @param charset the charset named by the {@code Content-Type}, or null to detect it
     * @param pageUrl the URL the page was fetched from
     * @return absolute URLs, not yet normalised or deduplicated
     */
    static List<String> extract(byte[] body, @Nullable String charset, String pageUrl) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(body), charset, pageUrl);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a page from memory failed", e);
        }
        List<String> links = new ArrayList<>();
        for (Element a : doc.select("a[href], area[href]")) {
            String url = a.absUrl("href");
            if (!url.isEmpty()) {
                links.add(url);
            }
        }
        return links;
    }

    /**
     * Returns the normal form of an absolute URL: scheme and host in lower case, the port left out when it is
     * the scheme's default, an empty path as {@code /}, the fragment dropped (it names a place in the same
     * page); the path and query are kept as they are, since a server may tell {@code /A} from {@code /a}.
     *
     * @param url an absolute URL
     * @return the normal form, or null if it is not an absolute http or https URL with a host
     */
    static @Nullable URI normalize(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        int port = uri.getPort() == defaultPort(scheme) ? -1 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder sb = new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (port != -1) {
            sb.append(':').append(port);
        }
        sb.append(path);
        if (uri.getRawQuery() != null) {
            sb.append('?').append(uri.getRawQuery());
        }
        try {
            return new URI(sb.toString());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Returns whether {@code a} and {@code b} (normal forms) are on the same site: same scheme, host and port.
     */
    static boolean sameSite(URI a, URI b) {
        return a.getScheme().equals(b.getScheme())
                && String.valueOf(a.getHost()).equals(b.getHost())
                && a.getPort() == b.getPort();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
