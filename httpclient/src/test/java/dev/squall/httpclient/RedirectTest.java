package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redirects end to end: two Squall servers on different ports are two origins. {@code /redirect?code=C&to=URL}
 * answers a redirect; {@code /echo} describes the request it got.
 */
class RedirectTest {
    private final ClientFixture fx = new ClientFixture();
    private final AsyncHttpClient client = fx.client();
    private final HttpServer a = fx.server(RedirectTest::handle);
    private final HttpServer b = fx.server(RedirectTest::handle);

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private static void handle(HttpServerRequest req, dev.squall.http.HttpServerResponse resp) {
        String query = req.query();
        switch (req.path()) {
            case "/redirect" -> {
                String code = param(query, "code");
                String to = param(query, "to");
                resp.end(
                        Integer.parseInt(code),
                        new HttpHeaders().add("Location", to).add("Content-Type", "text/plain"),
                        ("moved to " + to).getBytes(StandardCharsets.UTF_8));
            }
            case "/loop" -> resp.end(302, new HttpHeaders().add("Location", "/loop"), new byte[0]);
            case "/bigredirect" -> resp.end(302, new HttpHeaders().add("Location", "/echo"), new byte[200_000]);
            default -> {
                StringBuilder sb = new StringBuilder(req.method())
                        .append(' ')
                        .append(req.uri())
                        .append('\n');
                for (String h : new String[] {"Authorization", "Cookie", "Content-Type", "X-Keep", "Host"}) {
                    sb.append(h).append('=').append(req.headers().get(h, "-")).append('\n');
                }
                sb.append("body=").append(new String(req.body(), StandardCharsets.UTF_8));
                resp.end(200, "text/plain", sb.toString());
            }
        }
    }

    private static String param(String query, String name) {
        for (String part : query.split("&")) {
            if (part.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + query);
    }

    private static String url(HttpServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    private static String redirect(HttpServer s, int code, String to) {
        return url(s, "/redirect?code=" + code + "&to=" + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8));
    }

    /** POSTs through a 307 from server a to {@code target}'s echo, and returns what the echo saw. */
    private String echoAfter307To(HttpServer target) throws Exception {
        return await(client.fetch(post(redirect(a, 307, url(target, "/echo"))))).bodyText();
    }

    private HttpRequest post(String url) {
        return HttpRequest.builder(url)
                .method("POST")
                .body("payload")
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer t")
                .header("Cookie", "c=1")
                .header("X-Keep", "k")
                .build();
    }

    @Test
    void everyRedirectCodeIsFollowedToTheFinalResponse() throws Exception {
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            HttpResponse r = await(client.fetch(redirect(a, code, "/echo?from=" + code)));
            assertEquals(200, r.code(), "code " + code);
            assertTrue(r.bodyText().startsWith("GET /echo?from=" + code), r.bodyText());
            assertEquals(URI.create(url(a, "/echo?from=" + code)), r.effectiveUrl());
        }
    }

    @Test
    void postAfter301Or302And303BecomesGetWithoutBodyHeaders() throws Exception {
        for (int code : new int[] {301, 302, 303}) {
            String body = await(client.fetch(post(redirect(a, code, "/echo")))).bodyText();
            assertTrue(body.startsWith("GET /echo\n"), code + ": " + body);
            assertTrue(body.contains("Content-Type=-\n"), code + ": " + body);
            assertTrue(body.endsWith("body="), code + ": " + body);
            assertTrue(body.contains("X-Keep=k\n"), code + ": " + body);
        }
    }

    @Test
    void temporaryAndPermanentRedirectsKeepMethodAndBody() throws Exception {
        for (int code : new int[] {307, 308}) {
            String body = await(client.fetch(post(redirect(a, code, "/echo")))).bodyText();
            assertTrue(body.startsWith("POST /echo\n"), code + ": " + body);
            assertTrue(body.contains("Content-Type=text/plain\n"), code + ": " + body);
            assertTrue(body.endsWith("body=payload"), code + ": " + body);
        }
    }

