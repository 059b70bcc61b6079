package dev.squall.web;

import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpVersion;
import dev.squall.loop.IOLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Runs requests through {@link Application#handle} on a loop with a {@link RecordingResponse}; no sockets. */
final class InMemoryClient implements WebClient {
    private final Application app;
    private final IOLoop loop;

    InMemoryClient(Application app, IOLoop loop) {
        this.app = app;
        this.loop = loop;
    }

    /** Starts a request without waiting for it, for tests that act while the handler waits. */
    RecordingResponse start(String method, String uri, HttpHeaders headers, byte[] body) {
        return startWith(r -> {}, method, uri, headers, body);
    }

    /** Starts a GET after preparing the response (e.g. to hold its flushes). */
    RecordingResponse startWith(java.util.function.Consumer<RecordingResponse> setup, String method, String uri) {
        return startWith(setup, method, uri, new HttpHeaders(), new byte[0]);
    }

    private RecordingResponse startWith(
            java.util.function.Consumer<RecordingResponse> setup,
            String method,
            String uri,
            HttpHeaders headers,
            byte[] body) {
        RecordingResponse response = new RecordingResponse(method, loop);
        setup.accept(response);
        HttpHeaders h = HttpHeaders.copyOf(headers);
        if (!h.contains("Host")) {
            h.set("Host", "127.0.0.1:8888");
        }
        loop.execute(() -> app.handle(
                new HttpServerRequest(
                        method,
                        uri,
                        HttpVersion.HTTP_1_1,
                        h,
                        body,
                        "127.0.0.1",
                        "http",
                        new InetSocketAddress("127.0.0.1", 40000),
                        loop,
                        loop.nanoTime()),
                response));
        return response;
    }

    static TestResponse await(RecordingResponse response) {
        try {
            response.done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail("the response was not finished within 5 s", e);
        }
        if (!response.violations.isEmpty()) {
            fail("the handler broke the HttpServerResponse contract: " + response.violations);
        }
        return new TestResponse(
                response.status,
                response.reason != null ? response.reason : dev.squall.http.HttpStatus.reasonPhrase(response.status),
                response.headers,
                response.receivedBody());
    }

    @Override
    public TestResponse fetch(String method, String uri, HttpHeaders headers, byte[] body) {
        return await(start(method, uri, headers, body));
    }
}
