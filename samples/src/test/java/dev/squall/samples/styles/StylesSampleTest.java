package dev.squall.samples.styles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.http.HttpServer;
import dev.squall.samples.Launch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The styles sample over a real socket: every style gives the same answer, so the benchmark compares like with like. */
class StylesSampleTest {
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll static void start() {
        server = StylesSample.serve(new Launch(0, "127.0.0.1", 1, List.of()));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll static void stop() {
        server.close();
        server.loops().close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/plain/plaintext", "/async/plaintext", "/coroutine/plaintext", "/async/wait", "/coroutine/wait"})
    void everyStyleAnswersTheSamePlaintext(String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(StylesSample.MESSAGE, r.body());
        assertEquals("text/plain", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("13", r.headers().firstValue("Content-Length").orElseThrow());
    }
}
