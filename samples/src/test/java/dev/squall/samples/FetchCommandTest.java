package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.samples.hello.HelloHandler;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * {@code fetch URL ...} through {@link Main}, against the hello sample's routes, which the harness serves to a
 * test that asks for a {@link TestClient} (here only for the server's URLs: the command under test does the
 * fetching).
 */
@SquallTest
class FetchCommandTest {
    private final CommandRun fetch = new CommandRun("fetch", run -> new FetchSample(run.out));

    static HttpHandler app() {
        return new HelloHandler();
    }

    private static String url(TestClient hello, String path) {
        return hello.url(path).toString();
    }

    private String out() {
        return fetch.out();
    }

    private String err() {
        return fetch.err();
    }

    @Test
    void printsTheBody(TestClient hello) {
        assertEquals(0, fetch.run(url(hello, "/plaintext")));
        assertEquals("Hello, World!", out());
    }

    @Test
    void printsTheStatusLineAndHeadersOnRequest(TestClient hello) {
        assertEquals(0, fetch.run(url(hello, "/plaintext"), "--print-headers", "--no-body"));
        assertTrue(out().startsWith("HTTP/1.1 200 OK\n"), out());
        assertTrue(out().contains("Content-Type: text/plain\n"), out());
        assertTrue(out().endsWith("\n\n"), "no body: " + out());
    }

    @Test
    void sendsMethodHeadersAndBody(TestClient hello) {
        assertEquals(0, fetch.run(url(hello, "/echo"), "--method=POST", "--body=ping", "--header=X-Test: yes"));
        assertEquals("ping", out());
    }

    @Test
    void errorStatusPrintsTheBodyAndExitsOne(TestClient hello) {
        assertEquals(1, fetch.run(url(hello, "/no-such-page")));
        assertTrue(err().contains("fetch: HTTP 404 Not Found for GET " + url(hello, "/no-such-page")), err());
    }

    @Test
    void networkErrorExitsOneWithItsMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, fetch.run("http://127.0.0.1:" + port + "/"));
        assertTrue(err().contains("could not connect to 127.0.0.1:" + port), err());
    }

    @Test
    void missingUrlExitsOneAndSaysWhatToGive() {
        assertEquals(1, fetch.run());
        assertTrue(err().contains("give exactly one URL"), err());
    }

    @Test
    void badUrlSaysWhatIsWrong() {
        assertEquals(1, fetch.run("ftp://example.com/"));
        assertTrue(err().contains("only http and https"), err());
    }
}
