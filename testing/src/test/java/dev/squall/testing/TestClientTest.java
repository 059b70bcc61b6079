package dev.squall.testing;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@SquallTest
class TestClientTest {
    static final AtomicReference<IOLoop> servedOn = new AtomicReference<>();

    static HttpHandler app() {
        return TestClientTest::handle;
    }

    static void handle(HttpServerRequest request, HttpServerResponse response) {
        servedOn.set(IOLoop.current());
        HttpHeaders h = new HttpHeaders().add("Content-Type", "text/plain");
        switch (request.path()) {
            case "/" -> response.end(200, h, utf8("Hello, world"));
            case "/echo" -> response.end(200, h.add("X-Method", request.method()), request.body());
            case "/port" ->
                response.end(
                        200, h, utf8(Integer.toString(request.remoteAddress().getPort())));
            case "/login" ->
                response.end(
                        200,
                        h.add("Set-Cookie", "session=abc; Max-Age=60; HttpOnly").add("Set-Cookie", "theme=dark"),
                        utf8("in"));
            case "/logout" -> response.end(200, h.add("Set-Cookie", "session=; Max-Age=0"), utf8("out"));
            case "/cookies" -> response.end(200, h, utf8(request.headers().get("Cookie", "none")));
            case "/redirect" -> response.end(302, h.add("Location", "/"), new byte[0]);
            case "/tracking" ->
                response.end(200, h, utf8(Boolean.toString(request.headers().contains(RequestTracker.HEADER))));
            default -> response.end(404, h, utf8("not found"));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void saysHello(TestClient client) {
        HttpResponse r = client.fetch("/");
        assertEquals(200, r.code());
        assertEquals("Hello, world", r.bodyText());
    }

    @Test
    void theApplicationIsServedOnTheTestsLoop(TestClient client, IOLoop loop) {
        client.fetch("/");
        assertSame(loop, servedOn.get());
    }

    @Test
    void anErrorStatusIsReturnedNotThrown(TestClient client) {
        assertEquals(404, client.fetch("/missing").code());
    }

    @Test
    void aRequestCarriesItsMethodAndBody(TestClient client) {
        HttpResponse r = client.fetch(client.request("/echo")
                .method("POST")
                .header("Content-Type", "text/plain")
                .body("some text")
                .build());
        assertEquals("POST", r.header("X-Method"));
        assertEquals("some text", r.bodyText());
    }

    @Test
    void fetchSetsUpTheRequestAsTheLambdaSays(TestClient client) {
        HttpResponse r = client.fetch("/echo", b -> b.method("PUT").body("some bytes"));
        assertEquals("PUT", r.header("X-Method"));
        assertEquals("some bytes", r.bodyText());
        assertEquals(
                "a=1", client.fetch("/cookies", b -> b.header("Cookie", "a=1")).bodyText());
    }

    @Test
    void requestsReuseOneKeptAliveConnection(TestClient client) {
        assertEquals(client.fetch("/port").bodyText(), client.fetch("/port").bodyText());
    }

    @Test
    void fetchAsyncCompletesOnTheTestLoop(TestClient client, TestLoop loop) {
        String body = loop.run(() -> client.fetchAsync("/").thenApply(r -> {
            assertTrue(loop.loop().inEventLoop());
            return r.bodyText();
        }));
        assertEquals("Hello, world", body);
    }

    @Test
    void aCoroutineAwaitsAsyncFetches(TestClient client, TestLoop loop) {
        String text = loop.coroutine(() -> {
            HttpResponse first = await(client.fetchAsync("/"));
            HttpResponse second = await(client.fetchAsync("/missing"));
            assertTrue(loop.loop().inEventLoop());
            return first.bodyText() + " / " + second.code();
        });
        assertEquals("Hello, world / 404", text);
    }

    @Test
    void theHarnessTrackingHeaderNeverReachesTheApplication(TestClient client, TestLoop loop) {
        assertEquals("false", loop.join(client.fetchAsync("/tracking")).bodyText());
    }

    @Test
    void blockingFetchInACoroutineIsRefusedWithAnExplanation(TestClient client, TestLoop loop) {
        IllegalStateException e =
                loop.coroutine(() -> assertThrows(IllegalStateException.class, () -> client.fetch("/")));
        assertTrue(e.getMessage().contains("await(client.fetchAsync(...))"), e.getMessage());
    }

    @Test
    void fetchOnTheLoopIsRefusedWithAnExplanation(TestClient client, TestLoop loop) {
        IllegalStateException e = loop.call(() -> assertThrows(IllegalStateException.class, () -> client.fetch("/")));
        assertTrue(e.getMessage().contains("use fetchAsync() there"), e.getMessage());
    }

    @Test
    void somethingNeitherAPathNorAUrlIsRefused(TestClient client) {
        assertThrows(IllegalArgumentException.class, () -> client.fetch("items"));
    }

    @Test
    void aRealHostIsNeverReached(TestClient client) {
        java.net.UnknownHostException e =
                assertThrows(java.net.UnknownHostException.class, () -> client.fetch("http://example.com/"));
        assertTrue(e.getMessage().startsWith("example.com:80 is not a fake service of this test"), e.getMessage());
    }

    @Test
    void redirectsAreReturnedNotFollowed(TestClient client) {
        HttpResponse r = client.fetch("/redirect");
        assertEquals(302, r.code());
        assertEquals("/", r.header("Location"));
    }

    @Test
    void urlNamesTheTestServer(TestClient client) {
        assertEquals(
                "http://127.0.0.1:" + client.port() + "/a?b=c",
                client.url("/a?b=c").toString());
    }

    @Test
    void cookiesAreNotKeptUnlessAskedFor(TestClient client) {
        client.fetch("/login");
        assertEquals("none", client.fetch("/cookies").bodyText());
    }

    @Test
    void theServerIsClosedWhenTheTestEnds() {
        Samples.run(RemembersItsPort.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), RemembersItsPort.port), 5000);
            }
        });
    }

    @Test
    void aClassWithoutAnApplicationGetsAnExplanation() {
        Throwable failure = SquallExtensionTest.onlyFailure(Samples.run(NoApplication.class));
        assertTrue(
                failure.getMessage()
                        .contains("TestClient needs an application to talk to: add "
                                + "'static Application app() { return ...; }' to NoApplication"),
                failure.getMessage());
    }

    @Test
    void aClassWithTwoApplicationsGetsAnExplanation() {
        Throwable failure = SquallExtensionTest.onlyFailure(Samples.run(TwoApplications.class));
        assertTrue(failure.getMessage().contains("names 2 applications"), failure.getMessage());
    }

    @Test
    void aTestAppFieldSetInBeforeEachIsServed() {
        Samples.run(FieldApplication.class).testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Nested
    @SquallTest(cookies = true)
    class WithCookies {
        @Test
        void aCookieSetByOneResponseIsSentWithTheNext(TestClient client) {
            client.fetch("/login");
            assertEquals("session=abc; theme=dark", client.fetch("/cookies").bodyText());
            assertEquals("abc", client.cookie("session"));
        }

        @Test
        void aCookieWithMaxAgeZeroIsDeleted(TestClient client) {
            client.fetch("/login");
            client.fetch("/logout");
            assertEquals("theme=dark", client.fetch("/cookies").bodyText());
        }

        @Test
        void aCookieExpiresWithVirtualTime(TestClient client, VirtualTime time) {
            client.fetch("/login");
            time.advance(Duration.ofSeconds(59));
            assertEquals("abc", client.cookie("session"));
            time.advance(Duration.ofSeconds(1));
            assertNull(client.cookie("session"));
            assertEquals("theme=dark", client.fetch("/cookies").bodyText());
        }
    }

    @Nested
    @SquallTest(https = true) // keytool runs while the client is injected, outside the time limit
    class OverHttps {
        @Test
        void theApplicationIsServedOverTls(TestClient client) {
            assertEquals(
                    "https://localhost:" + client.port() + "/", client.url("/").toString());
            assertEquals("Hello, world", client.fetch("/").bodyText());
        }

        @Test
        void aPlainTextRequestToTheTlsPortGetsNoHttpResponse(TestClient client) {
            try (RawConnection c = RawConnection.open(client.port())) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                byte[] answer = c.readUntilClose();
                assertTrue(
                        answer.length == 0 || answer[0] != 'H', () -> new String(answer, StandardCharsets.ISO_8859_1));
            }
        }

        @Test
        void aRawTlsConnectionTrustingTheTestCertificateWorks(TestClient client) {
            try (RawConnection c = RawConnection.openTls(
                    client.port(), TestCertificate.localhost().clientContext(), "localhost")) {
                c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals("Hello, world", c.readResponse().bodyText());
            }
        }
    }

    @Nested
    @SquallTest(virtualTime = true)
    class InVirtualTime {
        @Test
        void aKeptConnectionTheServerClosedWhileIdleIsReplaced(TestClient client, VirtualTime time) {
            String firstPort = client.fetch("/port").bodyText();
            time.advance(HttpServer.DEFAULT_IDLE_TIMEOUT.plusSeconds(1));
            HttpResponse r = client.fetch("/port");
            assertEquals(200, r.code());
            assertNotEquals(firstPort, r.bodyText());
        }
    }

    @Samples.Sample
    @SquallTest
    static class RemembersItsPort {
        static volatile int port;

        static HttpHandler app() {
            return TestClientTest::handle;
        }

        @Test
        void fetches(TestClient client) {
            port = client.port();
            assertEquals(200, client.fetch("/").code());
        }
    }

    @Samples.Sample
    @SquallTest
    static class NoApplication {
        @Test
        void wantsAClient(TestClient client) {}
    }

    @Samples.Sample
    @SquallTest
    static class TwoApplications {
        static HttpHandler app() {
            return TestClientTest::handle;
        }

        @TestApp
        static HttpHandler other() {
            return TestClientTest::handle;
        }

        @TestApp
        static final HttpHandler third = TestClientTest::handle;

        @Test
        void wantsAClient(TestClient client) {}
    }

    @Samples.Sample
    @SquallTest
    static class FieldApplication {
        @TestApp
        HttpHandler app;

        @org.junit.jupiter.api.BeforeEach
        void makeApp() {
            app = (request, response) -> response.end(201, new HttpHeaders(), new byte[0]);
        }

        @Test
        void usesTheField(TestClient client) throws IOException {
            assertEquals(201, client.fetch("/").code());
        }
    }
}
