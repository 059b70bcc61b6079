package dev.squall.samples.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * The hello sample over real HTTP/1.1: {@code hello} on the web layer; {@link HelloBareSampleTest} runs the same
 * checks against {@code hello-bare}, so both stay the same service.
 */
@SquallTest
class HelloSampleTest {
    /** The service under test: {@code hello}, without the access log, as the sample serves it by default. */
    HttpHandler app() {
        return HelloApp.app(false);
    }

    /** The JSON answer's Content-Type. */
    String jsonContentType() {
        return "application/json; charset=UTF-8";
    }

    @Test
    void plaintextCarriesTheHeadersTheBenchmarksCompare(TestClient client) {
        HttpResponse r = client.fetch("/plaintext");
        assertEquals(200, r.code());
        assertEquals("Hello, World!", r.bodyText());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("13", r.header("Content-Length"));
        assertEquals(HttpServer.SERVER_HEADER, r.header("Server"));
        assertTrue(String.valueOf(r.header("Date")).endsWith(" GMT"), r.header("Date"));
    }

    @Test
    void jsonIsServedWithItsLength(TestClient client) {
        HttpResponse r = client.fetch("/json");
        assertEquals("{\"message\":\"Hello, World!\"}", r.bodyText());
        assertEquals(jsonContentType(), r.header("Content-Type"));
        assertEquals("27", r.header("Content-Length"));
    }

    @Test
    void rootSaysHelloWorld(TestClient client) {
        assertEquals("Hello, world", client.fetch("/").bodyText());
    }

    @Test
    void headSendsTheLengthButNoBody(TestClient client) {
        HttpResponse r =
                client.fetch(client.request("/plaintext").method("HEAD").build());
        assertEquals(200, r.code());
        assertEquals("13", r.header("Content-Length"));
        assertEquals(0, r.bodyBytes().length);
    }

    @Test
    void echoSendsTheBodyBack(TestClient client) {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        HttpResponse r =
                client.fetch(client.request("/echo").method("POST").body(body).build());
        assertEquals(200, r.code());
        assertArrayEquals(body, r.bodyBytes());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405(TestClient client) {
        assertEquals(404, client.fetch("/missing").code());
        HttpResponse r = client.fetch(client.request("/json").method("DELETE").build());
        assertEquals(405, r.code());
        assertEquals("GET, HEAD", r.header("Allow"));
    }
}