    @Test
    void sameOriginHopKeepsAuthorizationAndCookie() throws Exception {
        String body = echoAfter307To(a);
        assertTrue(body.contains("Authorization=Bearer t\n"), body);
        assertTrue(body.contains("Cookie=c=1\n"), body);
    }

    @Test
    void crossOriginHopStripsAuthorizationCookieAndUrlCredentials() throws Exception {
        String body = echoAfter307To(b);
        assertTrue(body.contains("Authorization=-\n"), body);
        assertTrue(body.contains("Cookie=-\n"), body);
        assertTrue(body.contains("X-Keep=k\n"), body);

        String withCredentials = "http://user:secret@127.0.0.1:" + a.port() + "/redirect?code=302&to="
                + java.net.URLEncoder.encode(url(b, "/echo"), StandardCharsets.UTF_8);
        String body2 = await(client.fetch(withCredentials)).bodyText();
        assertTrue(body2.contains("Authorization=-\n"), body2);
    }

    @Test
    void crossOriginHopSendsTheNewHost() throws Exception {
        String body = await(client.fetch(HttpRequest.builder(redirect(a, 302, url(b, "/echo")))
                        .header("Host", "virtual.example")
                        .build()))
                .bodyText();
        assertTrue(body.contains("Host=127.0.0.1:" + b.port() + "\n"), body);
    }

    @Test
    void moreRedirectsThanTheLimitReturnTheLastRedirectAsAnError() throws Exception {
        HttpClientError e = failure(
                HttpClientError.class,
                client.fetch(
                        HttpRequest.builder(url(a, "/loop")).maxRedirects(3).build()));
        assertEquals(302, e.code());
        assertTrue(
                e.getMessage().contains("too many redirects: still 302 after maxRedirects=3 redirects"),
                e.getMessage());
        assertEquals(302, e.response().code(), "the error carries the last redirect");
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(a, "/loop"))
                .maxRedirects(3)
                .raiseError(false)
                .build()));
        assertEquals(302, r.code());
    }

    @Test
    void defaultLimitIsFiveRedirects() throws Exception {
        // /redirect chains: 5 hops reach /echo, 6 do not.
        String target = url(a, "/echo");
        for (int i = 0; i < 5; i++) {
            target = redirect(a, 302, target);
        }
        assertEquals(200, await(client.fetch(target)).code());
        HttpClientError e = failure(HttpClientError.class, client.fetch(redirect(a, 302, target)));
        assertEquals(302, e.code());
        assertTrue(e.getMessage().contains("after maxRedirects=5 redirects"), e.getMessage());
    }

    @Test
    void followRedirectsOffReturnsTheRedirect() throws Exception {
        HttpResponse r = await(client.fetch(HttpRequest.builder(redirect(a, 301, "/echo"))
                .followRedirects(false)
                .raiseError(false)
                .build()));
        assertEquals(301, r.code());
        assertEquals("/echo", r.header("Location"));
        assertEquals("moved to /echo", r.bodyText());
    }

    @Test
    void redirectBodiesAreSkippedAndSmallOnesKeepTheConnection() throws Exception {
        java.util.Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpServer s = fx.server((req, resp) -> {
            ports.add(req.remoteAddress().getPort());
            handle(req, resp);
        });
        HttpResponse r = await(client.fetch(redirect(s, 302, "/echo")));
        assertTrue(r.bodyText().startsWith("GET /echo"));
        assertEquals(1, ports.size(), "the small redirect body was drained and the connection reused");
        HttpResponse big = await(client.fetch(url(s, "/bigredirect")));
        assertTrue(big.bodyText().startsWith("GET /echo"));
    }

    @Test
    void producedBodyIsNotResentSoA307IsTheResult() throws Exception {
        HttpRequest upload = HttpRequest.builder(redirect(a, 307, "/echo"))
                .method("PUT")
                .bodyProducer(w -> w.write("streamed"))
                .raiseError(false)
                .build();
        assertEquals(307, await(client.fetch(upload)).code());
    }
}
