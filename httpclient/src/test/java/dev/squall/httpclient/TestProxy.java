package dev.squall.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP proxy for the tests: plain requests in absolute form are forwarded to their origin (the
 * request line rewritten to origin form, {@code Proxy-Authorization} dropped), and {@code CONNECT} opens a
 * blind tunnel. It records every head it receives and can demand Basic credentials (407 otherwise). Blocking,
 * a thread per direction.
 */
final class TestProxy implements AutoCloseable {
    final List<String> heads = new CopyOnWriteArrayList<>();
    private final RawServer server;
    private final @Nullable String requiredAuthorization;

    TestProxy(@Nullable String requiredAuthorization) {
        this.requiredAuthorization = requiredAuthorization;
        this.server = new RawServer(this::serve);
    }

    int port() {
        return server.port();
    }

    HttpProxy proxy() {
        return HttpProxy.of("127.0.0.1", port());
    }

    private void serve(RawServer.Conn conn) throws Exception {
        String head = conn.readHead();
        if (head == null) {
            return;
        }
        heads.add(head);
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        String[] parts = requestLine.split(" ");
        if (requiredAuthorization != null && !head.contains("Proxy-Authorization: " + requiredAuthorization + "\r\n")) {
            conn.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        if (parts[0].equals("CONNECT")) {
            String[] hostPort = parts[1].split(":");
            try (Socket upstream = new Socket(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1]))) {
                conn.write("HTTP/1.1 200 Connection Established\r\n\r\n");
                pipe(conn.in, conn.out, upstream);
            }
            return;
        }
        URI target = URI.create(parts[1]);
        String originForm = target.getRawPath() + (target.getRawQuery() != null ? "?" + target.getRawQuery() : "");
        StringBuilder forwarded = new StringBuilder(parts[0] + " " + originForm + " " + parts[2] + "\r\n");
        for (String line : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
            if (!line.isEmpty() && !line.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) {
                forwarded.append(line).append("\r\n");
            }
        }
        forwarded.append("\r\n");
        try (Socket upstream = new Socket(InetAddress.getByName(target.getHost()), target.getPort())) {
            upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            pipe(conn.in, conn.out, upstream);
        }
    }

    /** Copies bytes both ways until either side closes. */
    private static void pipe(InputStream clientIn, OutputStream clientOut, Socket upstream) throws Exception {
        Thread up = Thread.ofVirtual().start(() -> copy(clientIn, quietly(upstream)));
        copy(upstream.getInputStream(), clientOut);
        up.join(10_000);
    }

    private static OutputStream quietly(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
