package dev.squall.testing;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.httpclient.TlsOptions;
import dev.squall.loop.IOLoop;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP client for the application a {@link SquallTest} serves, injected as a test method parameter: Squall's
 * {@link AsyncHttpClient} on the test's loop, speaking real HTTP/1.1 over loopback to the server on that same
 * loop.
 *
 * <pre>{@code
 * @SquallTest
 * class HelloTest {
 *     static Application app() { return Hello.app(); }
 *
 *     @Test void saysHello(TestClient client) {
 *         HttpResponse r = client.fetch("/");
 *         assertEquals(200, r.code());
 *         assertEquals("Hello, world", r.bodyText());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #fetch} blocks the test thread until the whole response is in, within the test's time limit.
 * Unlike a plain {@code AsyncHttpClient}, this one never raises for an error status (assert on
 * {@link HttpResponse#code()}), does not follow redirects (assert on the 302 and its {@code Location}), and
 * has no timeouts of its own — the test's limit guards it, and virtual time does not trip it; a request can
 * say otherwise. {@link #fetchAsync} returns a future that completes on the test's loop, for
 * asynchronous test bodies ({@link TestLoop#run}, {@link TestLoop#coroutine}) and for requests that wait on
 * time: {@link VirtualTime#advance} first waits until such requests have reached the application, so a
 * handler's timeout is set before the clock jumps.
 *
 * <p>Paths ({@code /items?page=2}) go to the application; absolute URLs go where they say — to a
 * {@link FakeService} of the test, or to loopback — and never to the real network. With
 * {@link SquallTest#cookies()} the client keeps the cookies the application sets, for this test only. With
 * {@link SquallTest#https()} it talks TLS to {@code https://localhost:port} and trusts the harness's
 * {@link TestCertificate}.
 */
public final class TestClient {
    /**
     * The client's own connect and request timeouts: none to speak of. The test's wall-clock limit guards every
     * wait, and a client timeout read on the loop's clock would fire when a test advances virtual time past it.
     */
    static final Duration NO_CLIENT_TIMEOUT = Duration.ofDays(365);

    private final TestScope scope;
    private final int port;
    private final URI base;
    private final AsyncHttpClient http;
    private final @Nullable CookieJar cookies;

    TestClient(TestScope scope, int port, boolean https, boolean keepCookies, FakeServices fakes) {
        this.scope = scope;
        this.port = port;
        this.base = URI.create((https ? "https://localhost:" : "http://" + AppFixture.ADDRESS + ":") + port);
        this.cookies = keepCookies ? new CookieJar(scope.loop().clock()) : null;
        this.http = scope.register(AsyncHttpClient.builder()
                .loop(scope.loop())
                .resolver(fakes.network())
                .defaults(d -> {
                    d.raiseError(false)
                            .followRedirects(false)
                            .connectTimeout(NO_CLIENT_TIMEOUT)
                            .requestTimeout(NO_CLIENT_TIMEOUT);
                    if (fakes.trust() != null) {
                        d.tls(TlsOptions.builder().sslContext(fakes.trust()).build());
                    }
                })
                .build());
    }

    /**
     * Sends {@code GET} and waits for the response. What the client fails with is thrown as it is, checked
     * exceptions included: a refused connection, a malformed response (see
     * {@link AsyncHttpClient#fetch(HttpRequest)}).
     *
     * @param pathOrUrl a path and query starting with {@code /}, or an absolute URL
     * @return the response, whatever its status
     * @throws IllegalArgumentException if {@code pathOrUrl} is neither
     * @throws IllegalStateException if called on a loop thread (use {@link #fetchAsync(String)} there)
     * @throws org.opentest4j.AssertionFailedError if no response arrives within the test's time limit
     */
    public HttpResponse fetch(String pathOrUrl) {
        return fetch(request(pathOrUrl).build());
    }

    /**
     * Sends {@code request} and waits for the response.
     *
     * <pre>{@code
     * HttpResponse r = client.fetch(client.request("/items").method("POST").json(new Item("pen")).build());
     * }</pre>
     *
     * @param request the request, e.g. from {@link #request(String)}
     * @return the response, whatever its status (unless the request asked to raise errors)
     * @throws IllegalStateException if called on a loop thread
     * @throws org.opentest4j.AssertionFailedError if no response arrives within the test's time limit
     */
    public HttpResponse fetch(HttpRequest request) {
        if (IOLoop.currentOrNull() != null) {
            throw new IllegalStateException("TestClient.fetch() was called on loop thread '"
                    + Thread.currentThread().getName() + "', where waiting would stall the server it waits for; "
                    + "use fetchAsync() there (in a coroutine: await(client.fetchAsync(...)))");
        }
        return scope.join(send(request), "the response to " + request.method() + " " + request.url());
    }

    /**
     * Sends a request to {@code pathOrUrl} that {@code request} sets up (method, headers, body) and waits for the
     * response: short for {@code fetch(request(pathOrUrl)...build())}, for a request that is not a plain
     * {@code GET}.
     *
     * <pre>{@code
     * HttpResponse r = client.fetch("/welcome", b -> b.header("Accept-Language", "es"));
     * HttpResponse saved = client.fetch("/items", b -> b.method("PUT").body(bytes));
     * }</pre>
     *
     * @param pathOrUrl a path and query starting with {@code /}, or an absolute URL
     * @param request sets up the request's builder, which comes with the URL set; runs on the calling thread
     * @return the response, whatever its status (unless the request asked to raise errors)
     * @throws IllegalArgumentException if {@code pathOrUrl} is neither
     * @throws IllegalStateException if called on a loop thread
     * @throws org.opentest4j.AssertionFailedError if no response arrives within the test's time limit
     */
    public HttpResponse fetch(String pathOrUrl, Consumer<HttpRequest.Builder> request) {
        HttpRequest.Builder builder = request(pathOrUrl);
        request.accept(builder);
        return fetch(builder.build());
    }

    /**
     * Sends {@code GET} and returns the response's future. Any thread.
     *
     * @param pathOrUrl a path and query starting with {@code /}, or an absolute URL
     * @return a future completed on the test's loop with the response
     * @throws IllegalArgumentException if {@code pathOrUrl} is neither
     */
    public CompletableFuture<HttpResponse> fetchAsync(String pathOrUrl) {
        return fetchAsync(request(pathOrUrl).build());
    }

    /**
     * Sends {@code request} and returns the response's future. Any thread.
     *
     * @param request the request
     * @return a future completed on the test's loop with the response, or failed as {@link #fetch} would throw
     */
    public CompletableFuture<HttpResponse> fetchAsync(HttpRequest request) {
        RequestTracker.InFlight tracked = scope.requests().started();
        CompletableFuture<HttpResponse> response = send(request.newBuilder()
                .setHeader(RequestTracker.HEADER, tracked.id)
                .build());
        response.whenComplete((r, e) -> scope.requests().finished(tracked));
        return response;
    }

    /**
     * Starts a request to the application (or, given an absolute URL, wherever it says), for
     * {@link #fetch(HttpRequest)}.
     *
     * @param pathOrUrl a path and query starting with {@code /}, or an absolute URL
     * @return a request builder with the URL set
     * @throws IllegalArgumentException if {@code pathOrUrl} is neither
     */
    public HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.builder(url(pathOrUrl));
    }

    /**
     * Returns the absolute URL of a path on the test server, e.g. {@code http://127.0.0.1:43210/a}; an absolute
     * URL is returned as it is.
     *
     * @param pathOrUrl a path and query starting with {@code /}, or an absolute {@code http(s)} URL
     * @return the URL
     * @throws IllegalArgumentException if {@code pathOrUrl} is neither
     */
    public URI url(String pathOrUrl) {
        if (pathOrUrl.startsWith("/")) {
            return base.resolve(pathOrUrl);
        }
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            return URI.create(pathOrUrl);
        }
        throw new IllegalArgumentException("'" + pathOrUrl + "' is neither a path nor an http(s) URL; give the path "
                + "and query for the test's application, e.g. /items?page=2");
    }

    /** Returns the port the application is served on, for {@link RawConnection#open(int)}. */
    public int port() {
        return port;
    }

    /**
     * Returns the value of a cookie the client keeps, or null.
     *
     * @param name the cookie's name
     * @return its value, or null if absent or expired
     * @throws IllegalStateException if the test did not ask for cookies ({@code @SquallTest(cookies = true)})
     */
    public @Nullable String cookie(String name) {
        if (cookies == null) {
            throw new IllegalStateException("this client keeps no cookies; use @SquallTest(cookies = true)");
        }
        return cookies.get(name);
    }

    @Override
    public String toString() {
        return "TestClient[" + base + "]";
    }

    private CompletableFuture<HttpResponse> send(HttpRequest request) {
        HttpRequest withCookies = request;
        String path = request.uri().getRawPath();
        String requestPath = path == null || path.isEmpty() ? "/" : path;
        if (cookies != null && !request.headers().contains("Cookie")) {
            String cookie = cookies.header(requestPath);
            if (cookie != null) {
                withCookies = request.newBuilder().setHeader("Cookie", cookie).build();
            }
        }
        CompletableFuture<HttpResponse> response = http.fetch(withCookies);
        if (cookies == null) {
            return response;
        }
        CompletableFuture<HttpResponse> stored = response.thenApply(r -> {
            cookies.store(requestPath, r.headers().getAll("Set-Cookie"));
            return r;
        });
        // cancelling the future the caller holds aborts the request, as it does without cookies
        stored.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                response.cancel(true);
            }
        });
        return stored;
    }
}
