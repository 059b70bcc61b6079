package dev.squall.testing;

import dev.squall.http.HttpHeaders;
import dev.squall.loop.IOLoop;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * An HTTP client for the application a {@link SquallTest} serves, injected as a test method parameter. It
 * speaks real HTTP/1.1 over a loopback socket to the server on the test's loop, keeping one connection alive
 * between requests as a browser would.
 *
 * <pre>{@code
 * @SquallTest
 * class HelloTest {
 *     static Application app() { return Hello.app(); }
 *
 *     @Test void saysHello(TestClient client) {
 *         RawResponse r = client.fetch("/");
 *         assertEquals(200, r.code());
 *         assertEquals("Hello, world", r.bodyText());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #fetch} blocks the test thread until the whole response is in, within the test's time limit; it
 * never throws for an error status (assert on {@link RawResponse#code()}). {@link #fetchAsync} returns a
 * future that completes on the test's loop, for asynchronous test bodies ({@link TestLoop#run}) and for
 * requests that wait on time: {@link VirtualTime#advance} first waits until such requests have reached the
 * application, so a handler's timeout is set before the clock jumps.
 *
 * <p>With {@link SquallTest#cookies()} the client keeps the cookies the application sets, for this test
 * only. With {@link SquallTest#https()} it talks TLS to {@code https://localhost:port} and trusts the
 * harness's {@link TestCertificate}.
 */
public final class TestClient {
    private final TestScope scope;
    private final int port;
    private final String hostHeader;
    private final URI base;
    private final @Nullable SSLContext tls;
    private final @Nullable CookieJar cookies;
    private final ExecutorService asyncRequests;
    /** The kept-alive connection of the blocking {@link #fetch} calls; guarded by {@code this}. */
    private @Nullable RawConnection kept;

    TestClient(TestScope scope, int port, boolean https, boolean keepCookies) {
        this.scope = scope;
        this.port = port;
        String host = https ? "localhost" : AppFixture.ADDRESS;
        this.hostHeader = host + ":" + port;
        this.base = URI.create((https ? "https://" : "http://") + hostHeader);
        this.tls = https ? TestCertificate.localhost().clientContext() : null;
        this.cookies = keepCookies ? new CookieJar(scope.loop().clock()) : null;
        this.asyncRequests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("squall-test-fetch-", 1).factory());
        scope.register(asyncRequests::shutdownNow);
    }

    /**
     * Sends {@code GET path} and waits for the response.
     *
     * @param path the path and query, starting with {@code /}
     * @return the response, whatever its status
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     * @throws IllegalStateException if called on a loop thread (use {@link #fetchAsync(String)} there)
     * @throws AssertionFailedError if no well-formed response arrives within the test's time limit
     */
    public RawResponse fetch(String path) {
        return fetch("GET", path, new HttpHeaders(), new byte[0]);
    }

    /**
     * Sends a request and waits for the response. A {@code Content-Length} is added for a body, and for
     * {@code POST}, {@code PUT} and {@code PATCH} without one.
     *
     * @param method the method, e.g. {@code POST}
     * @param path the path and query, starting with {@code /}
     * @param headers request headers ({@code Host} is added unless given)
     * @param body the body, possibly empty
     * @return the response, whatever its status
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     * @throws IllegalStateException if called on a loop thread
     * @throws AssertionFailedError if no well-formed response arrives within the test's time limit
     */
    public synchronized RawResponse fetch(String method, String path, HttpHeaders headers, byte[] body) {
        if (IOLoop.currentOrNull() != null) {
            throw new IllegalStateException("TestClient.fetch() was called on loop thread '"
                    + Thread.currentThread().getName() + "', where waiting would stall the server it waits for; "
                    + "use fetchAsync() there (in a coroutine: await(client.fetchAsync(...)))");
        }
        byte[] request = encode(method, path, headers, body);
        boolean reused = kept != null;
        if (kept == null) {
            kept = connect();
        }
        try {
            RawResponse response = exchange(kept, method, request);
            if (!keepsAlive(response)) {
                closeKept();
            }
            return response;
        } catch (UncheckedIOException | AssertionFailedError e) {
            RawConnection failed = kept;
            closeKept();
            // The server may have closed the idle connection (e.g. after its idle timeout in virtual time) before
            // this request reached it: try once on a fresh connection.
            if (reused && failed != null && (e instanceof UncheckedIOException || failed.closedBeforeAnyByte())) {
                kept = connect();
                RawResponse response = exchange(kept, method, request);
                if (!keepsAlive(response)) {
                    closeKept();
                }
                return response;
            }
            throw e;
        }
    }

    /**
     * Sends {@code GET path} on a connection of its own and returns the response's future.
     *
     * @param path the path and query, starting with {@code /}
     * @return a future completed on the test's loop with the response
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     */
    public CompletableFuture<RawResponse> fetchAsync(String path) {
        return fetchAsync("GET", path, new HttpHeaders(), new byte[0]);
    }

    /**
     * Sends a request on a connection of its own and returns the response's future; callable from the loop.
     *
     * @param method the method
     * @param path the path and query, starting with {@code /}
     * @param headers request headers
     * @param body the body, possibly empty
     * @return a future completed on the test's loop with the response, or failed as {@link #fetch} would throw
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     */
    public CompletableFuture<RawResponse> fetchAsync(String method, String path, HttpHeaders headers, byte[] body) {
        RequestTracker.InFlight tracked = scope.requests().started();
        byte[] request = encode(method, path, HttpHeaders.copyOf(headers).set(RequestTracker.HEADER, tracked.id), body);
        CompletableFuture<RawResponse> response = CompletableFuture.supplyAsync(() -> {
            try (RawConnection c = connect()) {
                return exchange(c, method, request);
            } finally {
                scope.requests().finished(tracked);
            }
        }, asyncRequests);
        return scope.loop().adopt(response);
    }

    /**
     * Returns the absolute URL of {@code path} on the test server, e.g. {@code http://127.0.0.1:43210/a}.
     *
     * @param path the path and query, starting with {@code /}
     * @return the URL
     */
    public URI url(String path) {
        checkPath(path);
        return base.resolve(path);
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

    @Override public String toString() {
        return "TestClient[" + base + "]";
    }

    private RawConnection connect() {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return RawConnection.open(address, tls, tls != null ? "localhost" : null, scope);
    }

    private RawResponse exchange(RawConnection c, String method, byte[] request) {
        c.send(request);
        RawResponse response = c.readResponse(method);
        while (response.code() / 100 == 1 && response.code() != 101) {
            response = c.readResponse(method);
        }
        if (cookies != null) {
            cookies.store(response.headers("Set-Cookie"));
        }
        return response;
    }

    private byte[] encode(String method, String path, HttpHeaders headers, byte[] body) {
        checkPath(path);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (!headers.contains("Host")) {
            head.append("Host: ").append(hostHeader).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (cookies != null && !headers.contains("Cookie")) {
            String cookie = cookies.header();
            if (cookie != null) {
                head.append("Cookie: ").append(cookie).append("\r\n");
            }
        }
        boolean bodyExpected = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        if ((body.length > 0 || bodyExpected) && !headers.contains("Content-Length")
                && !headers.contains("Transfer-Encoding")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("'" + path + "' is not a path; TestClient talks only to the test's "
                    + "application, so give the path and query, e.g. /items?page=2");
        }
    }

    private static boolean keepsAlive(RawResponse r) {
        String connection = r.header("Connection");
        if (connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close")) {
            return false;
        }
        if (r.version().equals("HTTP/1.0")) {
            return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("keep-alive");
        }
        // A body delimited by the close of the connection leaves nothing to keep.
        return r.isChunked() || r.header("Content-Length") != null || r.body().length == 0;
    }

    private void closeKept() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }
}
