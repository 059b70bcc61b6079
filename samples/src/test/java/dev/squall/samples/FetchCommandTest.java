package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.samples.hello.HelloSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fetch URL ...} through {@link Main}, against the hello sample's server. */
class FetchCommandTest {
    private static HttpServer hello;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll static void start() {
        hello = HelloSample.serve(new Launch(0, "127.0.0.1", 1, List.of()));
    }

    @AfterAll static void stop() {
        hello.close();
        hello.loops().close();
    }

    private int fetch(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 1];
        all[0] = "fetch";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(List.of(new Main.Entry("fetch", "fetch a URL", () -> new FetchSample(o))), all, o,
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + hello.port() + path;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test void printsTheBody() {
        assertEquals(0, fetch(url("/plaintext")));
        assertEquals("Hello, World!", out());
    }

    @Test void printsTheStatusLineAndHeadersOnRequest() {
        assertEquals(0, fetch(url("/plaintext"), "--print-headers", "--no-body"));
        assertTrue(out().startsWith("HTTP/1.1 200 OK\n"), out());
        assertTrue(out().contains("Content-Type: text/plain\n"), out());
        assertTrue(out().endsWith("\n\n"), "no body: " + out());
    }

    @Test void sendsMethodHeadersAndBody() {
        assertEquals(0, fetch(url("/echo"), "--method=POST", "--body=ping", "--header=X-Test: yes"));
        assertEquals("ping", out());
    }

    @Test void errorStatusPrintsTheBodyAndExitsOne() {
        assertEquals(1, fetch(url("/no-such-page")));
        assertTrue(err().contains("fetch: HTTP 404 Not Found for GET " + url("/no-such-page")), err());
    }

    @Test void networkErrorExitsOneWithItsMessage() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, fetch("http://127.0.0.1:" + port + "/"));
        assertTrue(err().contains("could not connect to 127.0.0.1:" + port), err());
    }

    @Test void missingUrlExitsOneAndSaysWhatToGive() {
        assertEquals(1, fetch());
        assertTrue(err().contains("give exactly one URL"), err());
    }

    @Test void badUrlSaysWhatIsWrong() {
        assertEquals(1, fetch("ftp://example.com/"));
        assertTrue(err().contains("only http and https"), err());
    }
}
