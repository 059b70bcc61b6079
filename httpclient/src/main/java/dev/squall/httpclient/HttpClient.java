package dev.squall.httpclient;

import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A blocking HTTP client for scripts, command-line tools and tests, as Tornado's {@code HTTPClient}: each
 * {@link #fetch} waits for the response. It runs an {@link AsyncHttpClient} on a loop of its own, so it never
 * touches the caller's loop — and it refuses to run on a loop thread, where waiting would freeze every
 * connection of that loop.
 *
 * <pre>{@code
 * try (HttpClient http = HttpClient.create()) {
 *     HttpResponse r = http.fetch("https://example.com/");
 *     System.out.println(r.bodyText());
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may fetch at once (up to the client's {@code maxClients}, then they queue).
 */
public final class HttpClient implements AutoCloseable {
    private final IOLoop loop;
    private final AsyncHttpClient async;

    private HttpClient(IOLoop loop, AsyncHttpClient async) {
        this.loop = loop;
        this.async = async;
    }

    /**
     * Creates a client with the default limits, on a new daemon loop thread.
     *
     * @return the client; close it when done
     */
    public static HttpClient create() {
        return create(AsyncHttpClient.builder());
    }

    /**
     * Creates a client configured by {@code config} (whose loop, if set, is replaced), on a new daemon loop
     * thread.
     *
     * <pre>{@code
     * HttpClient.create(AsyncHttpClient.builder().defaults(d -> d.validateCertificates(false)))
     * }</pre>
     *
     * @param config limits and defaults
     * @return the client; close it when done
     */
    public static HttpClient create(AsyncHttpClient.Builder config) {
        IOLoop loop = IOLoop.builder().name("squall-http-client").daemon(true).build();
        return new HttpClient(loop, config.loop(loop).build());
    }

    /**
     * Fetches {@code url} with GET and waits for the response.
     *
     * @param url an absolute http or https URL
     * @return the response
     * @throws IOException for network errors and malformed responses (the same exceptions the async client
     *     fails with)
     * @throws HttpClientError for a non-2xx response
     * @throws HttpClientTimeoutException when a time limit passed
     * @throws IllegalArgumentException if the URL is not valid
     * @throws IllegalStateException if called on a loop thread
     */
    public HttpResponse fetch(String url) throws IOException {
        return fetch(HttpRequest.get(url));
    }

    /**
     * Sends {@code request} and waits for the response.
     *
     * @param request the request
     * @return the response
     * @throws IOException for network errors and malformed responses; {@link InterruptedIOException} if the
     *     thread is interrupted (the request is then cancelled)
     * @throws HttpClientError for a non-2xx response, unless the request says {@code raiseError(false)}
     * @throws HttpClientTimeoutException when a time limit passed
     * @throws IllegalStateException if called on a loop thread
     */
    public HttpResponse fetch(HttpRequest request) throws IOException {
        IOLoop current = IOLoop.currentOrNull();
        if (current != null) {
            throw new IllegalStateException("HttpClient.fetch() blocks, and was called on loop thread '"
                    + Thread.currentThread().getName() + "', which it would freeze; use AsyncHttpClient.shared(loop)"
                    + ".fetch(...) and chain the future (or await it in a coroutine handler)");
        }
        CompletableFuture<HttpResponse> f = async.fetch(request);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException("interrupted while fetching " + request);
            ie.initCause(e);
            throw ie;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /** Returns the asynchronous client underneath, for code that wants both styles. */
    public AsyncHttpClient async() {
        return async;
    }

    /** Closes the client and stops its loop thread. Idempotent. */
    @Override
    public void close() {
        async.close();
        loop.close();
    }
}
