package dev.squall.options;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The config-file reader of {@link Options#parseConfigFile}: a small subset of TOML ({@code name = value}
 * lines, {@code #} comments, basic and literal strings, one-line arrays), written here because a full TOML
 * library would be the framework's only reason for a dependency, and {@code java.util.Properties} reads
 * backslashes in Windows paths as escapes, has no lists and loses line numbers for error messages. Values stay
 * text: each option's type reads them, so {@code port = 8888} and {@code port = "8888"} are the same.
 */
final class ConfigFile {
    private ConfigFile() {}

    /**
     * One {@code name = value} line.
     *
     * @param line the 1-based line number
     * @param name the name as written
     * @param value the scalar's text, when not an array
     * @param values the array's items, or null for a scalar
     */
    record Entry(
            int line, String name, String value, @Nullable List<String> values) {}

    static List<Entry> parse(String text, String origin) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String where = origin + ":" + (n + 1);
            String line = lines[n];
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                throw new OptionException(where + ": tables ([section] headers) are not supported; write each "
                        + "setting as name = value");
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new OptionException(where + ": expected name = value, got '" + trimmed + "'");
            }
            String name = trimmed.substring(0, eq).strip();
            if (name.length() >= 2
                    && (name.charAt(0) == '"' || name.charAt(0) == '\'')
                    && name.charAt(name.length() - 1) == name.charAt(0)) {
                name = name.substring(1, name.length() - 1);
            }
            Cursor c = new Cursor(trimmed, eq + 1, where);
            c.skipSpaces();
            if (c.peek() == '[') {
                c.pos++;
                List<String> items = new ArrayList<>();
                c.skipSpaces();
                while (c.peek() != ']') {
                    items.add(c.scalar(true));
                    c.skipSpaces();
                    if (c.peek() == ',') {
                        c.pos++;
                        c.skipSpaces();
                    } else if (c.peek() != ']') {
                        throw c.error("expected , or ] in the list");
                    }
                }
                c.pos++;
                c.end();
                entries.add(new Entry(n + 1, name, "", items));
            } else {
                String value = c.scalar(false);
                c.end();
                entries.add(new Entry(n + 1, name, value, null));
            }
        }
        return entries;
    }

    private static final class Cursor {
        private final String s;
        private final String where;
        int pos;

        Cursor(String s, int pos, String where) {
            this.s = s;
            this.pos = pos;
            this.where = where;
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("the line ends too early");
            }
            return s.charAt(pos);
        }

        void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        /** A quoted string, or bare text up to a comment (or, in an array, up to , or ]). */
        String scalar(boolean inArray) {
            if (pos >= s.length()) {
                return "";
            }
            char q = s.charAt(pos);
            if (q == '"' || q == '\'') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw error("unterminated string: add the closing " + q);
                    }
                    char ch = s.charAt(pos++);
                    if (ch == q) {
                        return sb.toString();
                    }
                    if (ch == '\\' && q == '"') {
                        sb.append(escape());
                    } else {
                        sb.append(ch);
                    }
                }
            }
            int start = pos;
            while (pos < s.length()
                    && s.charAt(pos) != '#'
                    && !(inArray && (s.charAt(pos) == ',' || s.charAt(pos) == ']'))) {
                pos++;
            }
            return s.substring(start, pos).strip();
        }

        private String escape() {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(pos++);
            return switch (e) {
                case '"' -> "\"";
                case '\\' -> "\\";
                case 'n' -> "\n";
                case 't' -> "\t";
                case 'r' -> "\r";
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("\\u needs four hex digits");
                    }
                    try {
                        int cp = Integer.parseInt(s.substring(pos, pos + 4), 16);
                        pos += 4;
                        yield String.valueOf((char) cp);
                    } catch (NumberFormatException ex) {
                        throw error("\\u needs four hex digits");
                    }
                }
                default -> throw error("unknown escape \\" + e + " (write \\\\ for a backslash, or use '...')");
            };
        }

        void end() {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) != '#') {
                throw error("unexpected text after the value: '" + s.substring(pos) + "'");
            }
        }

        OptionException error(String what) {
            return new OptionException(where + ": " + what);
        }
    }
}
