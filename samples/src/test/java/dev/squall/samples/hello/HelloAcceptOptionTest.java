package dev.squall.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.http.HttpServer;
import dev.squall.net.TcpServer.AcceptStrategy;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.Launch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * hello's {@code --accept=acceptor|reuseport}, through the sample's own start-up ({@link HelloSample#start}: its
 * options, its loops, its server), which the harness's one-loop server cannot stand in for.
 */
class HelloAcceptOptionTest {
    private static final Launch TWO_LOOPS = new Launch(0, "127.0.0.1", 2, List.of());

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server.loops().close();
        }
    }

    private HttpServer startWith(String... args) {
        return start(new HelloSample(), args);
    }

    private HttpServer start(HelloSample sample, String... args) {
        Options options = new Options();
        sample.defineOptions(options);
        options.parseCommandLine(args);
        server = sample.start(TWO_LOOPS);
        return server;
    }

    private static void assertPlaintextAnswered(HttpServer server, int times) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/plaintext"))
                .timeout(Duration.ofSeconds(10))
                .build();
        for (int i = 0; i < times; i++) {
            // a client, so a connection, per request: every new connection goes through an accept
            try (HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello, World!", r.body());
            }
        }
    }

    @Test
    void acceptsOnOneSocketByDefault() throws Exception {
        assertEquals(AcceptStrategy.ACCEPTOR, startWith().acceptStrategy());
        assertPlaintextAnswered(server, 4);
    }

    @Test
    void reuseportReachesTheServerWhichServes() throws Exception {
        assertEquals(AcceptStrategy.REUSE_PORT, startWith("--accept=reuseport").acceptStrategy());
        assertPlaintextAnswered(server, 4);
    }

    @Test
    void helloBareStartsTheSameWay() throws Exception {
        assertEquals(
                AcceptStrategy.REUSE_PORT,
                start(new HelloSample(true), "--accept=reuseport").acceptStrategy());
        assertPlaintextAnswered(server, 4);
    }

    @Test
    void acceptorCanBeAskedForExplicitly() {
        assertEquals(AcceptStrategy.ACCEPTOR, startWith("--accept=acceptor").acceptStrategy());
    }

    @Test
    void theValueIsReadInAnyCaseWithOrWithoutASeparator() {
        for (String value : List.of("reuseport", "ReusePort", "reuse-port", "REUSE_PORT", " reuseport ")) {
            assertEquals(AcceptStrategy.REUSE_PORT, HelloSample.acceptStrategy(value), value);
        }
        assertEquals(AcceptStrategy.ACCEPTOR, HelloSample.acceptStrategy("ACCEPTOR"));
    }

    @Test
    void anotherValueIsRefusedWithTheChoices() {
        OptionException e = assertThrows(OptionException.class, () -> HelloSample.acceptStrategy("sideways"));
        assertEquals("option --accept takes acceptor or reuseport, got 'sideways'", e.getMessage());
    }
}
