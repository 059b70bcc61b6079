package dev.squall.web;

import org.jspecify.annotations.Nullable;

/** Standard reason phrases (RFC 9110 and the IANA status code registry), for error pages and status lines. */
final class HttpStatus {
    private HttpStatus() {
    }

    /**
     * Returns the standard reason phrase for {@code status}, or {@code "Unknown"}, as Tornado does.
     *
     * @param status a status code
     * @return the reason phrase
     */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 102 -> "Processing";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 207 -> "Multi-Status";
            case 208 -> "Already Reported";
            case 226 -> "IM Used";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 305 -> "Use Proxy";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 418 -> "I'm a Teapot";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 506 -> "Variant Also Negotiates";
            case 507 -> "Insufficient Storage";
            case 508 -> "Loop Detected";
            case 511 -> "Network Authentication Required";
            default -> "Unknown";
        };
    }

    /**
     * Returns null if {@code reason} may be sent as a reason phrase, else why not. Allowed: HTAB, SP, visible
     * ASCII and obs-text (RFC 9112 section 4), minus {@code <} (the phrase is echoed into error pages, as
     * Tornado refuses it).
     *
     * @param reason a candidate reason phrase
     * @return null when valid, else an explanation
     */
    static @Nullable String invalidReason(String reason) {
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            boolean ok = c == '\t' || c >= 0x20 && c < 0x7f && c != '<' || c >= 0x80 && c <= 0xff;
            if (!ok) {
                return "character " + (c < 0x20 || c == 0x7f ? String.format("0x%02X", (int) c) : "'" + c + "'")
                        + " at index " + i + " is not allowed in a reason phrase";
            }
        }
        return null;
    }

    /**
     * Returns {@code text} made safe as a reason phrase: control characters, {@code <} and characters above
     * U+00FF become {@code ?}; cut to 200 characters.
     *
     * @param text any text, e.g. a parser's error message
     * @return a valid reason phrase
     */
    static String sanitizeReason(String text) {
        int n = Math.min(text.length(), 200);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            sb.append(c == '\t' || c >= 0x20 && c < 0x7f && c != '<' || c >= 0xa0 && c <= 0xff ? c : '?');
        }
        return sb.toString();
    }
}
