package dev.squall.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@code benchmarks/idle.sh}: opens N keep-alive connections to a server, sends one
 * {@code GET} on each and reads the whole answer, prints {@code READY}, then holds the connections open until
 * its standard input reaches end of file (or a line arrives) and closes them. Its memory is not the server's, so
 * a separate process.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.IdleClients PORT N PATH [SOURCE_ADDRESS]
 * }</pre>
 *
 * SOURCE_ADDRESS (default 127.0.0.1) is the loopback address the connections come from; the harness gives each
 * round its own, so that the sockets of the previous round, still in TIME_WAIT, leave the ephemeral ports free.
 */
public final class IdleClients {
    /** Connections opened and sent their request before their answers are read. */
    private static final int BATCH = 64;

    private IdleClients() {}

    /**
     * Runs the clients.
     *
     * @param args PORT N PATH [SOURCE_ADDRESS]
     * @throws IOException if a connection fails or a server closes it
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: IdleClients PORT N PATH [SOURCE_ADDRESS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        String path = args[2];
        String source = args.length > 3 ? args[3] : "127.0.0.1";
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        List<SocketChannel> open = new ArrayList<>(n);
        ByteBuffer in = ByteBuffer.allocate(4096);
        // In batches: connect and send a batch, then read its answers, so that the round trips overlap (one
        // connection at a time took minutes on a busy machine); a batch stays below a listen backlog of 128.
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            for (int i = from; i < to; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(source, 0));
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.write(ByteBuffer.wrap(request));
                open.add(ch);
            }
            for (int i = from; i < to; i++) {
                SocketChannel ch = open.get(i);
                in.clear();
                while (!wholeResponse(in)) {
                    if (ch.read(in) < 0) {
                        throw new IOException("the server closed connection " + i + " before answering");
                    }
                }
            }
        }
        System.out.println("READY");
        System.out.flush();
        System.in.read(); // until the harness writes a line or closes our stdin
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    /** Returns whether {@code in} holds a whole response head and its {@code Content-Length} body. */
    private static boolean wholeResponse(ByteBuffer in) {
        String s = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        int at = s.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        if (at < 0 || at > end) {
            throw new IllegalStateException("the answer has no Content-Length: " + s);
        }
        int eol = s.indexOf("\r\n", at);
        int length = Integer.parseInt(
                s.substring(at + "content-length:".length(), eol).trim());
        return in.position() >= end + 4 + length;
    }
}
