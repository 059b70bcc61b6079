package dev.squall.samples.tcpecho;

import dev.squall.loop.LoopGroup;
import dev.squall.net.IOStream;
import dev.squall.net.StreamClosedException;
import dev.squall.net.TcpServer;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import okio.ByteString;

/**
 * {@code java -jar squall-samples.jar tcpecho [--port=8888]}: Tornado's {@code tcpecho/server.py} — a
 * {@link TcpServer} that reads each line a client sends and writes it back, until the client closes.
 * {@code tcpecho-client} ({@link TcpEchoClient}) talks to it; so does {@code nc 127.0.0.1 8888}.
 */
public final class TcpEchoServer implements Sample {
    /** The longest line echoed; a longer one closes the connection (Tornado's demo has no limit). */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(TcpEchoServer.class.getName());
    private static final ByteString NEWLINE = ByteString.encodeUtf8("\n");

    /** Creates the sample. */
    public TcpEchoServer() {}

    /**
     * Starts the server, prints its address and returns; its loops keep the process alive, and a shutdown hook
     * closes it.
     *
     * @param launch port, address and loop count
     * @throws UncheckedIOException if the server cannot listen
     */
    @Override
    public void run(Launch launch) {
        Running running = start(launch);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "tcpecho-shutdown"));
        System.out.println(
                "Echoing lines on " + launch.address() + ":" + running.server().port());
    }

    /**
     * Starts the echo server on a new group of {@code launch.loops()} loops.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server and its loops; close it to stop
     * @throws UncheckedIOException if the server cannot listen
     */
    public static Running start(Launch launch) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return new Running(
                    TcpServer.builder()
                            .loops(loops)
                            .handler((stream, remote) -> echo(stream))
                            .build()
                            .listen(launch.port(), launch.address()),
                    loops);
        } catch (IOException e) {
            loops.close();
            throw new UncheckedIOException(
                    "could not listen on " + launch.address() + ":" + launch.port() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    /**
     * The running server.
     *
     * @param server the listening server
     * @param loops its loops
     */
    public record Running(TcpServer server, LoopGroup loops) implements AutoCloseable {
        /** Stops accepting and closes the loops (and with them the connections). */
        @Override
        public void close() {
            server.stop();
            loops.close();
        }
    }

    /** Reads a line, writes it back once it reached the kernel, and goes on with the next one. On the loop. */
    private static void echo(IOStream stream) {
        stream.readUntil(NEWLINE, MAX_LINE_BYTES).thenCompose(stream::write).whenComplete((v, error) -> {
            if (error == null) {
                echo(stream);
            } else if (!(unwrap(error) instanceof StreamClosedException)) {
                LOG.log(Level.WARNING, "echo to " + stream.remoteAddress() + " ended: " + unwrap(error));
                stream.close();
            }
        });
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
