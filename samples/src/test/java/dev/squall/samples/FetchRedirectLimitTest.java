package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11.9: {@code fetch} of a URL that redirects forever exits 1 and names the redirect limit. */
@SquallTest
class FetchRedirectLimitTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** {@code /loop} redirects to itself. */
    static HttpHandler app() {
        return (req, resp) -> resp.end(
                302,
                new HttpHeaders().add("Location", "/loop").add("Content-Type", "text/plain"),
                "again".getBytes(StandardCharsets.UTF_8));
    }

    private int fetch(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 1];
        all[0] = "fetch";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(
                List.of(new Main.Entry("fetch", "fetch a URL", () -> new FetchSample(o))),
                all,
                o,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void tooManyRedirectsExitsOneNamingTheLimit(TestClient server) {
        assertEquals(1, fetch(server.url("/loop").toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("HTTP 302 Found for GET " + server.url("/loop")), e);
        assertTrue(e.contains("too many redirects: still 302 after maxRedirects=5 redirects"), e);
    }

    @Test
    void aRedirectNotFollowedOnRequestIsPrintedAndExitsZero(TestClient server) {
        assertEquals(0, fetch(server.url("/loop").toString(), "--follow-redirects=false", "--print-headers"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("HTTP/1.1 302 Found\n"), o);
        assertTrue(o.contains("Location: /loop\n") && o.endsWith("again"), o);
    }
}
