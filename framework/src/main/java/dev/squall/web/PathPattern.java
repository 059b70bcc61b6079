package dev.squall.web;

import dev.squall.escape.Escape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A compiled route pattern: a regular expression that must match the whole path (Tornado appends {@code $}
 * and matches from the start), compiled once.
 *
 * <p>A pattern without regex metacharacters (after unescaping {@code \.}, {@code \-} and the like) is a
 * literal: it matches by string comparison, with no regex at all on the request path. A pattern whose
 * top-level structure is literal text and capturing groups can be reversed into a URL
 * ({@link #reverse(String, Object[])}).
 */
final class PathPattern {
    final String source;
    /** The path this pattern matches, when it is a literal; else null. */
    final @Nullable String literal;
    /** The compiled regex, when not a literal; else null. */
    final @Nullable Pattern regex;

    final int groupCount;
    /** Group names to 1-based group numbers; empty for positional groups. */
    final Map<String, Integer> namedGroups;
    /** Literal strings and Integer placeholders (0-based argument index), or null when not reversible. */
    private final @Nullable List<Object> reverseParts;

    private final @Nullable String notReversibleBecause;

    private PathPattern(String source) {
        this.source = source;
        String stripped = stripAnchors(source);
        this.literal = literalOf(stripped);
        Pattern compiled;
        try {
            compiled = Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "route pattern \"" + source + "\" is not a valid regular expression: " + e.getDescription()
                            + " near index " + e.getIndex(),
                    e);
        }
        this.groupCount = compiled.matcher("").groupCount();
        this.namedGroups = Map.copyOf(compiled.namedGroups());
        if (!namedGroups.isEmpty() && namedGroups.size() != groupCount) {
            throw new IllegalArgumentException("route pattern \"" + source + "\" mixes named and positional groups; "
                    + "name them all ((?<id>...)) or none, and use (?:...) for groups that should not capture");
        }
        this.regex = literal != null ? null : compiled;
        List<Object> parts = new ArrayList<>();
        this.notReversibleBecause = parseReverse(stripped, parts);
        this.reverseParts = notReversibleBecause == null ? List.copyOf(parts) : null;
    }

    /**
     * Compiles a route pattern.
     *
     * @param source the regular expression
     * @return the pattern
     * @throws IllegalArgumentException if it does not compile or mixes named and positional groups
     */
    static PathPattern compile(String source) {
        return new PathPattern(source);
    }

    /**
     * Matches {@code path[from..]} against this pattern.
     *
     * @param path the request path, still percent-encoded
     * @param from where the part to match starts (after a mount prefix)
     * @return null when it does not match; {@link #NO_GROUPS} when it matches without groups; else the raw
     *     (still encoded) group values, null for groups that did not participate
     */
    @Nullable
    String @Nullable [] match(String path, int from) {
        if (literal != null) {
            int n = literal.length();
            return path.length() - from == n && path.startsWith(literal, from) ? NO_GROUPS : null;
        }
        Pattern r = regex;
        assert r != null : "a pattern is a literal or a regex";
        Matcher m = r.matcher(path);
        if (from != 0) {
            m.region(from, path.length());
        }
        if (!m.matches()) {
            return null;
        }
        if (groupCount == 0) {
            return NO_GROUPS;
        }
        String[] groups = new String[groupCount];
        for (int i = 0; i < groupCount; i++) {
            groups[i] = m.group(i + 1);
        }
        return groups;
    }

    static final String[] NO_GROUPS = new String[0];

    /**
     * Builds a URL path from this pattern with {@code args} in place of its groups, each escaped as a path
     * (spaces as {@code %20}, {@code /} kept), as Tornado's {@code reverse_url}.
     *
     * @param name the route's name, for messages
     * @param args one value per group, in order; turned into strings with {@link String#valueOf(Object)}
     * @return the path
     * @throws IllegalArgumentException if the pattern cannot be reversed or the argument count is wrong
     */
    String reverse(String name, Object[] args) {
        if (reverseParts == null) {
            throw new IllegalArgumentException("route \"" + name + "\" (" + source + ") cannot be reversed: "
                    + notReversibleBecause + "; give it a pattern made of literal text and (...) groups");
        }
        if (args.length != groupCount) {
            throw new IllegalArgumentException("route \"" + name + "\" (" + source + ") takes " + groupCount
                    + " argument" + (groupCount == 1 ? "" : "s") + ", got " + args.length);
        }
        StringBuilder sb = new StringBuilder();
        for (Object part : reverseParts) {
            if (part instanceof Integer index) {
                sb.append(Escape.urlEscape(String.valueOf(args[index]), false));
            } else {
                sb.append((String) part);
            }
        }
        return sb.toString();
    }

    private static String stripAnchors(String source) {
        String s = source;
        if (s.startsWith("^")) {
            s = s.substring(1);
        }
        if (s.endsWith("$") && !s.endsWith("\\$")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean isMeta(char c) {
        return "\\^$.|?*+()[]{}".indexOf(c) >= 0;
    }

    /** Returns the literal text {@code s} matches, or null when it uses regex features. */
    private static @Nullable String literalOf(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length() || Character.isLetterOrDigit(s.charAt(i + 1))) {
                    return null; // \d, \Q, \1 ...: a regex feature
                }
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                sb.append(s.charAt(++i));
            } else if (isMeta(c)) {
                return null;
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Splits a pattern (anchors stripped) into literal text and top-level groups. Returns null on success,
     * else why the pattern cannot be reversed. An unescaped {@code .} outside groups is taken as a literal
     * dot, since that is what {@code "/feed.xml"} means to its author.
     */
    private static @Nullable String parseReverse(String s, List<Object> parts) {
        StringBuilder text = new StringBuilder();
        int groupIndex = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n || Character.isLetterOrDigit(s.charAt(i + 1))) {
                    return "it uses the escape " + s.substring(i, Math.min(n, i + 2)) + " outside a group";
                }
                text.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '(') {
                if (!opensCapturingGroup(s, i, n)) {
                    return "it has a non-capturing or special group outside a capturing group";
                }
                int end = groupEnd(s, i);
                if (end < 0) {
                    return "its parentheses do not balance";
                }
                if (countCapturing(s, i + 1, end) > 0) {
                    return "it has a capturing group nested in another";
                }
                if (!text.isEmpty()) {
                    parts.add(text.toString());
                    text.setLength(0);
                }
                parts.add(groupIndex++);
                i = end + 1;
            } else if (c == '.') {
                text.append('.');
                i++;
            } else if (isMeta(c)) {
                return "it uses '" + c + "' outside a group";
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        return null;
    }

    /** Returns the index of the ')' closing the group opened at {@code open}, or -1. */
    private static int groupEnd(String s, int open) {
        int depth = 0;
        for (int i = nextParenthesis(s, open, s.length()); i >= 0; i = nextParenthesis(s, i + 1, s.length())) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (--depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int countCapturing(String s, int from, int to) {
        int count = 0;
        for (int i = nextParenthesis(s, from, to); i >= 0; i = nextParenthesis(s, i + 1, to)) {
            if (s.charAt(i) == '(' && opensCapturingGroup(s, i, to)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Returns the index of the next '(' or ')' in {@code s[from, to)} that is a group's (neither escaped nor inside
     * a character class), or -1. {@code from} must not be inside a character class.
     */
    private static int nextParenthesis(String s, int from, int to) {
        boolean inClass = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(' || c == ')') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the '(' at {@code i} opens a capturing group: plain {@code (} or named {@code (?<name>}. */
    private static boolean opensCapturingGroup(String s, int i, int to) {
        return !s.startsWith("(?", i) || s.startsWith("(?<", i) && i + 3 < to && Character.isLetter(s.charAt(i + 3));
    }

    @Override
    public String toString() {
        return source;
    }
}
