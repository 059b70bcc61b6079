package dev.squall.httpclient;

/**
 * The server answered with a status outside 2xx (after redirects were followed), as Tornado's
 * {@code HTTPClientError}. Carries the full response, body included, so the caller can read the error
 * document.
 *
 * <pre>{@code
 * http.fetch(url).exceptionally(e -> {
 *     if (e.getCause() instanceof HttpClientError err && err.code() == 404) { return null; }
 *     throw new CompletionException(e);
 * });
 * }</pre>
 *
 * <p>Raised only for response codes: network failures, timeouts and malformed responses are other
 * exceptions. Set {@link HttpRequest.Builder#raiseError(boolean) raiseError(false)} to get every response
 * as a value instead.
 */
public final class HttpClientError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponse response;

    HttpClientError(HttpResponse response) {
        super("HTTP " + response.code() + " " + response.reason() + " for " + response.request().method() + " "
                + response.effectiveUrl() + hint(response));
        this.response = response;
    }

    private static String hint(HttpResponse response) {
        int code = response.code();
        if (code >= 300 && code < 400) {
            if (!response.headers().contains("Location")) {
                return " (a redirect without a Location header)";
            }
            return " (a redirect that was not followed: followRedirects is off, the maxRedirects limit was"
                    + " reached, or the request body cannot be sent again)";
        }
        return "";
    }

    /** Returns the response, with its headers and body. */
    public HttpResponse response() {
        return response;
    }

    /** Returns the response's status code. */
    public int code() {
        return response.code();
    }
}
