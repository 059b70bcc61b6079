package dev.squall.samples.tcpecho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.net.TcpServer;
import dev.squall.options.Options;
import dev.squall.samples.Launch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tcpecho server and client samples, talking to each other over loopback. */
class TcpEchoSampleTest {
    private TcpEchoServer.Running running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private String runClient(int port, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TcpEchoClient client = new TcpEchoClient(new PrintStream(out, true, StandardCharsets.UTF_8));
        Options options = new Options();
        client.defineOptions(options);
        options.parseCommandLine(args);
        client.run(new Launch(port, "127.0.0.1", 1, List.of()));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theClientPrintsTheLineTheServerEchoes() throws Exception {
        running = TcpEchoServer.start(new Launch(0, "127.0.0.1", 1, List.of()));
        TcpServer server = running.server();
        assertEquals("ping\n", runClient(server.port()));
        assertEquals("héllo, world\n", runClient(server.port(), "--message=héllo, world"));
    }

    @Test
    void theServerEchoesEveryLineOfAConnection() throws Exception {
        running = TcpEchoServer.start(new Launch(0, "127.0.0.1", 1, List.of()));
        TcpServer server = running.server();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[8];
            int n = 0;
            while (n < 8) {
                n += s.getInputStream().read(buf, n, 8 - n);
            }
            assertEquals("one\ntwo\n", new String(buf, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRefusedConnectionIsAnIoErrorNamingIt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> runClient(closed));
        assertTrue(
                e.getMessage().startsWith("tcpecho-client: could not connect to 127.0.0.1:" + closed), e.getMessage());
    }
}
