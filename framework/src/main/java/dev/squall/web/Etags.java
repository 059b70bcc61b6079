package dev.squall.web;

import org.jspecify.annotations.Nullable;

/**
 * {@code If-None-Match} evaluation as Tornado's {@code check_etag_header}: the header is scanned for
 * {@code *}, {@code "..."} and {@code W/"..."} entity tags (anything else is skipped); {@code *} matches any
 * ETag; otherwise tags are compared weakly (RFC 9110 section 13.1.2: {@code W/} ignored on both sides).
 */
final class Etags {
    private Etags() {}

    static boolean matches(@Nullable String etag, @Nullable String ifNoneMatch) {
        if (etag == null || etag.isEmpty() || ifNoneMatch == null) {
            return false;
        }
        String computed = opaque(etag);
        int n = ifNoneMatch.length();
        int i = 0;
        boolean first = true;
        while (i < n) {
            char c = ifNoneMatch.charAt(i);
            if (c == '*') {
                if (first) {
                    return true;
                }
                i++;
                continue;
            }
            int start = c == '"' ? i : ifNoneMatch.startsWith("W/\"", i) ? i + 2 : -1;
            int end = start < 0 ? -1 : ifNoneMatch.indexOf('"', start + 1);
            if (end < 0) {
                i++;
                continue;
            }
            first = false;
            if (ifNoneMatch.regionMatches(start, computed, 0, computed.length())
                    && end + 1 - start == computed.length()) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
