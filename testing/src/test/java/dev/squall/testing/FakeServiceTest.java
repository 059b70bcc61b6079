package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.IOLoop;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@SquallTest
class FakeServiceTest {

    /** A fake upstream that says which fake it is and what it was asked. */
    static HttpHandler answering(String name) {
        return (request, response) -> response.end(
                200,
                new HttpHeaders().add("Content-Type", "text/plain"),
                (name + " " + request.method() + " " + request.uri() + " host="
                                + request.headers().get("Host"))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @FakeService(host = "api.example.com")
    static HttpHandler exampleApi() {
        return answering("example");
    }

    @FakeService(host = "secure.example.com", https = true)
    static final HttpHandler secureApi = answering("secure");

    @FakeService(host = "odd.example.com", port = 8443)
    static HttpHandler oddPort() {
        return answering("odd");
    }

    /** The application calls the upstream named in the query, with the client the harness gives it. */
    static HttpHandler app(AsyncHttpClient http, IOLoop loop) {
        return (request, response) -> {
            assertTrue(loop.inEventLoop());
            http.fetch(request.query()).whenComplete((upstream, error) -> {
                byte[] body =
                        (error != null ? "failed: " + error : upstream.bodyText()).getBytes(StandardCharsets.UTF_8);
                response.end(error != null ? 502 : 200, new HttpHeaders(), body);
            });
        };
    }

    @Test
    void theApplicationsCallsReachTheFake(TestClient client) {
        assertEquals(
                "example GET /v1/items?x=1 host=api.example.com",
                client.fetch("/?http://api.example.com/v1/items?x=1").bodyText());
    }

    @Test
    void anHttpsFakeIsTrustedByTheHarnessClients(TestClient client) {
        assertEquals(
                "secure GET /token host=secure.example.com",
                client.fetch("/?https://secure.example.com/token").bodyText());
    }

    @Test
    void aFakeMayListenForAnotherPort(TestClient client) {
        assertEquals(
                "odd GET / host=odd.example.com:8443",
                client.fetch("/?http://odd.example.com:8443/").bodyText());
    }

    @Test
    void aHostWithoutAFakeFailsInsteadOfReachingTheNetwork(TestClient client) {
        HttpResponse r = client.fetch("/?http://github.com/");
        assertEquals(502, r.code());
        assertTrue(r.bodyText().contains("github.com:80 is not a fake service of this test"), r.bodyText());
    }

    @Test
    void aTestMayCallTheFakesItself(AsyncHttpClient http, TestLoop loop) {
        assertEquals(
                "example GET / host=api.example.com",
                loop.join(http.fetch("http://api.example.com/")).bodyText());
    }

    @Test
    void theTestClientReachesTheFakesByUrl(TestClient client) {
        assertEquals(
                "example GET /direct host=api.example.com",
                client.fetch("http://api.example.com/direct").bodyText());
    }

    @Test
    void theClientGivenToTheApplicationIsTheOneInjected(AsyncHttpClient http, TestClient client, TestLoop loop) {
        client.fetch("/?http://api.example.com/");
        assertEquals(loop.loop(), http.loop());
    }

    @Nested
    class InANestedClass {
        @FakeService(host = "api.example.com")
        HttpHandler replacement() {
            return answering("replacement");
        }

        @Test
        void theInnerFakeOfAHostWins(TestClient client) {
            assertTrue(client.fetch("/?http://api.example.com/").bodyText().startsWith("replacement"));
        }

        @Test
        void theOuterFakesStillServe(TestClient client) {
            assertTrue(client.fetch("/?https://secure.example.com/").bodyText().startsWith("secure"));
        }
    }

    @Nested
    class AnApplicationOnTheSharedClient {
        /** Takes no client: calls through the loop's shared one, as code written for production often does. */
        HttpHandler app() {
            return (request, response) -> AsyncHttpClient.shared(IOLoop.current())
                    .fetch(request.query())
                    .whenComplete((upstream, error) -> response.end(
                            error != null ? 502 : 200,
                            new HttpHeaders(),
                            (error != null ? "failed: " + error : upstream.bodyText())
                                    .getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void reachesTheFakesToo(TestClient client) {
            assertEquals(
                    "example GET /shared host=api.example.com",
                    client.fetch("/?http://api.example.com/shared").bodyText());
            HttpResponse refused = client.fetch("/?http://github.com/");
            assertTrue(refused.bodyText().contains("is not a fake service of this test"), refused.bodyText());
        }

        @Test
        void theSharedClientIsTheOneInjected(AsyncHttpClient http, TestClient client, TestLoop loop) {
            client.fetch("/?http://api.example.com/");
            assertSame(http, loop.call(() -> AsyncHttpClient.shared(IOLoop.current())));
        }
    }

    @Test
    void aRefusedHostIsAnUnknownHostException(AsyncHttpClient http, TestLoop loop) {
        assertThrows(UnknownHostException.class, () -> loop.join(http.fetch("https://api.github.com/")));
    }
}
