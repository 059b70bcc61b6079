package dev.squall.web;

import java.util.ArrayDeque;

/**
 * The open-redirect guard for URLs taken from the request, such as the {@code next} argument after a login:
 * only a path on this site is allowed. Tornado leaves this check to the application; Squall's
 * {@link BaseRequestHandler#nextUrl(String)} applies it.
 *
 * <p>Allowed: a path starting with a single {@code /} ({@code /compose?draft=3}). Refused: anything with a
 * scheme ({@code https://evil.example}, {@code javascript:...}), a protocol-relative URL ({@code //evil.example}),
 * the backslash forms that browsers read as one ({@code \evil.example}, {@code /\evil.example}), and any control
 * character or space (browsers drop tabs and newlines, turning {@code /\t/evil.example} into
 * {@code //evil.example}).
 */
public final class SafeRedirects {
    private SafeRedirects() {}

    /**
     * Returns whether {@code url} is a path on this site, safe to redirect to.
     *
     * @param url the candidate, already decoded (as arguments are)
     * @return true for a local path such as {@code /a/b?c}; false for anything that could leave the site
     */
    public static boolean isLocalPath(String url) {
        if (url.isEmpty() || url.charAt(0) != '/') {
            return false;
        }
        if (url.length() > 1 && (url.charAt(1) == '/' || url.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves a redirect target against the request's URI (RFC 3986 section 5.2, as a browser would; RFC 9110
     * section 10.2.2 allows a relative {@code Location}, but an absolute path reads the same to every client
     * and log): {@code x} and {@code ../x} against the request's directory, {@code ?q} and {@code #f} against
     * its path. A URL with a scheme or an absolute path is kept as it is. A scheme-relative URL
     * ({@code //host/...}, or the backslash forms browsers read as one) is refused: it leaves the site while
     * looking like a path, the classic open redirect; write the scheme to leave the site on purpose.
     *
     * @param requestUri the request target, {@code /a/b?c}
     * @param url the handler's target
     * @return the {@code Location} value
     * @throws IllegalArgumentException for a scheme-relative URL
     */
    static String resolve(String requestUri, String url) {
        if (Authentication.hasScheme(url)) {
            return url;
        }
        if (url.startsWith("//") || url.startsWith("/\\") || url.startsWith("\\")) {
            throw new IllegalArgumentException("redirect(\"" + url + "\") would leave this site through a "
                    + "scheme-relative URL (an open redirect); to redirect to another host on purpose, write the "
                    + "scheme: \"https:" + (url.charAt(0) == '/' && url.charAt(1) == '/' ? url : "//...") + "\"");
        }
        if (url.startsWith("/")) {
            return url;
        }
        int q = requestUri.indexOf('?');
        String basePath = q < 0 ? requestUri : requestUri.substring(0, q);
        if (!basePath.startsWith("/")) {
            basePath = "/"; // an absolute-form or asterisk request target: resolve against the root
        }
        if (url.isEmpty() || url.charAt(0) == '#') {
            return requestUri.startsWith("/") ? requestUri + url : basePath + url;
        }
        if (url.charAt(0) == '?') {
            return basePath + url;
        }
        int end = url.length();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String merged = basePath.substring(0, basePath.lastIndexOf('/') + 1) + url.substring(0, end);
        return removeDotSegments(merged) + url.substring(end);
    }

    /** RFC 3986 section 5.2.4 on an absolute path: {@code /a/b/../c/./d} is {@code /a/c/d}; never above the root. */
    private static String removeDotSegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        ArrayDeque<String> out = new ArrayDeque<>();
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".") || seg.equals("..")) {
                if (seg.equals("..")) {
                    out.pollLast();
                }
                if (last) {
                    out.addLast(""); // "a/.." and "a/." name a directory: keep the trailing slash
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }
}
