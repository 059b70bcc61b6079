package dev.squall.web;

import dev.squall.escape.Escape;

/**
 * The URL work behind {@link Authenticated}, kept out of the handler: the login redirect's URL. Which of a
 * class's methods require a user is one of its {@link HandlerTraits}.
 */
final class Authentication {
    private Authentication() {}

    /**
     * Returns the login redirect's target, as Tornado: {@code loginUrl?next=<uri>} (the full URL when the
     * login URL is absolute); the login URL as it is when it already has a query.
     */
    static String loginRedirect(String loginUrl, String uri, String fullUrl) {
        if (loginUrl.indexOf('?') >= 0) {
            return loginUrl;
        }
        String next = hasScheme(loginUrl) ? fullUrl : uri;
        return loginUrl + "?next=" + Escape.urlEscape(next, true);
    }

    /** Whether {@code url} starts with a scheme ({@code https:}), as {@code urlsplit(url).scheme}. */
    static boolean hasScheme(String url) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        char first = url.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = url.charAt(i);
            if (!(c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '+'
                    || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
