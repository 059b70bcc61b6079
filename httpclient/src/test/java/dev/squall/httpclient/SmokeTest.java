package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.http.HttpServer;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test void getsHelloFromSquallServer() throws Exception {
        try (ClientFixture fx = new ClientFixture()) {
            HttpServer server = fx.server((req, resp) -> resp.end(200, "text/plain", "Hello, world"));
            AsyncHttpClient client = fx.client();
            HttpResponse r = await(client.fetch("http://127.0.0.1:" + server.port() + "/"));
            assertEquals(200, r.code());
            assertEquals("Hello, world", r.bodyText());
            HttpResponse r2 = await(client.fetch("http://127.0.0.1:" + server.port() + "/again"));
            assertEquals("Hello, world", r2.bodyText());
        }
    }

    @Test void getsFromRawServer() throws Exception {
        try (ClientFixture fx = new ClientFixture()) {
            RawServer raw = fx.raw(RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
            AsyncHttpClient client = fx.client();
            assertEquals("hi", await(client.fetch(raw.url("/a"))).bodyText());
            assertEquals("hi", await(client.fetch(raw.url("/b"))).bodyText());
            assertEquals(1, raw.connections());
        }
    }
}
