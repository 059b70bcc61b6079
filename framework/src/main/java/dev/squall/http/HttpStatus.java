package dev.squall.http;

/**
 * The standard HTTP status codes and their reason phrases (the IANA registry, RFC 9110 and friends).
 *
 * <pre>{@code
 * HttpStatus.reasonPhrase(404);   // "Not Found"
 * HttpStatus.reasonPhrase(799);   // "Unknown"
 * }</pre>
 *
 * <p>Thread-safe; a pure table.
 */
public final class HttpStatus {
    /** The phrase returned for a code that has no registered reason, as Tornado does. */
    public static final String UNKNOWN_REASON = "Unknown";

    private static final String[] REASONS = new String[600];

    static {
        put(100, "Continue");
        put(101, "Switching Protocols");
        put(102, "Processing");
        put(103, "Early Hints");
        put(200, "OK");
        put(201, "Created");
        put(202, "Accepted");
        put(203, "Non-Authoritative Information");
        put(204, "No Content");
        put(205, "Reset Content");
        put(206, "Partial Content");
        put(207, "Multi-Status");
        put(208, "Already Reported");
        put(226, "IM Used");
        put(300, "Multiple Choices");
        put(301, "Moved Permanently");
        put(302, "Found");
        put(303, "See Other");
        put(304, "Not Modified");
        put(305, "Use Proxy");
        put(307, "Temporary Redirect");
        put(308, "Permanent Redirect");
        put(400, "Bad Request");
        put(401, "Unauthorized");
        put(402, "Payment Required");
        put(403, "Forbidden");
        put(404, "Not Found");
        put(405, "Method Not Allowed");
        put(406, "Not Acceptable");
        put(407, "Proxy Authentication Required");
        put(408, "Request Timeout");
        put(409, "Conflict");
        put(410, "Gone");
        put(411, "Length Required");
        put(412, "Precondition Failed");
        put(413, "Content Too Large");
        put(414, "URI Too Long");
        put(415, "Unsupported Media Type");
        put(416, "Range Not Satisfiable");
        put(417, "Expectation Failed");
        put(418, "I'm a Teapot");
        put(421, "Misdirected Request");
        put(422, "Unprocessable Content");
        put(423, "Locked");
        put(424, "Failed Dependency");
        put(425, "Too Early");
        put(426, "Upgrade Required");
        put(428, "Precondition Required");
        put(429, "Too Many Requests");
        put(431, "Request Header Fields Too Large");
        put(451, "Unavailable For Legal Reasons");
        put(500, "Internal Server Error");
        put(501, "Not Implemented");
        put(502, "Bad Gateway");
        put(503, "Service Unavailable");
        put(504, "Gateway Timeout");
        put(505, "HTTP Version Not Supported");
        put(506, "Variant Also Negotiates");
        put(507, "Insufficient Storage");
        put(508, "Loop Detected");
        put(510, "Not Extended");
        put(511, "Network Authentication Required");
    }

    private HttpStatus() {}

    private static void put(int code, String reason) {
        REASONS[code] = reason;
    }

    /**
     * Returns the standard reason phrase of {@code code}.
     *
     * @param code a status code
     * @return the registered phrase, e.g. {@code "Not Found"}, or {@link #UNKNOWN_REASON} for an unregistered
     *     or out-of-range code
     */
    public static String reasonPhrase(int code) {
        String r = code >= 0 && code < REASONS.length ? REASONS[code] : null;
        return r != null ? r : UNKNOWN_REASON;
    }

    /**
     * Returns whether {@code code} has a registered reason phrase.
     *
     * @param code a status code
     * @return true if {@link #reasonPhrase(int)} knows it
     */
    public static boolean isKnown(int code) {
        return code >= 0 && code < REASONS.length && REASONS[code] != null;
    }

    /**
     * Returns whether a response with this status never has a body (1xx, 204 No Content, 304 Not Modified),
     * RFC 9110 section 6.4.1. The one place this rule is written; the server's encoder, the web layer, the
     * client's parser and the test harness all ask here.
     *
     * @param code a status code
     * @return true when the response ends after its headers
     */
    public static boolean hasNoBody(int code) {
        return code < 200 || code == 204 || code == 304;
    }

    /**
     * Returns whether the response to a {@code requestMethod} request with this status has no body: a
     * response to HEAD never has one, whatever its headers say (RFC 9112 section 6.3), and neither has a
     * status for which {@link #hasNoBody(int)} holds.
     *
     * @param requestMethod the method of the request answered, e.g. {@code "GET"}
     * @param code the response's status code
     * @return true when the response ends after its headers
     */
    public static boolean hasNoBody(String requestMethod, int code) {
        return hasNoBody(code) || requestMethod.equals("HEAD");
    }
}
