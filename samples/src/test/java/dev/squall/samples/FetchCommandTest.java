package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHandler;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.samples.hello.HelloHandler;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fetch URL ...} through {@link Main}, against the hello sample's routes, which the harness serves to a
 * test that asks for a {@link TestClient} (here only for the server's URLs: the command under test does the
 * fetching).
 */
@SquallTest
class FetchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static HttpHandler app() {
        return new HelloHandler();
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

    private static String url(TestClient hello, String path) {
        return hello.url(path).toString();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheBody(TestClient hello) {
        assertEquals(0, fetch(url(hello, "/plaintext")));
        assertEquals("Hello, World!", out());
    }

    @Test
    void printsTheStatusLineAndHeadersOnRequest(TestClient hello) {
        assertEquals(0, fetch(url(hello, "/plaintext"), "--print-headers", "--no-body"));
        assertTrue(out().startsWith("HTTP/1.1 200 OK\n"), out());
        assertTrue(out().contains("Content-Type: text/plain\n"), out());
        assertTrue(out().endsWith("\n\n"), "no body: " + out());
    }

    @Test
    void sendsMethodHeadersAndBody(TestClient hello) {
        assertEquals(0, fetch(url(hello, "/echo"), "--method=POST", "--body=ping", "--header=X-Test: yes"));
        assertEquals("ping", out());
    }

    @Test
    void errorStatusPrintsTheBodyAndExitsOne(TestClient hello) {
        assertEquals(1, fetch(url(hello, "/no-such-page")));
        assertTrue(err().contains("fetch: HTTP 404 Not Found for GET " + url(hello, "/no-such-page")), err());
    }

    @Test
    void networkErrorExitsOneWithItsMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, fetch("http://127.0.0.1:" + port + "/"));
        assertTrue(err().contains("could not connect to 127.0.0.1:" + port), err());
    }

    @Test
    void missingUrlExitsOneAndSaysWhatToGive() {
        assertEquals(1, fetch());
        assertTrue(err().contains("give exactly one URL"), err());
    }

    @Test
    void badUrlSaysWhatIsWrong() {
        assertEquals(1, fetch("ftp://example.com/"));
        assertTrue(err().contains("only http and https"), err());
    }
}
