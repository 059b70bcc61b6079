package dev.squall.samples.tcpecho;

import dev.squall.loop.IOLoop;
import dev.squall.net.TcpClient;
import dev.squall.options.Option;
import dev.squall.options.Options;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import okio.ByteString;

/**
 * {@code java -jar squall-samples.jar tcpecho-client [--message=ping] [--port=8888] [--address=127.0.0.1]}:
 * Tornado's {@code tcpecho/client.py} — connects with {@link TcpClient}, sends one line, prints the line that
 * comes back, and exits.
 */
public final class TcpEchoClient implements Sample {
    private final PrintStream out;
    private Option<String> message = new Options().define("message", "ping");
    private Option<Duration> timeout = new Options().define("timeout", Duration.ofSeconds(10));

    /** Creates the sample, printing to {@link System#out}. */
    public TcpEchoClient() {
        this(System.out);
    }

    /**
     * Creates the sample printing to {@code out}.
     *
     * @param out where the answer goes
     */
    public TcpEchoClient(PrintStream out) {
        this.out = out;
    }

    @Override
    public void defineOptions(Options options) {
        message = options.define("message", "ping").help("the line to send (without the newline)");
        timeout = options.define("timeout", Duration.ofSeconds(10)).help("limit for connecting and the answer");
    }

    /**
     * Sends the message to {@code --address}:{@code --port} and prints the answer.
     *
     * @param launch the server's address and port
     * @throws IOException if the connection fails or the server closes without answering
     */
    @Override
    public void run(Launch launch) throws IOException {
        IOLoop loop = IOLoop.builder().name("tcpecho-client").build();
        try {
            ByteString answer = loop.runSync(
                    () -> TcpClient.create()
                            .connect(loop, launch.address(), launch.port(), timeout.value())
                            .thenCompose(stream -> stream.write(ByteString.encodeUtf8(message.value() + "\n"))
                                    .thenCompose(v ->
                                            stream.readUntil(ByteString.encodeUtf8("\n"), TcpEchoServer.MAX_LINE_BYTES))
                                    .whenComplete((line, e) -> stream.close())),
                    timeout.value().plusSeconds(1));
            out.print(answer.utf8());
            out.flush();
        } catch (RuntimeException e) {
            // the connect or the read failed: refused, timed out, or closed by the server before a whole line
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new IOException("tcpecho-client: " + cause.getMessage(), cause);
        } finally {
            loop.close();
        }
    }
}
