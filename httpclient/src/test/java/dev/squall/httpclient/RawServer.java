package dev.squall.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking socket server for tests that need byte-level control of what the "server" sends: each accepted
 * connection runs a {@link Script} on its own thread. Records how many connections it accepted and every
 * request head it read.
 */
final class RawServer implements AutoCloseable {
    /** What the server does on one connection. */
    @FunctionalInterface
    interface Script {
        void run(Conn conn) throws Exception;
    }

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    final List<String> heads = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    RawServer(Script script) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread.ofVirtual().name("raw-server-accept").start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.incrementAndGet();
                    open.add(s);
                    Thread.ofVirtual().name("raw-server-conn").start(() -> {
                        try (s) {
                            script.run(new Conn(s, this));
                        } catch (Throwable t) {
                            if (!socket.isClosed() && !(t instanceof java.net.SocketException)) {
                                errors.add(t);
                            }
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int connections() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }

    /** One accepted connection. */
    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        private final RawServer server;

        Conn(Socket socket, RawServer server) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.server = server;
        }

        /** Reads a request head (through the empty line), or returns null at the end of the stream. */
        String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1
                        : (b == '\r' ? 1 : 0);
            }
            String s = head.toString(StandardCharsets.ISO_8859_1);
            server.heads.add(s);
            return s;
        }

        /** Reads exactly {@code n} body bytes. */
        byte[] readBody(int n) throws IOException {
            return in.readNBytes(n);
        }

        /** Reads a chunked body and returns it decoded. */
        byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (; ; ) {
                String line = readLine();
                int size = Integer.parseInt(line.trim(), 16);
                if (size == 0) {
                    readLine();
                    return body.toByteArray();
                }
                body.writeBytes(in.readNBytes(size));
                readLine();
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("end of stream in a line");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Blocks until the client closes the connection (or 10 s pass). */
        void awaitClientClose() throws IOException {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            while (in.read() >= 0) {
                // discard
            }
        }
    }

    /** A script answering every request on the connection with {@code response}, keep-alive. */
    static Script answering(String response) {
        return conn -> {
            while (conn.readHead() != null) {
                conn.write(response);
            }
        };
    }
}
