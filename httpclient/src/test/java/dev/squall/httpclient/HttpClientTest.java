package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking client. */
class HttpClientTest {
    private final ClientFixture fx = new ClientFixture();
    private final HttpServer server = fx.server((req, resp) -> {
        if (req.path().equals("/missing")) {
            resp.end(404, "text/plain", "nope");
        } else {
            resp.end(200, "text/plain", "blocking ok");
        }
    });
    private final HttpClient http = fx.closeLater(HttpClient.create());

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void fetchWaitsForTheResponse() throws Exception {
        assertEquals("blocking ok", http.fetch(url("/")).bodyText());
    }

    @Test
    void errorsAreThrownUnwrapped() {
        HttpClientError e = assertThrows(HttpClientError.class, () -> http.fetch(url("/missing")));
        assertEquals(404, e.code());
        assertThrows(java.net.ConnectException.class, () -> http.fetch("http://127.0.0.1:1/"));
    }

    @Test
    void refusesToBlockALoopThread() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        fx.loop.execute(() -> {
            try {
                http.fetch(url("/"));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        Throwable t = await(thrown);
        assertTrue(t instanceof IllegalStateException, String.valueOf(t));
        assertTrue(t.getMessage().contains("AsyncHttpClient.shared(loop)"), t.getMessage());
    }

    @Test
    void configurationIsPassedThrough() throws Exception {
        try (HttpClient custom = HttpClient.create(AsyncHttpClient.builder().defaults(d -> d.raiseError(false)))) {
            assertEquals(404, custom.fetch(url("/missing")).code());
        }
    }
}
