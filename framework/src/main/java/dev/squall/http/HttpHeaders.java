package dev.squall.http;

import dev.squall.internal.http.HeadersAccess;
import dev.squall.internal.http.KnownHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * HTTP headers: an ordered, multi-valued map whose names compare case-insensitively, as Tornado's
 * {@code HTTPHeaders}. Names are stored in their normalised form ({@code content-type} becomes
 * {@code Content-Type}).
 *
 * <pre>{@code
 * HttpHeaders h = new HttpHeaders();
 * h.add("Set-Cookie", "a=1");
 * h.add("set-cookie", "b=2");
 * h.get("SET-COOKIE");      // "a=1"
 * h.getAll("Set-Cookie");   // ["a=1", "b=2"]
 * }</pre>
 *
 * <p>{@link #add} and {@link #set} refuse names that are not HTTP tokens and values containing CR, LF or NUL,
 * so a response can never be split by a header. Not thread-safe; a request's headers belong to its loop.
 */
public final class HttpHeaders {
    static {
        HeadersAccess.install(new HeadersAccess() {
            @Override
            public void addUnchecked(HttpHeaders headers, String normalizedName, String value) {
                headers.addUnchecked(normalizedName, value);
            }

            @Override
            public void replaceLastValue(HttpHeaders headers, String value) {
                headers.values[headers.size - 1] = value;
            }
        });
    }

    private String[] names;
    private String[] values;
    private int size;

    /** Creates empty headers. */
    public HttpHeaders() {
        this(8);
    }

    /**
     * Creates empty headers sized for about {@code expected} entries.
     *
     * @param expected the expected number of entries
     */
    public HttpHeaders(int expected) {
        names = new String[Math.max(expected, 2)];
        values = new String[names.length];
    }

    /**
     * Returns a copy of {@code other}.
     *
     * @param other the headers to copy
     * @return an independent copy
     */
    public static HttpHeaders copyOf(HttpHeaders other) {
        HttpHeaders h = new HttpHeaders(other.size);
        System.arraycopy(other.names, 0, h.names, 0, other.size);
        System.arraycopy(other.values, 0, h.values, 0, other.size);
        h.size = other.size;
        return h;
    }

    /**
     * Returns the first value of {@code name}, or null.
     *
     * @param name the header name, any case
     * @return the first value or null when absent
     */
    public @Nullable String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Returns the first value of {@code name}, or {@code defaultValue}.
     *
     * @param name the header name, any case
     * @param defaultValue returned when absent
     * @return the value
     */
    public String get(String name, String defaultValue) {
        String v = get(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Returns every value of {@code name}, in order; empty when absent.
     *
     * @param name the header name, any case
     * @return an unmodifiable list
     */
    public List<String> getAll(String name) {
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(values[i]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /**
     * Returns whether {@code name} is present.
     *
     * @param name the header name, any case
     * @return true if at least one value exists
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Returns whether {@code name} has a comma-separated element equal to {@code token}, ignoring case and
     * spaces — for {@code Connection: keep-alive, Upgrade} and the like.
     *
     * @param name the header name
     * @param token the element to look for
     * @return true if present
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name) && hasToken(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasToken(String value, String token) {
        int n = value.length();
        int start = 0;
        while (start <= n) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            int s = start;
            int e = end;
            while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && value.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * Adds a value, keeping existing ones.
     *
     * @param name a header name (an HTTP token)
     * @param value the value; must not contain CR, LF or NUL
     * @return this
     * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
     */
    public HttpHeaders add(String name, String value) {
        String normalized = checkedNormalName(name);
        checkValue(name, value);
        addUnchecked(normalized, value);
        return this;
    }

    /**
     * Replaces every value of {@code name} with {@code value}.
     *
     * @param name a header name (an HTTP token)
     * @param value the value; must not contain CR, LF or NUL
     * @return this
     * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
     */
    public HttpHeaders set(String name, String value) {
        String normalized = checkedNormalName(name);
        checkValue(name, value);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(normalized)) {
                values[i] = value;
                removeFrom(normalized, i + 1);
                return this;
            }
        }
        addUnchecked(normalized, value);
        return this;
    }

    /**
     * Removes every value of {@code name}.
     *
     * @param name the header name, any case
     * @return whether anything was removed
     */
    public boolean remove(String name) {
        return removeFrom(name, 0);
    }

    private boolean removeFrom(String name, int from) {
        int w = from;
        for (int r = from; r < size; r++) {
            if (!names[r].equalsIgnoreCase(name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        boolean removed = w != size;
        for (int i = w; i < size; i++) {
            names[i] = null;
            values[i] = null;
        }
        size = w;
        return removed;
    }

    /** Removes every header. */
    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    /** Returns the number of name/value pairs (a name with two values counts twice). */
    public int size() {
        return size;
    }

    /** Returns whether there are no headers. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the name of entry {@code index} (0-based, in insertion order).
     *
     * @param index the entry index, below {@link #size()}
     * @return the normalised name
     */
    public String name(int index) {
        checkIndex(index);
        return names[index];
    }

    /**
     * Returns the value of entry {@code index}.
     *
     * @param index the entry index, below {@link #size()}
     * @return the value
     */
    public String value(int index) {
        checkIndex(index);
        return values[index];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("header index " + index + " out of range [0, " + size + ")");
        }
    }

    /** Returns the distinct names, normalised, in first-seen order. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            out.add(names[i]);
        }
        return out;
    }

    /**
     * Calls {@code action} for every name/value pair, in order.
     *
     * @param action receives each name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /**
     * Appends a pair without validation. For parsers that have already validated the bytes and normalised
     * the name.
     *
     * @param normalizedName the name, already normalised
     * @param value the value, already validated
     */
    void addUnchecked(String normalizedName, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = normalizedName;
        values[size] = value;
        size++;
    }

    /**
     * Returns the canonical form of a header name: each dash-separated word capitalised, the rest lower
     * case ({@code x-forwarded-for} becomes {@code X-Forwarded-For}), as Tornado does.
     *
     * @param name a header name
     * @return its normalised form (the same instance when already normal)
     */
    public static String normalizeName(String name) {
        int n = name.length();
        boolean upperNext = true;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            boolean ok = upperNext ? !(c >= 'a' && c <= 'z') : !(c >= 'A' && c <= 'Z');
            if (!ok) {
                return normalizeSlow(name);
            }
            upperNext = c == '-';
        }
        return name;
    }

    private static String normalizeSlow(String name) {
        char[] chars = name.toCharArray();
        boolean upperNext = true;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (upperNext && c >= 'a' && c <= 'z') {
                chars[i] = (char) (c - 32);
            } else if (!upperNext && c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
            }
            upperNext = c == '-';
        }
        return new String(chars);
    }

    /**
     * Returns whether {@code c} may appear in an HTTP token (RFC 9110 section 5.6.2): a header name or a
     * method.
     *
     * @param c the character
     * @return true for tchar
     */
    public static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    /**
     * Checks that {@code name} is a token and returns its normalised form. The names applications set most
     * ({@code Content-Type}, {@code Cache-Control}, ... already normal) are found in {@link CommonNames} by
     * their cached hash, which skips both per-character passes: they made {@code add} cost about 30 ns a
     * header (HttpHeadersBenchmark.addEightHeaders).
     */
    private static String checkedNormalName(String name) {
        String common = CommonNames.find(name);
        if (common != null) {
            return common;
        }
        checkName(name);
        return normalizeName(name);
    }

    static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name " + quote(name)
                        + " contains a character that is not allowed in an HTTP token at index " + i);
            }
        }
    }

    static void checkValue(String name, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            // One comparison per character in the usual case: CR, LF and NUL are all at most CR.
            if (c <= '\r' && (c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("value of header " + name + " contains CR, LF or NUL at index " + i
                        + ", which would split the message; remove it");
            }
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }

    /**
     * The normalised names of {@link KnownHeaders}, in an open-addressing table keyed by {@link String#hashCode()}
     * (cached in the string, so a literal name costs no pass over its characters). Every entry is a valid token
     * already in normal form, so a name found here needs neither check. A holder class, initialised on the first
     * {@code add}/{@code set}: {@link KnownHeaders}' own initialisation calls {@link #normalizeName}.
     */
    private static final class CommonNames {
        private static final int SIZE = 512; // at most a quarter full: a miss usually ends at the first slot
        private static final String[] NAMES = new String[SIZE];
        private static final int[] HASHES = new int[SIZE];

        static {
            if (KnownHeaders.COUNT * 4 > SIZE) {
                throw new AssertionError("CommonNames.SIZE is too small for " + KnownHeaders.COUNT + " names");
            }
            for (int id = 0; id < KnownHeaders.COUNT; id++) {
                String name = KnownHeaders.name(id);
                int h = name.hashCode();
                int slot = slot(h);
                while (NAMES[slot] != null) {
                    slot = (slot + 1) & (SIZE - 1);
                }
                NAMES[slot] = name;
                HASHES[slot] = h;
            }
        }

        private CommonNames() {}

        private static int slot(int hash) {
            return (hash ^ hash >>> 16) & (SIZE - 1);
        }

        /** Returns the shared instance equal to {@code name} (case-sensitively), or null. */
        static @Nullable String find(String name) {
            int h = name.hashCode();
            for (int slot = slot(h); ; slot = (slot + 1) & (SIZE - 1)) {
                String candidate = NAMES[slot];
                if (candidate == null) {
                    return null;
                }
                if (HASHES[slot] == h && candidate.equals(name)) {
                    return candidate;
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(values[i]).append("\r\n");
        }
        return sb.toString();
    }
}
