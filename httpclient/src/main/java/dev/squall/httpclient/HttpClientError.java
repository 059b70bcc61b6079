package dev.squall.httpclient;

import org.jspecify.annotations.Nullable;

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
 * <p>A response still a redirect after {@code maxRedirects} hops is raised too, as Tornado does, with a
 * message naming the limit ({@code "too many redirects: still 302 after maxRedirects=5 redirects; ..."}).
 *
 * <p>Raised only for response codes: network failures, timeouts and malformed responses are other
 * exceptions. Set {@link HttpRequest.Builder#raiseError(boolean) raiseError(false)} to get every response
 * as a value instead.
 */
public final class HttpClientError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponse response;

    HttpClientError(HttpResponse response) {
        this(response, null);
    }

    /**
     * Creates the error for {@code response}.
     *
     * @param response the response
     * @param why what went wrong, when the client knows more than the status (the redirect limit), or null
     */
    HttpClientError(HttpResponse response, @Nullable String why) {
        super("HTTP " + response.code() + " " + response.reason() + " for "
                + response.request().method() + " " + response.effectiveUrl()
                + (why != null ? ": " + why : hint(response)));
        this.response = response;
    }

    private static String hint(HttpResponse response) {
        int code = response.code();
        if (code >= 300 && code < 400) {
            if (!response.headers().contains("Location")) {
                return " (a redirect without a Location header)";
            }
            return " (a redirect that was not followed: followRedirects is off, the Location is not an http(s)"
                    + " URL, or the request body cannot be sent again)";
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
