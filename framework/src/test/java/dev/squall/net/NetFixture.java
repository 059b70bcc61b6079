package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okio.ByteString;

/**
 * A loop, a {@link TcpServer} on 127.0.0.1 that queues accepted streams, and blocking {@link Socket} peers:
 * the test drives the server side through the loop and the peer side directly.
 */
final class NetFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final LoopGroup group;
    final IOLoop loop;
    final TcpServer server;
    final BlockingQueue<IOStream> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> peers = new ArrayList<>();

    NetFixture() throws IOException {
        this(IOStream.Options.DEFAULTS);
    }

    NetFixture(IOStream.Options options) throws IOException {
        this.group = LoopGroup.create(1, "net-test", dev.squall.loop.Clock.SYSTEM, null);
        this.loop = group.loops().get(0);
        this.server = TcpServer.builder()
                .loops(group)
                .streamOptions(options)
                .handler((stream, remote) -> accepted.add(stream))
                .build();
        server.listen(0, "127.0.0.1");
    }

    /** Connects a blocking peer and returns it with the server side of the connection. */
    Connection connect() throws IOException, InterruptedException {
        return connect(0);
    }

    Connection connect(int receiveBufferSize) throws IOException, InterruptedException {
        Socket s = new Socket();
        if (receiveBufferSize > 0) {
            s.setReceiveBufferSize(receiveBufferSize);
        }
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) WAIT.toMillis());
        s.setSoTimeout((int) WAIT.toMillis());
        peers.add(s);
        IOStream stream = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(stream, "the server accepted no connection");
        return new Connection(s, stream);
    }

    /** Runs {@code op} on the loop and returns the future it returns (not waiting for it). */
    <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<CompletableFuture<T>> holder = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                holder.complete(op.get());
            } catch (Throwable t) {
                holder.complete(CompletableFuture.failedFuture(t)); // thrown on the loop: the test sees a failure
            }
        });
        return await(holder);
    }

    /** Runs {@code action} on the loop and waits for it. */
    void run(Runnable action) {
        call(() -> {
            action.run();
            return CompletableFuture.completedFuture(null);
        });
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within " + WAIT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for {@code f} to fail and returns its cause. */
    static Throwable awaitFailure(CompletableFuture<?> f) {
        try {
            Object v = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete within " + WAIT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static ByteString utf8(String s) {
        return ByteString.encodeUtf8(s);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Socket s : peers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        server.stop();
        group.close();
    }

    /** A blocking peer and the server's stream for the same connection. */
    record Connection(Socket peer, IOStream stream) {
        void send(String s) {
            send(bytes(s));
        }

        void send(byte[] b) {
            try {
                peer.getOutputStream().write(b);
                peer.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads exactly {@code n} bytes from the peer side. */
        byte[] receive(int n) {
            try {
                return peer.getInputStream().readNBytes(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String receiveText(int n) {
            return new String(receive(n), StandardCharsets.UTF_8);
        }

        /** Reads until the server closes, returning everything. */
        byte[] receiveAll() {
            try {
                InputStream in = peer.getInputStream();
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void shutdownOutput() {
            try {
                peer.shutdownOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closePeer() {
            try {
                peer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
