package dev.squall.web;

import org.jspecify.annotations.Nullable;

/**
 * One byte range of a {@code Range: bytes=...} request header (RFC 9110 section 14.1.2), resolved against the
 * representation's size. Only a single range is supported, as Tornado; a list of ranges is ignored (the
 * whole file is served), which RFC 9110 allows.
 *
 * @param start the first byte
 * @param end the last byte, inclusive
 */
record ByteRange(long start, long end) {

    /** Returned by {@link #parse} for a syntactically valid range that the file cannot satisfy (416). */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** Returns how many bytes the range covers. */
    long length() {
        return end - start + 1;
    }

    /**
     * Parses a {@code Range} header value.
     *
     * @param header the value
     * @param size the representation's size in bytes
     * @return the range; {@link #UNSATISFIABLE} for a range past the end; null when the header is not a
     *     single byte range this server understands (then the whole representation is served)
     */
    static @Nullable ByteRange parse(String header, long size) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        long a = first.isEmpty() ? -1 : digits(first);
        long b = last.isEmpty() ? -1 : digits(last);
        if (first.isEmpty() && last.isEmpty() || !first.isEmpty() && a < 0 || !last.isEmpty() && b < 0) {
            return null;
        }
        if (first.isEmpty()) {
            // a suffix: the last b bytes
            if (b == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - b), size - 1);
        }
        if (b >= 0 && b < a) {
            return null; // invalid: ignored, as RFC 9110 says
        }
        if (a >= size) {
            return UNSATISFIABLE;
        }
        long end = b < 0 || b >= size ? size - 1 : b;
        return new ByteRange(a, end);
    }

    /** Parses 1 to 18 decimal digits; -1 for anything else (so no overflow and no exception). */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
