package dev.squall.site;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Server-side syntax highlighting of the guides' code blocks: a small hand-written tokenizer per language family
 * (Java, Kotlin, JSON, JavaScript; shell; XML/HTML) that wraps comments, strings, keywords, numbers, annotations
 * and type names in {@code <span class="...">}. Written by hand rather than vendored (highlight.js, Prism) so
 * that the site has no JavaScript to render code, works offline and without scripts, and stays a few hundred
 * lines that this project owns; a language it does not know is escaped and shown plain.
 *
 * <p>The span classes: {@code c} comment, {@code s} string, {@code k} keyword, {@code n} number, {@code a}
 * annotation, {@code t} type, {@code v} shell variable, {@code g} tag, {@code r} attribute.
 */
final class Highlighter {
    private static final Set<String> JAVA = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "record",
            "return",
            "short",
            "static",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "try",
            "var",
            "void",
            "volatile",
            "while",
            "yield",
            "true",
            "false",
            "null",
            "sealed",
            "permits");
    private static final Set<String> KOTLIN = Set.of(
            "as",
            "break",
            "class",
            "companion",
            "continue",
            "data",
            "do",
            "else",
            "false",
            "for",
            "fun",
            "if",
            "import",
            "in",
            "interface",
            "is",
            "null",
            "object",
            "override",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "super",
            "suspend",
            "this",
            "throw",
            "true",
            "try",
            "catch",
            "finally",
            "val",
            "var",
            "when",
            "while",
            "internal",
            "open",
            "lateinit",
            "sealed",
            "enum",
            "by",
            "init");
    private static final Set<String> JS = Set.of(
            "const",
            "let",
            "var",
            "function",
            "return",
            "if",
            "else",
            "for",
            "while",
            "new",
            "this",
            "true",
            "false",
            "null",
            "undefined",
            "class",
            "import",
            "export",
            "async",
            "await",
            "of",
            "in",
            "typeof");
    private static final Set<String> JSON = Set.of("true", "false", "null");
    private static final Set<String> SHELL = Set.of(
            "if",
            "then",
            "else",
            "elif",
            "fi",
            "for",
            "do",
            "done",
            "case",
            "esac",
            "while",
            "until",
            "in",
            "function",
            "export",
            "local",
            "return",
            "set",
            "source",
            "cd",
            "exec");

    private Highlighter() {}

    /**
     * Returns {@code code} as HTML, highlighted for {@code language} (a fenced block's info string; empty or
     * unknown gives escaped plain text).
     *
     * @param code the block's text
     * @param language e.g. {@code java}, {@code kotlin}, {@code sh}, {@code xml}, {@code json}
     * @return HTML for inside a {@code <code>} element
     */
    static String highlight(String code, String language) {
        StringBuilder out = new StringBuilder(code.length() + code.length() / 2);
        switch (language.toLowerCase(Locale.ROOT)) {
            case "java" -> cLike(code, JAVA, true, out);
            case "kotlin", "kt", "kts" -> cLike(code, KOTLIN, true, out);
            case "js", "javascript" -> cLike(code, JS, false, out);
            case "json" -> cLike(code, JSON, false, out);
            case "sh", "bash", "shell", "console" -> shell(code, out);
            case "xml", "html", "jte", "svg" -> markup(code, out);
            default -> escape(code, 0, code.length(), out);
        }
        return out.toString();
    }

    /** Java, Kotlin, JavaScript and JSON: C comments, strings (text blocks too), numbers, annotations. */
    private static void cLike(String s, Set<String> keywords, boolean typesAndAnnotations, StringBuilder out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char ch = s.charAt(i);
            int end;
            if (s.startsWith("//", i)) {
                end = lineEnd(s, i);
                span("c", s, i, end, out);
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                end = close < 0 ? n : close + 2;
                span("c", s, i, end, out);
            } else if (s.startsWith("\"\"\"", i)) {
                int close = s.indexOf("\"\"\"", i + 3);
                end = close < 0 ? n : close + 3;
                span("s", s, i, end, out);
            } else if (ch == '"' || ch == '\'' || (ch == '`' && keywords == JS)) {
                end = quoted(s, i, ch);
                span("s", s, i, end, out);
            } else if (ch == '@'
                    && typesAndAnnotations
                    && i + 1 < n
                    && Character.isJavaIdentifierStart(s.charAt(i + 1))) {
                end = identifierEnd(s, i + 1);
                span("a", s, i, end, out);
            } else if (Character.isDigit(ch) && (i == 0 || !Character.isJavaIdentifierPart(s.charAt(i - 1)))) {
                end = i + 1;
                while (end < n
                        && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_' || s.charAt(end) == '.')) {
                    end++;
                }
                span("n", s, i, end, out);
            } else if (Character.isJavaIdentifierStart(ch)) {
                end = identifierEnd(s, i);
                String word = s.substring(i, end);
                boolean type = typesAndAnnotations && Character.isUpperCase(ch) && hasLowerCase(word);
                spanOrPlain(keywords.contains(word) ? "k" : type ? "t" : null, s, i, end, out);
            } else {
                end = plainChar(s, i, out);
            }
            i = end;
        }
    }

    /** Shell: comments, quoted strings, variables, keywords and {@code --options}. */
    private static void shell(String s, StringBuilder out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char ch = s.charAt(i);
            int end;
            boolean wordStart = i == 0 || Character.isWhitespace(s.charAt(i - 1)) || s.charAt(i - 1) == ';';
            if (ch == '#' && wordStart) {
                end = lineEnd(s, i);
                span("c", s, i, end, out);
            } else if (ch == '\'' || ch == '"') {
                end = quoted(s, i, ch);
                span("s", s, i, end, out);
            } else if (ch == '$'
                    && i + 1 < n
                    && (s.charAt(i + 1) == '{' || Character.isJavaIdentifierStart(s.charAt(i + 1)))) {
                if (s.charAt(i + 1) == '{') {
                    int close = s.indexOf('}', i);
                    end = close < 0 ? n : close + 1;
                } else {
                    end = identifierEnd(s, i + 1);
                }
                span("v", s, i, end, out);
            } else if (ch == '-' && wordStart && i + 1 < n && s.charAt(i + 1) == '-') {
                end = i + 2;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '-')) {
                    end++;
                }
                span("a", s, i, end, out);
            } else if (Character.isLetter(ch) && wordStart) {
                end = i;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                boolean wordEnd = end == n || Character.isWhitespace(s.charAt(end)) || s.charAt(end) == ';';
                spanOrPlain(wordEnd && SHELL.contains(s.substring(i, end)) ? "k" : null, s, i, end, out);
            } else {
                end = plainChar(s, i, out);
            }
            i = end;
        }
    }

    /** XML and HTML: comments, tag names, attribute names and quoted values. */
    private static void markup(String s, StringBuilder out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int end;
            if (s.startsWith("<!--", i)) {
                int close = s.indexOf("-->", i + 4);
                end = close < 0 ? n : close + 3;
                span("c", s, i, end, out);
            } else if (s.charAt(i) == '<'
                    && i + 1 < n
                    && (s.charAt(i + 1) == '/'
                            || s.charAt(i + 1) == '!'
                            || s.charAt(i + 1) == '?'
                            || Character.isLetter(s.charAt(i + 1)))) {
                end = i + 1;
                while (end < n
                        && !Character.isWhitespace(s.charAt(end))
                        && s.charAt(end) != '>'
                        && (end == i + 1 || s.charAt(end) != '/')) {
                    end++;
                }
                span("g", s, i, end, out);
                end = tagBody(s, end, out);
            } else {
                end = i + 1;
                escape(s, i, end, out);
            }
            i = end;
        }
    }

    /** Highlights a tag's attributes from {@code i} to its {@code >}; returns the index after it. */
    private static int tagBody(String s, int i, StringBuilder out) {
        int n = s.length();
        while (i < n) {
            char ch = s.charAt(i);
            if (ch == '>') {
                span("g", s, i, i + 1, out);
                return i + 1;
            }
            int end;
            if (ch == '"' || ch == '\'') {
                end = quoted(s, i, ch);
                span("s", s, i, end, out);
            } else if (Character.isLetter(ch)) {
                end = i;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || "-:_.".indexOf(s.charAt(end)) >= 0)) {
                    end++;
                }
                span("r", s, i, end, out);
            } else {
                end = i + 1;
                escape(s, i, end, out);
            }
            i = end;
        }
        return n;
    }

    private static boolean hasLowerCase(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.isLowerCase(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int lineEnd(String s, int from) {
        int nl = s.indexOf('\n', from);
        return nl < 0 ? s.length() : nl;
    }

    private static int identifierEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** Returns the index after the string starting with quote {@code q} at {@code from} (or the line's end). */
    private static int quoted(String s, int from, char q) {
        int i = from + 1;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '\\' && q != '\'' || ch == '\\' && i + 1 < s.length() && s.charAt(i + 1) == q) {
                i += 2;
                continue;
            }
            if (ch == q) {
                return i + 1;
            }
            if (ch == '\n' && q != '`') {
                return i;
            }
            i++;
        }
        return s.length();
    }

    /** Appends {@code s[from, to)} in a span of class {@code cls}, or plain when {@code cls} is null. */
    private static void spanOrPlain(@Nullable String cls, String s, int from, int to, StringBuilder out) {
        if (cls == null) {
            escape(s, from, to, out);
        } else {
            span(cls, s, from, to, out);
        }
    }

    /** Appends the one character at {@code i}, escaped; returns the index after it. */
    private static int plainChar(String s, int i, StringBuilder out) {
        escape(s, i, i + 1, out);
        return i + 1;
    }

    private static void span(String cls, String s, int from, int to, StringBuilder out) {
        out.append("<span class=\"").append(cls).append("\">");
        escape(s, from, to, out);
        out.append("</span>");
    }

    /** Appends {@code s[from, to)} escaped for HTML text. */
    static void escape(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
    }
}
