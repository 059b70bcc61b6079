package dev.squall.web;

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
}
