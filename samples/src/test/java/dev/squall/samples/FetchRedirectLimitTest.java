package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 11.9: {@code fetch} of a URL that redirects forever exits 1 and names the redirect limit. */
@SquallTest
class FetchRedirectLimitTest {
    private final CommandRun fetch = new CommandRun("fetch", run -> new FetchSample(run.out));

    /** {@code /loop} redirects to itself. */
    static HttpHandler app() {
        return (req, resp) -> resp.end(
                302,
                new HttpHeaders().add("Location", "/loop").add("Content-Type", "text/plain"),
                "again".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tooManyRedirectsExitsOneNamingTheLimit(TestClient server) {
        assertEquals(1, fetch.run(server.url("/loop").toString()));
        String e = fetch.err();
        assertTrue(e.contains("HTTP 302 Found for GET " + server.url("/loop")), e);
        assertTrue(e.contains("too many redirects: still 302 after maxRedirects=5 redirects"), e);
    }

    @Test
    void aRedirectNotFollowedOnRequestIsPrintedAndExitsZero(TestClient server) {
        assertEquals(0, fetch.run(server.url("/loop").toString(), "--follow-redirects=false", "--print-headers"));
        String o = fetch.out();
        assertTrue(o.startsWith("HTTP/1.1 302 Found\n"), o);
        assertTrue(o.contains("Location: /loop\n") && o.endsWith("again"), o);
    }
}
