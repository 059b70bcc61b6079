package dev.squall.samples.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.samples.Launch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import dev.squall.net.TcpServer.AcceptStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hello sample over a real socket, with the JDK's HTTP/1.1 client: {@code hello} on the web layer; the
 * nested {@link Bare} runs the same checks against {@code hello-bare}, so both stay the same service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloSampleTest {
    private HttpServer server;
    private HttpClient client;

    /** Starts the server under test. */
    HttpServer startServer() {
        return HelloSample.serveApp(new Launch(0, "127.0.0.1", 1, List.of()), AcceptStrategy.ACCEPTOR, false);
    }

    /** The JSON answer's Content-Type. */
    String jsonContentType() {
        return "application/json; charset=UTF-8";
    }

    /** hello-bare: the same routes on the bare HttpServer. */
    static final class Bare extends HelloSampleTest {
        @Override HttpServer startServer() {
            return HelloSample.serve(new Launch(0, "127.0.0.1", 1, List.of()));
        }

        @Override String jsonContentType() {
            return "application/json";
        }
    }

    @BeforeAll void start() {
        server = startServer();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll void stop() {
        server.close();
        server.loops().close();
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send("GET", path, new byte[0]);
    }

    @Test void plaintextCarriesTheHeadersTheBenchmarksCompare() throws Exception {
        HttpResponse<byte[]> r = get("/plaintext");
        assertEquals(200, r.statusCode());
        assertEquals("Hello, World!", new String(r.body(), "UTF-8"));
        assertEquals("text/plain", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("13", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(HttpServer.SERVER_HEADER, r.headers().firstValue("Server").orElseThrow());
        assertTrue(r.headers().firstValue("Date").orElseThrow().endsWith(" GMT"));
    }

    @Test void jsonIsServedWithItsLength() throws Exception {
        HttpResponse<byte[]> r = get("/json");
        assertEquals("{\"message\":\"Hello, World!\"}", new String(r.body(), "UTF-8"));
        assertEquals(jsonContentType(), r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("27", r.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test void rootSaysHelloWorld() throws Exception {
        assertEquals("Hello, world", new String(get("/").body(), "UTF-8"));
    }

    @Test void headSendsTheLengthButNoBody() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", "/plaintext", new byte[0]);
        assertEquals(200, r.statusCode());
        assertEquals("13", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, r.body().length);
    }

    @Test void echoSendsTheBodyBack() throws Exception {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        HttpResponse<byte[]> r = send("POST", "/echo", body);
        assertEquals(200, r.statusCode());
        assertArrayEquals(body, r.body());
    }

    @Test void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertEquals(404, get("/missing").statusCode());
        HttpResponse<byte[]> r = send("DELETE", "/json", new byte[0]);
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }
}
