package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.web.SignedValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed values and XSRF tokens against the real Tornado 6 (Debian's {@code python3-tornado}, installed by
 * {@code .ci/run}): what Squall signs, Tornado verifies, and the reverse; a token Squall issues passes Tornado's
 * {@code check_xsrf_cookie}, and a token Tornado issues for Squall's cookie passes Squall's check. Without
 * Tornado the tests fail on CI ({@code CI=true}) and are skipped loudly elsewhere.
 */
@SquallTest(cookies = true)
class TornadoInteropTest {
    static final String SECRET = "It's a secret to everybody";
    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void tornadoIsThere() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import tornado.web")
                    .redirectErrorStream(true)
                    .start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String why = "Tornado is not installed (apt-get install python3-tornado; .ci/run does it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            System.err.println("SKIPPED TornadoInteropTest: " + why);
            Assumptions.assumeTrue(false, why);
        }
    }

    static Application app() {
        return Application.builder()
                .xsrfCookies(true)
                .route("/form", Form::new)
                .logFunction(h -> {})
                .build();
    }

    static final class Form extends RequestHandler {
        @Override
        public void get() {
            write(xsrfToken());
        }

        @Override
        public void post() {
            write("posted");
        }
    }

    static String tornado(String... args) throws Exception {
        Path script = Path.of(
                TornadoInteropTest.class.getResource("/tornado/interop.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("interop.py " + args[0] + " failed: " + out);
        }
        return out;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aValueSquallSignsVerifiesInTornado() throws Exception {
        String signed = SignedValues.of(SECRET).sign("user", "alice@example.com", now());
        assertEquals("alice@example.com", tornado("verify", SECRET, "user", signed));
        assertEquals("None", tornado("verify", "another secret", "user", signed));
        assertEquals("None", tornado("verify", SECRET, "other-name", signed));
    }

    @Test
    void aValueTornadoSignsVerifiesInSquall() throws Exception {
        String signed = tornado("sign", SECRET, "user", "bob");
        SignedValues values = SignedValues.of(SECRET);
        assertEquals("bob", values.verify("user", signed, now(), SignedValues.DEFAULT_MAX_AGE));
        assertEquals(null, SignedValues.of("wrong").verify("user", signed, now(), SignedValues.DEFAULT_MAX_AGE));
    }

    @Test
    void keyRotationAgreesBothWays() throws Exception {
        String tornadoSigned = tornado("sign-rotated", "2", "user", "carol", "1=old secret", "2=new secret");
        SignedValues rotated = SignedValues.of(Map.of(1, "old secret", 2, "new secret"), 2);
        assertEquals("carol", rotated.verify("user", tornadoSigned, now(), SignedValues.DEFAULT_MAX_AGE));
        String squallSigned = rotated.sign("user", "dave", now());
        assertEquals("dave", tornado("verify", "new secret", "user", squallSigned));
        assertEquals("None", tornado("verify", "old secret", "user", squallSigned));
    }

    @Test
    void aTokenSquallIssuesPassesTornadosCheck(TestClient client) throws Exception {
        String token = client.fetch("/form").bodyText();
        String cookie = client.cookie("_xsrf");
        assertNotNull(cookie);
        assertEquals("ok", tornado("xsrf-check", cookie, token));
        assertEquals("ok", tornado("xsrf-check", cookie, cookie));
    }

    @Test
    void aTokenTornadoIssuesForSquallsCookiePassesSquallsCheck(TestClient client) throws Exception {
        client.fetch("/form");
        String cookie = client.cookie("_xsrf");
        assertNotNull(cookie);
        String token = tornado("xsrf-token", cookie);
        HttpResponse r = client.fetch(client.request("/form")
                .method("POST")
                .form(Map.of("_xsrf", token))
                .build());
        assertEquals(200, r.code(), r.bodyText());
        assertEquals("posted", r.bodyText());
        HttpResponse forged = client.fetch(client.request("/form")
                .method("POST")
                .form(Map.of("_xsrf", tornado("xsrf-token", "")))
                .build());
        assertEquals(403, forged.code());
    }
}
