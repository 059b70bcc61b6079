package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HttpRequest.Builder#build()} checks and adds: the method is a token and fits the body, the
 * caller left the framing headers to the client, and the headers a request implies (Basic authorization from
 * the URL's credentials, a default {@code Content-Type}).
 */
final class RequestChecks {
    private RequestChecks() {}

    /**
     * Checks that {@code method} is an HTTP token.
     *
     * @throws IllegalArgumentException if it is empty or has a character a token may not
     */
    static void checkMethodToken(String method) {
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        for (int i = 0; i < method.length(); i++) {
            if (!HttpHeaders.isTokenChar(method.charAt(i))) {
                throw new IllegalArgumentException(
                        "method \"" + method.replace("\r", "\\r").replace("\n", "\\n")
                                + "\" contains a character that is not allowed in an HTTP token at index " + i);
            }
        }
    }

    /**
     * Checks that the method is a standard one and that it has a body exactly when it expects one.
     *
     * @throws IllegalStateException if not
     */
    static void checkMethodAndBody(String method, boolean bodyPresent) {
        boolean standard = switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
        if (!standard) {
            throw new IllegalStateException("method " + method + " is not one of GET, HEAD, POST, PUT, PATCH,"
                    + " DELETE, OPTIONS; call allowNonstandardMethods(true) to send it anyway");
        }
        boolean bodyExpected = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if (bodyExpected && !bodyPresent) {
            throw new IllegalStateException(method + " needs a body (use body(new byte[0]) for an empty one),"
                    + " or call allowNonstandardMethods(true)");
        }
        if (!bodyExpected && bodyPresent) {
            throw new IllegalStateException(method + " normally has no body; remove it, or call"
                    + " allowNonstandardMethods(true) to send it anyway");
        }
    }

    /**
     * Checks the framing headers the caller set against the body, and removes a matching
     * {@code Content-Length} (the client writes its own).
     *
     * @param bodyLength the body's length, -1 for a chunked producer, 0 for none
     * @throws IllegalStateException if {@code Transfer-Encoding} is set or {@code Content-Length} is wrong
     */
    static void checkFraming(HttpHeaders headers, long bodyLength) {
        if (headers.contains("Transfer-Encoding")) {
            throw new IllegalStateException("do not set Transfer-Encoding: the client frames the body itself"
                    + " (a bodyProducer without a length is sent chunked)");
        }
        String contentLength = headers.get("Content-Length");
        if (contentLength != null) {
            if (!contentLength.equals(Long.toString(bodyLength))) {
                throw new IllegalStateException("Content-Length: " + contentLength + " does not match the body ("
                        + (bodyLength < 0 ? "chunked" : bodyLength + " bytes")
                        + "); leave Content-Length to the client");
            }
            headers.remove("Content-Length");
        }
    }

    /**
     * Adds the headers the request implies and the caller did not set: {@code Authorization: Basic} from the
     * URL's credentials, and a {@code Content-Type} for a text body or a POST.
     *
     * @param textBody whether the body is text ({@code text/plain}); else a POST body is a form
     */
    static void addImpliedHeaders(URI uri, HttpHeaders headers, String method, boolean hasBytes, boolean textBody) {
        @Nullable String info = uri.getRawUserInfo();
        if (info != null && !headers.contains("Authorization")) {
            int colon = info.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            String pass = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            headers.set("Authorization", HttpProxy.basic(user, pass));
        }
        if (hasBytes && !headers.contains("Content-Type")) {
            if (textBody) {
                headers.set("Content-Type", "text/plain; charset=utf-8");
            } else if (method.equals("POST")) {
                headers.set("Content-Type", "application/x-www-form-urlencoded");
            }
        }
    }
}
