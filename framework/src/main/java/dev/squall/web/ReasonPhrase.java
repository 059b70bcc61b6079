package dev.squall.web;

import org.jspecify.annotations.Nullable;

/**
 * Checks and cleans reason phrases that handlers set or that come from error messages. The standard phrases
 * themselves are {@link dev.squall.http.HttpStatus#reasonPhrase(int)}.
 */
final class ReasonPhrase {
    private ReasonPhrase() {}

    /**
     * Returns why {@code reason} is not a safe reason phrase, or null when it is. Tab, printable ASCII other
     * than {@code <}, and Latin-1 letters are allowed; CR, LF and other controls would split the response.
     *
     * @param reason a reason phrase
     * @return the problem, naming the character and its index, or null
     */
    static @Nullable String invalidReason(String reason) {
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (!allowed(c)) {
                return "character " + (c < 0x20 || c == 0x7f ? String.format("0x%02X", (int) c) : "'" + c + "'")
                        + " at index " + i + " is not allowed in a reason phrase";
            }
        }
        return null;
    }

    /**
     * Returns {@code text} made safe as a reason phrase: disallowed characters become {@code ?}; cut to 200
     * characters.
     *
     * @param text any text, e.g. a parser's error message
     * @return a valid reason phrase
     */
    static String sanitizeReason(String text) {
        int n = Math.min(text.length(), 200);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            sb.append(allowed(c) && !(c >= 0x80 && c < 0xa0) ? c : '?');
        }
        return sb.toString();
    }

    private static boolean allowed(char c) {
        return c == '\t' || c >= 0x20 && c < 0x7f && c != '<' || c >= 0x80 && c <= 0xff;
    }
}
