package dev.squall.samples.upload;

import dev.squall.web.HttpError;

/**
 * The sample's rule for stored file names: 1 to 255 characters from {@code A-Z a-z 0-9 . _ -}, not starting with
 * a dot or a dash. So no path traversal ({@code /}, {@code \}, {@code ..} as a name), no hidden files (the
 * uploads in progress are dot files), no option-like names, and nothing a shell or a browser reads specially.
 */
final class FileNames {
    /** The rule, as the 400 answer states it. */
    static final String RULE =
            "a file name is 1 to 255 characters from A-Z a-z 0-9 . _ - and does not start" + " with a dot or a dash";

    private FileNames() {}

    /** Returns whether {@code name} follows the rule. */
    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 255 || name.charAt(0) == '.' || name.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!allowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code name} if it follows the rule.
     *
     * @throws HttpError 400 stating the rule
     */
    static String check(String name) {
        if (!isValid(name)) {
            throw new HttpError(400, "Bad file name", "refused file name \"" + name + "\": " + RULE);
        }
        return name;
    }

    /**
     * Turns a name a browser sent (maybe a whole path, any characters) into one that follows the rule: the part
     * after the last slash or backslash, other characters replaced by {@code _}, leading dots and dashes dropped,
     * cut to 255 characters; {@code upload} if nothing is left.
     */
    static String sanitize(String sent) {
        String base = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1);
        StringBuilder b = new StringBuilder(base.length());
        for (int i = 0; i < base.length() && b.length() < 255; i++) {
            char c = base.charAt(i);
            if (b.isEmpty() && (c == '.' || c == '-')) {
                continue;
            }
            b.append(allowed(c) ? c : '_');
        }
        return b.isEmpty() ? "upload" : b.toString();
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
    }
}
