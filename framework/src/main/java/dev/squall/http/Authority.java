package dev.squall.http;

import org.jspecify.annotations.Nullable;

/**
 * Checks the syntax of a {@code Host} field value or of the authority of an absolute-form request target
 * (RFC 9112 section 3.2, RFC 3986 section 3.2.2): {@code uri-host [ ":" port ]}, where {@code uri-host} is a
 * reg-name (which covers IPv4 addresses) or a bracketed IP literal, and the port is at most 65535. A byte-class
 * table scan, no regex: it runs for every request.
 *
 * <p>One departure from RFC 3986: a comma, which reg-name allows as a sub-delimiter, is refused. {@code Host}
 * is a singleton field, and {@code Host: a,b} is what two Host values look like once a proxy has folded them
 * into one list — a request-smuggling shape (RFC 9110 section 5.3), and no real host name contains one.
 */
final class Authority {
    /** Bytes of a reg-name: unreserved, pct-encoded ({@code %}), sub-delims except the comma. */
    private static final boolean[] REG_NAME = new boolean[256];
    /** Bytes inside an IP literal's brackets: IPv6 (hex digits, colons, dots) and IPvFuture (a reg-name's). */
    private static final boolean[] IP_LITERAL = new boolean[256];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c - 'a' + 'A'] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c : "-._~%!$&'()*+;=".toCharArray()) {
            REG_NAME[c] = true;
        }
        System.arraycopy(REG_NAME, 0, IP_LITERAL, 0, 256);
        IP_LITERAL[':'] = true;
    }

    private Authority() {}

    /**
     * Returns why {@code value} is not a valid {@code host[:port]}, or null when it is. The empty value is
     * valid (RFC 9112 section 3.2: sent when the target URI has no authority).
     *
     * @param value a Host field value (already trimmed of surrounding whitespace by the head parser)
     * @return null, or a message naming the problem
     */
    static @Nullable String problem(String value) {
        int n = value.length();
        int i = 0;
        if (n > 0 && value.charAt(0) == '[') {
            i = 1;
            while (i < n && value.charAt(i) != ']') {
                char c = value.charAt(i);
                if (c > 0xFF || !IP_LITERAL[c]) {
                    return "the IP literal contains '" + printable(c) + "'";
                }
                i++;
            }
            if (i == n) {
                return "the IP literal has no closing ']'";
            }
            if (i == 1) {
                return "the IP literal is empty";
            }
            i++;
        } else {
            while (i < n && value.charAt(i) != ':') {
                char c = value.charAt(i);
                if (c > 0xFF || !REG_NAME[c]) {
                    return "the host name contains '" + printable(c) + "'";
                }
                i++;
            }
        }
        if (i == n) {
            return null;
        }
        if (value.charAt(i) != ':') {
            return "only \":port\" may follow the IP literal";
        }
        int port = 0;
        for (int p = i + 1; p < n; p++) {
            char c = value.charAt(p);
            if (c < '0' || c > '9') {
                return "the port contains '" + printable(c) + "'";
            }
            port = port * 10 + (c - '0');
            if (port > 65535) {
                return "the port is larger than 65535";
            }
        }
        return null;
    }

    private static String printable(char c) {
        return c >= 0x21 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
