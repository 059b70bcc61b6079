package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket, so that tests control every byte sent and see
 * every byte received. Reads block with a generous SO_TIMEOUT as a safety net; tests wait on the server's
 * answer (or its close), never on the clock.
 */
final class RawHttpClient implements AutoCloseable {
    static final int SAFETY_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    RawHttpClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    RawHttpClient send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttpClient send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads one response; {@code headRequest} says it has no body whatever its headers say. */
    Response read(boolean headRequest) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            fail("the server closed the connection instead of answering");
        }
        String[] parts = statusLine.split(" ", 3);
        Response r = new Response(statusLine, Integer.parseInt(parts[1]));
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            r.headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
        }
        if (headRequest || r.code < 200 || r.code == 204 || r.code == 304) {
            return r;
        }
        String cl = r.header("Content-Length");
        String te = r.header("Transfer-Encoding");
        if (te != null) {
            assertEquals("chunked", te);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int size = Integer.parseInt(sizeLine.strip(), 16);
                if (size == 0) {
                    assertEquals("", readLine());
                    break;
                }
                body.write(in.readNBytes(size));
                assertEquals("", readLine());
                r.chunks++;
            }
            r.body = body.toByteArray();
        } else if (cl != null) {
            r.body = in.readNBytes(Integer.parseInt(cl));
        } else {
            r.body = in.readAllBytes();
            r.closeDelimited = true;
        }
        return r;
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Returns the raw bytes until the server closes. */
    String readUntilClose() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                all.write(b, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the server's close counts as closed
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** Asserts that the server closes the connection without sending anything more. */
    void assertClosedByServer() throws IOException {
        assertEquals("", readUntilClose(), "expected the server to close the connection with nothing more to say");
    }

    /** Reads a CRLF- or LF-terminated line, or null at the end of the stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    Socket socket() {
        return socket;
    }

    @Override public void close() throws IOException {
        socket.close();
    }

    /** A parsed response. */
    static final class Response {
        final String statusLine;
        final int code;
        final List<String[]> headers = new ArrayList<>();
        byte[] body = new byte[0];
        int chunks;
        boolean closeDelimited;

        Response(String statusLine, int code) {
            this.statusLine = statusLine;
            this.code = code;
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        int count(String name) {
            int n = 0;
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    n++;
                }
            }
            return n;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Response assertCode(int expected) {
            assertEquals(expected, code, () -> statusLine + " " + text());
            return this;
        }

        void assertConnectionClose() {
            String c = header("Connection");
            assertTrue(c != null && c.toLowerCase(Locale.ROOT).contains("close"), "expected Connection: close, got " + c);
        }
    }
}
