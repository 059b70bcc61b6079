package dev.squall.internal.http;

import dev.squall.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Lets the codec add fields it has already validated to {@link HttpHeaders} without checking them again (the
 * public {@code add} validates every name and value, which the parser's hot path has done byte by byte).
 * {@code HttpHeaders} installs the one implementation when its class initialises, as OkHttp's
 * {@code Internal.instance}.
 *
 * <p>Internal: not API, may change.
 */
public abstract class HeadersAccess {
    private static volatile @Nullable HeadersAccess instance;

    /** For {@link HttpHeaders} only. */
    protected HeadersAccess() {}

    /**
     * Installs the implementation. Called once, by {@link HttpHeaders}' static initialiser.
     *
     * @param access the implementation
     * @throws IllegalStateException if one is installed already
     */
    public static void install(HeadersAccess access) {
        if (instance != null) {
            throw new IllegalStateException("HeadersAccess is installed by HttpHeaders only, once");
        }
        instance = access;
    }

    /** Returns the implementation, initialising {@link HttpHeaders} (which installs it) if needed. */
    static HeadersAccess get() {
        try {
            Class.forName(HttpHeaders.class.getName(), true, HttpHeaders.class.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new AssertionError(impossible);
        }
        HeadersAccess a = instance;
        if (a == null) {
            throw new IllegalStateException("HttpHeaders did not install its HeadersAccess");
        }
        return a;
    }

    /**
     * Appends a field without validation.
     *
     * @param headers the headers
     * @param normalizedName a token, already normalised
     * @param value a value without CR, LF or NUL
     */
    public abstract void addUnchecked(HttpHeaders headers, String normalizedName, String value);

    /**
     * Replaces the value of the last field without validation (for obsolete line folding).
     *
     * @param headers non-empty headers
     * @param value a value without CR, LF or NUL
     */
    public abstract void replaceLastValue(HttpHeaders headers, String value);
}
