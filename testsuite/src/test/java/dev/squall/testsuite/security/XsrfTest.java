package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CookieOptions;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** XSRF protection over HTTP, with tokens built as Tornado 6 builds them (the algorithm re-implemented here). */
@SquallTest(cookies = true)
class XsrfTest {
    static Application app() {
        return Application.builder()
                .xsrfCookies(true)
                .xsrfCookieOptions(CookieOptions.builder()
                        .sameSite(CookieOptions.SameSite.STRICT)
                        .build())
                .route("/form", Form::new)
                .route("/chained", Chained::new)
                .route("/coroutine", Coroutine::new)
                .route("/api", Api::new)
                .logFunction(h -> {})
                .build();
    }

    static final class Form extends RequestHandler {
        @Override
        public void get() {
            write(xsrfFormHtml());
        }

        @Override
        public void post() {
            write("posted");
        }

        @Override
        public void put() {
            write("put");
        }

        @Override
        public void delete() {
            write("deleted");
        }

        @Override
        public void options() {
            write("options");
        }
    }

    static final class Chained extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> post() {
            write("chained");
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class Coroutine extends CoroutineRequestHandler {
        @Override
        public void post() {
            write("coroutine");
        }
    }

    /** An API authenticated some other way opts out. */
    static final class Api extends RequestHandler {
        @Override
        protected void checkXsrfCookie() {}

        @Override
        public void post() {
            write("api");
        }
    }

    static String tokenFromForm(TestClient client) {
        String html = client.fetch("/form").bodyText();
        int at = html.indexOf("value=\"") + 7;
        return html.substring(at, html.indexOf('"', at));
    }

    static HttpResponse post(TestClient client, String path, Map<String, String> form) {
        return client.fetch(client.request(path).method("POST").form(form).build());
    }

    /** Tornado's version-2 token: "2|" + hex(mask) + "|" + hex(token XOR mask) + "|" + timestamp. */
    static String tornadoToken(byte[] token, byte[] mask, long ts) {
        byte[] masked = new byte[token.length];
        for (int i = 0; i < token.length; i++) {
            masked[i] = (byte) (token[i] ^ mask[i % 4]);
        }
        return "2|" + HexFormat.of().formatHex(mask) + "|" + HexFormat.of().formatHex(masked) + "|" + ts;
    }

    static byte[] tornadoUnmask(String token) {
        String[] p = token.split("\\|");
        byte[] mask = HexFormat.of().parseHex(p[1]);
        byte[] masked = HexFormat.of().parseHex(p[2]);
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i % mask.length];
        }
        return masked;
    }

    @Test
    void theFormSetsTheCookieAndItsTokenPasses(TestClient client) {
        HttpResponse page = client.fetch("/form");
        String setCookie = page.headers().getAll("Set-Cookie").get(0);
        assertTrue(setCookie.startsWith("_xsrf=2|") && setCookie.endsWith("; Path=/; SameSite=Strict"), setCookie);
        String token = tokenFromForm(client);
        assertEquals("posted", post(client, "/form", Map.of("_xsrf", token)).bodyText());
        assertEquals("chained", post(client, "/chained", Map.of("_xsrf", token)).bodyText());
        assertEquals(
                "coroutine", post(client, "/coroutine", Map.of("_xsrf", token)).bodyText());
    }

    @Test
    void eachPageGetsAFreshlyMaskedTokenForTheSameCookie(TestClient client) {
        String a = tokenFromForm(client);
        String b = tokenFromForm(client);
        assertNotEquals(a, b);
        assertEquals(HexFormat.of().formatHex(tornadoUnmask(a)), HexFormat.of().formatHex(tornadoUnmask(b)));
        assertEquals(
                HexFormat.of().formatHex(tornadoUnmask(a)),
                HexFormat.of().formatHex(tornadoUnmask(client.cookie("_xsrf"))));
    }

    @Test
    void theHeadersWorkForScripts(TestClient client) {
        String token = tokenFromForm(client);
        for (String header : new String[] {"X-XSRFToken", "X-CSRFToken"}) {
            HttpResponse r = client.fetch(client.request("/form")
                    .method("PUT")
                    .header(header, token)
                    .body("{}")
                    .build());
            assertEquals("put", r.bodyText(), header);
        }
    }

    @Test
    void everyUnsafeMethodIsCheckedAndTheSafeOnesAreNot(TestClient client) {
        tokenFromForm(client);
        assertEquals(
                403,
                client.fetch(client.request("/form").method("PUT").body("").build())
                        .code());
        assertEquals(
                403,
                client.fetch(client.request("/form").method("DELETE").build()).code());
        assertEquals(
                200,
                client.fetch(client.request("/form").method("OPTIONS").build()).code());
        assertEquals(
                200,
                client.fetch(client.request("/form").method("HEAD").build()).code());
    }

    @Test
    void theReasonSaysWhatIsMissingOrWrong(TestClient client) {
        HttpResponse noCookie = client.fetch(client.request("/form")
                .method("POST")
                .form(Map.of("_xsrf", tornadoToken(new byte[16], new byte[4], 1)))
                .build());
        assertEquals(403, noCookie.code());
        assertEquals("XSRF cookie missing", noCookie.reason());

        String token = tokenFromForm(client);
        HttpResponse missing = post(client, "/form", Map.of("other", "x"));
        assertEquals("XSRF token missing", missing.reason());
        HttpResponse malformed = post(client, "/form", Map.of("_xsrf", "2|zz|zz|1"));
        assertEquals("XSRF token has invalid format", malformed.reason());
        HttpResponse wrong = post(client, "/form", Map.of("_xsrf", tornadoToken(new byte[16], new byte[4], 1)));
        assertEquals("XSRF token does not match cookie", wrong.reason());
        assertEquals(200, post(client, "/form", Map.of("_xsrf", token)).code());
    }

    @Test
    void aTokenTornadoIssuedForTheCookieIsAccepted(TestClient client) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            raw[i] = (byte) (31 * i + 7);
        }
        String cookie = tornadoToken(raw, new byte[] {1, 2, 3, 4}, 1_765_000_000L);
        String form = tornadoToken(raw, new byte[] {(byte) 0xca, (byte) 0xfe, 0x00, 0x42}, 1_765_000_001L);
        HttpResponse r = client.fetch(client.request("/form")
                .method("POST")
                .header("Cookie", "_xsrf=" + cookie)
                .form(Map.of("_xsrf", form))
                .build());
        assertEquals("posted", r.bodyText());
        // and Tornado's version-1 form (the token in hex)
        HttpResponse v1 = client.fetch(client.request("/form")
                .method("POST")
                .header("Cookie", "_xsrf=" + cookie)
                .form(Map.of("_xsrf", HexFormat.of().formatHex(raw)))
                .build());
        assertEquals("posted", v1.bodyText());
    }

    @Test
    void aTokenSquallIssuedDecodesInTornadosAlgorithm(TestClient client) {
        String token = tokenFromForm(client);
        assertTrue(token.matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|[0-9]+"), token);
        assertEquals(16, tornadoUnmask(token).length);
    }

    @Test
    void aHandlerCanOptOut(TestClient client) {
        assertEquals(
                "api",
                client.fetch(client.request("/api").method("POST").body("{}").build())
                        .bodyText());
    }
}
