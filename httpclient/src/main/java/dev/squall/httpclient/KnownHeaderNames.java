package dev.squall.httpclient;

/**
 * Response header names common enough that the parser returns a constant string for them instead of
 * allocating one per response, matched case-insensitively against the received bytes.
 */
final class KnownHeaderNames {
    static final String[] NAMES = {
        "Date", "Server", "Content-Type", "Content-Length", "Connection", "Transfer-Encoding", "Content-Encoding",
        "Location", "Keep-Alive", "Cache-Control", "Set-Cookie", "Etag", "Last-Modified", "Vary", "Expires",
        "Accept-Ranges", "Age", "Via", "X-Content-Type-Options", "Strict-Transport-Security",
    };
    static final int COUNT = NAMES.length;

    /** Candidate indexes per name length. */
    private static final int[][] BY_LENGTH;

    static {
        int max = 0;
        for (String n : NAMES) {
            max = Math.max(max, n.length());
        }
        int[] counts = new int[max + 1];
        for (String n : NAMES) {
            counts[n.length()]++;
        }
        BY_LENGTH = new int[max + 1][];
        for (int len = 0; len <= max; len++) {
            BY_LENGTH[len] = new int[counts[len]];
        }
        int[] fill = new int[max + 1];
        for (int i = 0; i < NAMES.length; i++) {
            int len = NAMES[i].length();
            BY_LENGTH[len][fill[len]++] = i;
        }
    }

    private KnownHeaderNames() {
    }

    /**
     * Returns the index in {@link #NAMES} of the name in {@code b[0, len)}, any case, or -1.
     */
    static int lookup(byte[] b, int len) {
        if (len >= BY_LENGTH.length) {
            return -1;
        }
        for (int idx : BY_LENGTH[len]) {
            String name = NAMES[idx];
            boolean match = true;
            for (int i = 0; i < len; i++) {
                int c = b[i];
                int k = name.charAt(i);
                if (c != k && (c | 0x20) != (k | 0x20)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return idx;
            }
        }
        return -1;
    }
}
