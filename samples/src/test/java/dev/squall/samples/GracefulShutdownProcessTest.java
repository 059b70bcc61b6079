package dev.squall.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to a running sample loses no request whose head the server had received: the aggregator sample (each
 * request waits about a second for its slow fake upstream) runs in its own JVM with one loop; requests are sent
 * on many connections, a quick 404 on another connection afterwards shows that the loop has read their heads
 * (it sees every ready socket in the pass that sees the later one), then {@link Process#destroy()} sends SIGTERM.
 * Every request must still get its whole 200 response, with {@code Connection: close}.
 */
class GracefulShutdownProcessTest {
    private static final int REQUESTS = 20;
    private static final Pattern LISTENING = Pattern.compile("Aggregator listening on http://[^:]+:(\\d+)/");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sigtermLetsEveryReceivedRequestFinish() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "aggregator",
                        "--port=0",
                        "--address=127.0.0.1",
                        "--loops=1",
                        "--slow-delay=1s",
                        "--upstream-timeout=20s",
                        "--shutdown-grace=20s")
                .redirectErrorStream(true)
                .start();
        try {
            int port = awaitPort(p);
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            try (Socket sign = new Socket(InetAddress.getLoopbackAddress(), port)) {
                sign.setSoTimeout(30_000);
                sign.getOutputStream()
                        .write("GET /no-such-page HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String answer = readAll(sign.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            }
            p.destroy(); // SIGTERM
            int answered = 0;
            for (Socket s : sockets) {
                String response = readAll(s.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 200"), () -> "a request was lost: " + response);
                assertTrue(response.toLowerCase().contains("connection: close"), response);
                answered++;
                s.close();
            }
            assertEquals(REQUESTS, answered);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the sample did not exit after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    private static int awaitPort(Process p) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                port.complete(Integer.parseInt(m.group(1)));
                            }
                        }
                        port.completeExceptionally(new AssertionError("the sample exited before listening"));
                    } catch (IOException e) {
                        port.completeExceptionally(e);
                    }
                },
                "sample-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(30, TimeUnit.SECONDS);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
