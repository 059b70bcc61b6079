package dev.squall.web;

import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.http.HttpHeaders;
import dev.squall.loop.IOLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A minimal blocking HTTP/1.1 client over a real socket, for running web test bodies against a listening
 * application: one connection per request, {@code Connection: close}, response read to EOF and de-chunked.
 * Written by hand so the tests see exactly what is on the wire (no client-side header rewriting).
 */
final class SocketClient implements WebClient {
    private static final int TIMEOUT_MILLIS = 5000;
    private final int port;
    private final @Nullable IOLoop serverLoop;

    /**
     * @param port the server's port
     * @param serverLoop the loop serving the connections, or null; when given, {@link #fetch} returns only
     *     after the loop finished the task that sent the response, so what a handler does after finishing
     *     (onFinish, the access log) has happened, as with the in-memory transport
     */
    SocketClient(int port, @Nullable IOLoop serverLoop) {
        this.port = port;
        this.serverLoop = serverLoop;
    }

    int port() {
        return port;
    }

    /** Opens a connection and sends a request without reading the answer. */
    Socket send(String method, String uri, HttpHeaders headers, byte[] body, boolean close) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        StringBuilder head = new StringBuilder(method).append(' ').append(uri).append(" HTTP/1.1\r\n");
        if (!headers.contains("Host")) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        return socket;
    }

    @Override
    public TestResponse fetch(String method, String uri, HttpHeaders headers, byte[] body) {
        TestResponse response;
        try (Socket socket = send(method, uri, headers, body, true)) {
            response = parse(method, socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            return fail("request " + method + " " + uri + " failed: " + e, e);
        }
        if (serverLoop != null) {
            serverLoop.runSync(() -> CompletableFuture.completedFuture(null), Duration.ofSeconds(5));
        }
        return response;
    }

    /** Parses a complete response (the connection closed after it). */
    static TestResponse parse(String method, byte[] raw) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headEnd < 0) {
            return fail("no complete response head in " + raw.length + " bytes: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        String reason = statusLine.length > 2 ? statusLine[2] : "";
        HttpHeaders headers = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(
                    lines[i].substring(0, colon).strip(),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] rest = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if (headers.containsToken("Transfer-Encoding", "chunked")) {
            body = dechunk(rest);
        } else if (headers.contains("Content-Length")) {
            body = Arrays.copyOf(rest, Integer.parseInt(headers.get("Content-Length")));
        } else {
            body = rest;
        }
        return new TestResponse(status, reason, headers, body);
    }

    static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int lineEnd = indexOf(data, new byte[] {'\r', '\n'}, pos);
            int size = Integer.parseInt(new String(data, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).strip(), 16);
            pos = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(data, pos, size);
            pos += size + 2;
        }
    }

    /** Reads from {@code in} until {@code marker} has been seen; returns everything read. */
    static byte[] readUntil(InputStream in, String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (indexOf(out.toByteArray(), m, 0) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                return fail("connection closed before " + marker.strip() + " arrived; got: " + out);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
