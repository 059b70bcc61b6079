package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.CookieOptions;
import dev.squall.web.HttpError;
import dev.squall.web.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Cookies and signed cookies over HTTP: the server, Squall's client and the harness's jar agree. */
@SquallTest(cookies = true)
class CookiesHttpTest {
    static final String SECRET = "It's a secret to everybody";

    static Application app() {
        return Application.builder()
                .cookieSecret(SECRET)
                .route("/echo", Echo::new)
                .route("/set", SetMany::new)
                .route("/clear-all", ClearAll::new)
                .route("/set-then-fail", SetThenFail::new)
                .route("/bad", BadValue::new)
                .route("/sign", Sign::new)
                .route("/signed", ReadSigned::new)
                .logFunction(h -> {})
                .build();
    }

    static final class Echo extends RequestHandler {
        @Override
        public void get() {
            write(new java.util.TreeMap<>(cookies()).toString());
        }
    }

    static final class SetMany extends RequestHandler {
        @Override
        public void get() {
            setCookie("a", "1");
            setCookie("b", "x=y");
            setCookie(
                    "c",
                    "3",
                    CookieOptions.builder()
                            .path("/echo")
                            .httpOnly(true)
                            .sameSite(CookieOptions.SameSite.LAX)
                            .maxAge(Duration.ofHours(1))
                            .build());
            setCookie("a", "again"); // replaces the first
        }
    }

    static final class ClearAll extends RequestHandler {
        @Override
        public void get() {
            clearAllCookies();
        }
    }

    static final class SetThenFail extends RequestHandler {
        @Override
        public void get() {
            setCookie("kept", "yes");
            throw new HttpError(400);
        }
    }

    static final class BadValue extends RequestHandler {
        @Override
        public void get() {
            setCookie("x", getArgument("v"));
        }
    }

    static final class Sign extends RequestHandler {
        @Override
        public void get() {
            setSignedCookie("user", getArgument("name"));
        }
    }

    static final class ReadSigned extends RequestHandler {
        @Override
        public void get() {
            String user = getSignedCookie("user");
            write(user == null ? "nobody" : user);
        }
    }

    @Test
    void severalCookiesGoOutAndComeBackAsTheJarKeepsThem(TestClient client) {
        HttpResponse r = client.fetch("/set");
        assertEquals(
                List.of(
                        "a=again; Path=/",
                        "b=\"x=y\"; Path=/",
                        "c=3; Max-Age=3600; Path=/echo; HttpOnly; SameSite=Lax"),
                r.headers().getAll("Set-Cookie"));
        assertEquals("{a=again, b=x=y, c=3}", client.fetch("/echo").bodyText()); // quoted value unquoted
    }

    @Test
    void aMalformedCookieHeaderIsReadLenientlyNeverA500(TestClient client) {
        HttpResponse r = client.fetch("/echo", b -> b.header("Cookie", "a=1; ; =; broken; b=\"q\\\"x\""));
        assertEquals(200, r.code());
        assertEquals("{=broken, a=1, b=q\"x}", r.bodyText());
    }

    @Test
    void clearAllCookiesExpiresEveryCookieTheRequestBrought(TestClient client) {
        client.fetch("/set");
        HttpResponse r = client.fetch("/clear-all");
        assertEquals(2, r.headers().getAll("Set-Cookie").size()); // a and b: c is not sent to /clear-all
        assertTrue(r.headers().getAll("Set-Cookie").get(0).startsWith("a=; expires="));
        assertEquals("{c=3}", client.fetch("/echo").bodyText());
    }

    @Test
    void cookiesSetBeforeAnErrorPageAreStillSent(TestClient client) {
        assertEquals(400, client.fetch("/set-then-fail").code());
        assertEquals("yes", client.cookie("kept"));
    }

    @Test
    void aValueThatWouldInjectAHeaderIsRefused(TestClient client) {
        HttpResponse r = client.fetch("/bad?v=" + "a%0D%0ASet-Cookie:%20admin=1");
        assertEquals(500, r.code());
        assertTrue(r.headers().getAll("Set-Cookie").isEmpty());
    }

    @Test
    void aSignedCookieRoundTripsAndATamperedOneReadsAsNobody(TestClient client) {
        client.fetch("/sign?name=ada");
        assertEquals("ada", client.fetch("/signed").bodyText());
        String tampered = client.cookie("user").replace("|4:YWRh|", "|4:Ym9i|"); // "bob"
        HttpResponse r = client.fetch("/signed", b -> b.header("Cookie", "user=" + tampered));
        assertEquals("nobody", r.bodyText());
    }

    @Test
    void aCookieTornadoSignedIsAccepted(TestClient client) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String value = tornadoSignedValue(SECRET, "user", "grace", now);
        // As Tornado sends it: "grace" is Z3JhY2U=, and Python's http.cookies quotes a value with '='.
        HttpResponse r = client.fetch("/signed", b -> b.header("Cookie", "user=\"" + value + "\""));
        assertEquals("grace", r.bodyText());
    }

    /** Tornado 6's create_signed_value, written again with a JDK Mac (not Squall's code). */
    static String tornadoSignedValue(String secret, String name, String value, long ts) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String ts10 = Long.toString(ts);
        String toSign = "2|1:0|" + ts10.length() + ":" + ts10 + "|" + name.length() + ":" + name + "|" + b64.length()
                + ":" + b64 + "|";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return toSign + HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }
}
