package dev.squall.httpclient;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Scheme, host and port of a URL: what RFC 6454 calls an origin, the unit of connection pooling and of
 * the redirect rules that strip credentials.
 *
 * @param secure true for https
 * @param host the host as in the URL (IPv6 literals keep their brackets), lower-cased
 * @param port the port, the scheme's default filled in
 */
record Origin(boolean secure, String host, int port) {

    /** Returns the origin of a URL that {@link #parseUrl} accepted. */
    static Origin of(URI uri) {
        boolean secure = uri.getScheme().length() == 5; // "https", already validated
        int port = uri.getPort();
        return new Origin(secure, uri.getHost().toLowerCase(Locale.ROOT), port < 0 ? (secure ? 443 : 80) : port);
    }

    /** Returns the host to connect to: without the brackets of an IPv6 literal. */
    String connectHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Returns the {@code Host} header value: the host, plus the port when it is not the default. */
    String hostHeader() {
        return isDefaultPort() ? host : host + ":" + port;
    }

    boolean isDefaultPort() {
        return port == (secure ? 443 : 80);
    }

    /** Returns {@code http://host[:port]} or {@code https://...}. */
    String base() {
        return (secure ? "https://" : "http://") + hostHeader();
    }

    /** Returns {@code host:port}, the authority of a {@code CONNECT} request. */
    String authority() {
        return host + ":" + port;
    }

    /**
     * Parses and checks an absolute http or https URL.
     *
     * @param url the URL text
     * @return the URI
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    static URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: \"" + url + "\" (" + e.getReason() + " at index "
                    + e.getIndex() + "); percent-encode spaces and other special characters");
        }
        return checkUrl(uri);
    }

    /**
     * Checks that {@code uri} is an absolute http or https URL with a host.
     *
     * @param uri the URI
     * @return the same URI
     * @throws IllegalArgumentException if it is not
     */
    static URI checkUrl(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException(
                    "URL \"" + uri + "\" has no scheme; write http://" + uri + " or https://" + uri);
        }
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw new IllegalArgumentException(
                    "URL \"" + uri + "\" has scheme " + scheme + "; this client fetches only http and https URLs");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL \"" + uri + "\" has no valid host name"
                    + " (host names may hold letters, digits, dots and dashes; write internationalised names in"
                    + " their xn-- form)");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            try {
                uri = new URI(scheme.toLowerCase(Locale.ROOT), uri.getRawSchemeSpecificPart(), uri.getRawFragment());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("URL \"" + uri + "\" is not valid: " + e.getMessage());
            }
        }
        return uri;
    }

    /**
     * Returns the request target in origin form ({@code /path?query}, RFC 9112 section 3.2.1), ASCII only:
     * characters outside ASCII are percent-encoded as UTF-8.
     */
    static String originForm(URI uri) {
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        String target = path == null || path.isEmpty() ? "/" : path;
        if (query != null) {
            target = target + "?" + query;
        }
        if (!isAscii(target)) {
            URI ascii = URI.create(uri.toASCIIString());
            return originForm(ascii);
        }
        return target;
    }

    /** Returns {@code uri} as text without its user info (credentials) and fragment. */
    static String redact(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
            return uri.toString();
        }
        Origin o = of(uri);
        return o.base() + originForm(uri);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
