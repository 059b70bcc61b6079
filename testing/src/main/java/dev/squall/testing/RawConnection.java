package dev.squall.testing;

import dev.squall.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * A plain blocking TCP connection for protocol tests: send exactly the bytes you want, read exactly what the
 * server answers. The project's HTTP conformance tests are written with it.
 *
 * <pre>{@code
 * try (RawConnection c = RawConnection.open(port)) {
 *     c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
 *     RawResponse r = c.readResponse();
 *     assertEquals(200, r.code());
 *     assertEquals("chunked", r.header("Transfer-Encoding"));
 * }
 * }</pre>
 *
 * <p>Every read has a deadline ({@link #readTimeout(Duration)}; inside a {@link SquallTest} it defaults to the
 * test's time limit, else to {@link #DEFAULT_READ_TIMEOUT}). A read that misses it, or a connection that
 * closes in the middle of a response, fails with an {@link AssertionFailedError} that shows the bytes received
 * so far. A response that breaks HTTP/1.1 framing fails the same way: the server is what is under test.
 * I/O errors are thrown as {@link UncheckedIOException}.
 *
 * <p>Opened inside a {@link SquallTest}, the connection is closed when the test ends if the test did not
 * close it. One thread at a time.
 */
public final class RawConnection implements AutoCloseable {
    /** Deadline of each read outside a {@link SquallTest}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #open} waits for the TCP handshake. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest status, header or chunk-size line accepted. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** How many bytes of a connection's traffic failure messages show. */
    private static final int MAX_SHOWN_BYTES = 4096;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final @Nullable TestScope scope;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean eof;
    private boolean reset;
    private Duration readTimeout;
    /** Deadline of the read operation in progress, on {@link System#nanoTime()}. */
    private long deadlineNanos;
    /** The bytes consumed by the read operation in progress, for {@link RawResponse#raw()} and failure messages. */
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();

    private RawConnection(Socket socket, @Nullable TestScope scope) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.scope = scope;
        this.readTimeout = scope != null ? scope.limit().limit() : DEFAULT_READ_TIMEOUT;
    }

    /**
     * Connects to {@code 127.0.0.1:port}.
     *
     * @param port the server's port
     * @return the open connection
     * @throws UncheckedIOException if the connection cannot be made
     */
    public static RawConnection open(int port) {
        return open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Connects to {@code address}.
     *
     * @param address where the server listens
     * @return the open connection
     * @throws UncheckedIOException if the connection cannot be made within {@link #CONNECT_TIMEOUT}
     */
    public static RawConnection open(InetSocketAddress address) {
        return open(address, null, null, TestScope.current());
    }

    /**
     * Connects to {@code 127.0.0.1:port} over TLS, checking the server's certificate against {@code hostName}
     * as an HTTPS client does.
     *
     * <pre>{@code
     * RawConnection c = RawConnection.openTls(port, TestCertificate.localhost().clientContext(), "localhost");
     * }</pre>
     *
     * @param port the server's port
     * @param context the client's TLS context, e.g. {@link TestCertificate#clientContext()}
     * @param hostName the name the certificate must be valid for (also sent as SNI)
     * @return the open connection, handshake done
     * @throws UncheckedIOException if the connection or the handshake fails
     */
    public static RawConnection openTls(int port, SSLContext context, String hostName) {
        return open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), context, hostName, TestScope.current());
    }

    /** Connects, over TLS when {@code tls} is given, and registers with {@code scope} when there is one. */
    static RawConnection open(
            InetSocketAddress address, @Nullable SSLContext tls, @Nullable String hostName, @Nullable TestScope scope) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            if (tls != null) {
                String peer = hostName != null ? hostName : address.getHostString();
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, peer, address.getPort(), true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                socket = ssl;
                ssl.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
                ssl.startHandshake();
            }
            RawConnection c = new RawConnection(socket, scope);
            if (scope != null) {
                scope.register(c);
            }
            return c;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(
                    "could not connect to " + address + (tls != null ? " over TLS" : "") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the deadline of each later read operation.
     *
     * @param timeout the deadline, positive
     * @return this connection
     */
    public RawConnection readTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a read timeout must be positive, got " + timeout);
        }
        this.readTimeout = timeout;
        return this;
    }

    /**
     * Sends bytes as they are.
     *
     * @param bytes the bytes
     * @return this connection
     * @throws UncheckedIOException if writing fails (for example, the server closed the connection)
     */
    public RawConnection send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not send " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Sends text encoded as UTF-8 (ASCII request heads are sent byte for byte). Line ends are sent as written:
     * write {@code \r\n} where HTTP wants CRLF.
     *
     * @param text the text
     * @return this connection
     * @throws UncheckedIOException if writing fails
     */
    public RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Half-closes the connection: the server reads end-of-stream, and this side can still read. Not for TLS
     * connections, which cannot be half-closed.
     *
     * @return this connection
     * @throws UncheckedIOException if shutting down fails
     */
    public RawConnection shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not shut down output: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the next response to a request that was not {@code HEAD}. A 1xx interim response is returned on
     * its own; call again for the final one.
     *
     * @return the response
     * @throws AssertionFailedError if no complete, well-framed response arrives before the deadline
     */
    public RawResponse readResponse() {
        return readResponse("GET");
    }

    /**
     * Reads the next response, framing its body as RFC 9112 section 6.3 says for a request with
     * {@code requestMethod}: no body after {@code HEAD} or with 1xx, 204 and 304; a chunked body when the last
     * transfer coding is chunked; {@code Content-Length} bytes; otherwise everything until the server closes.
     *
     * @param requestMethod the method of the request this answers, e.g. {@code HEAD}
     * @return the response
     * @throws AssertionFailedError if no complete, well-framed response arrives before the deadline
     */
    public RawResponse readResponse(String requestMethod) {
        begin();
        String statusLine = line("the status line");
        if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw protocolError("the status line is malformed: '" + statusLine + "'");
        }
        String version = statusLine.substring(0, 8);
        int code;
        try {
            code = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw protocolError("the status code in '" + statusLine + "' is not three digits");
        }
        if (statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw protocolError("the status code in '" + statusLine + "' is not followed by a space");
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        List<Map.Entry<String, String>> headers = fields("a header line");

        byte[] body = new byte[0];
        boolean chunked = false;
        List<Map.Entry<String, String>> trailers = List.of();
        boolean noBody = HttpStatus.hasNoBody(requestMethod, code);
        if (!noBody) {
            String transferEncoding = lastValue(headers, "Transfer-Encoding");
            String contentLength = contentLength(headers);
            if (transferEncoding != null) {
                String last = transferEncoding
                        .substring(transferEncoding.lastIndexOf(',') + 1)
                        .strip();
                if (last.equalsIgnoreCase("chunked")) {
                    chunked = true;
                    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                    trailers = chunks(decoded);
                    body = decoded.toByteArray();
                } else {
                    body = untilClose("the body (framed by closing the connection)");
                }
            } else if (contentLength != null) {
                long length = Long.parseLong(contentLength);
                if (length > Integer.MAX_VALUE - 16) {
                    throw protocolError("Content-Length " + length + " is too large for a test");
                }
                body = exactly((int) length, "the body (Content-Length: " + length + ")");
            } else {
                body = untilClose("the body (framed by closing the connection)");
            }
        }
        return new RawResponse(version, code, reason, headers, body, chunked, trailers, transcript.toByteArray());
    }

    /**
     * Reads one line ending in LF, and returns it without its CRLF or LF.
     *
     * @return the line, decoded as UTF-8
     * @throws AssertionFailedError if no full line arrives before the deadline
     */
    public String readLine() {
        begin();
        return line("a line");
    }

    /**
     * Reads exactly {@code count} bytes.
     *
     * @param count how many
     * @return the bytes
     * @throws AssertionFailedError if they do not all arrive before the deadline
     */
    public byte[] readBytes(int count) {
        begin();
        return exactly(count, count + " bytes");
    }

    /**
     * Reads until the server closes the connection (or resets it), and returns what came before the close.
     * {@code assertEquals(0, c.readUntilClose().length)} checks that the server closed without saying more.
     *
     * @return the bytes received before the close, possibly none
     * @throws AssertionFailedError if the connection is still open at the deadline
     */
    public byte[] readUntilClose() {
        begin();
        return untilClose("the connection to close");
    }

    /**
     * Asserts that the server closes the connection without sending another byte — after a response that said
     * {@code Connection: close}, or when a timeout drops the connection.
     *
     * @throws AssertionFailedError if bytes arrive before the close (they are in the message), or if the
     *     connection is still open at the read deadline
     */
    public void assertClosed() {
        byte[] more = readUntilClose();
        if (more.length > 0) {
            throw new AssertionFailedError("expected the server to close the connection with nothing more to say, "
                    + "but it sent " + more.length + " byte(s): " + printable(more, more.length));
        }
    }

    /**
     * Returns whether the last read operation met the end of the stream before receiving any byte: the peer
     * had closed the connection, as a server does with an idle keep-alive connection.
     */
    boolean closedBeforeAnyByte() {
        return eof && transcript.size() == 0;
    }

    /** Returns the local port of this connection, to match it in server logs. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Closes the connection. Idempotent. */
    @Override
    public void close() {
        closeQuietly(socket);
        if (scope != null) {
            scope.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "RawConnection[" + socket.getLocalPort() + " -> " + socket.getRemoteSocketAddress() + "]";
    }

    // ---- reading

    private void begin() {
        transcript.reset();
        deadlineNanos = System.nanoTime() + readTimeout.toNanos();
    }

    /** Makes bytes available in the buffer; returns false at end of stream. */
    private boolean fill(String waitingFor) {
        if (position < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
            throw timeout(waitingFor);
        }
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (SocketTimeoutException e) {
            throw timeout(waitingFor);
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw new UncheckedIOException(
                        "the connection was closed on this side while waiting for " + waitingFor, e);
            }
            // A reset is how a server that closes with unread input ends; treat it as the end of the stream.
            eof = true;
            reset = true;
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + waitingFor + " failed: " + e.getMessage(), e);
        }
    }

    private String line(String what) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!fill(what)) {
                throw closedEarly(what);
            }
            byte b = buffer[position++];
            transcript.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            line.write(b);
            if (line.size() > MAX_LINE_BYTES) {
                throw protocolError(what + " is longer than " + MAX_LINE_BYTES + " bytes");
            }
        }
    }

    /** Reads header (or trailer) fields up to and including the empty line. */
    private List<Map.Entry<String, String>> fields(String what) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        while (true) {
            String line = line(what);
            if (line.isEmpty()) {
                return fields;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw protocolError("malformed field line '" + line + "' (no name before a colon)");
            }
            String name = line.substring(0, colon);
            if (name.strip().length() != name.length()) {
                throw protocolError("whitespace around the field name in '" + line + "' (RFC 9112 section 5.1)");
            }
            fields.add(Map.entry(name, line.substring(colon + 1).strip()));
        }
    }

    private byte[] exactly(int count, String what) {
        byte[] out = new byte[count];
        int got = 0;
        while (got < count) {
            if (!fill(what)) {
                throw closedEarly(what + ", after " + got + " bytes");
            }
            int n = Math.min(count - got, limit - position);
            System.arraycopy(buffer, position, out, got, n);
            transcript.write(buffer, position, n);
            position += n;
            got += n;
        }
        return out;
    }

    private byte[] untilClose(String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (fill(what)) {
            out.write(buffer, position, limit - position);
            transcript.write(buffer, position, limit - position);
            position = limit;
        }
        return out.toByteArray();
    }

    /** Decodes a chunked body into {@code body} and returns its trailer fields. */
    private List<Map.Entry<String, String>> chunks(ByteArrayOutputStream body) {
        while (true) {
            String sizeLine = line("a chunk-size line");
            int i = 0;
            long size = 0;
            while (i < sizeLine.length() && Character.digit(sizeLine.charAt(i), 16) >= 0) {
                size = size * 16 + Character.digit(sizeLine.charAt(i), 16);
                if (size > Integer.MAX_VALUE - 16) {
                    throw protocolError("chunk size '" + sizeLine + "' is too large for a test");
                }
                i++;
            }
            if (i == 0
                    || (i < sizeLine.length()
                            && sizeLine.charAt(i) != ';'
                            && sizeLine.charAt(i) != ' '
                            && sizeLine.charAt(i) != '\t')) {
                throw protocolError("malformed chunk-size line '" + sizeLine + "'");
            }
            if (size == 0) {
                return fields("a trailer line");
            }
            body.writeBytes(exactly((int) size, "a chunk of " + size + " bytes"));
            byte[] crlf = exactly(2, "the CRLF after a chunk");
            if (crlf[0] != '\r' || crlf[1] != '\n') {
                throw protocolError("a chunk of " + size + " bytes is not followed by CRLF");
            }
        }
    }

    private static @Nullable String lastValue(List<Map.Entry<String, String>> fields, String name) {
        StringBuilder joined = null;
        for (Map.Entry<String, String> e : fields) {
            if (e.getKey().equalsIgnoreCase(name)) {
                if (joined == null) {
                    joined = new StringBuilder(e.getValue());
                } else {
                    joined.append(", ").append(e.getValue());
                }
            }
        }
        return joined == null ? null : joined.toString();
    }

    private @Nullable String contentLength(List<Map.Entry<String, String>> fields) {
        String value = null;
        for (Map.Entry<String, String> e : fields) {
            if (!e.getKey().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            String v = e.getValue();
            if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9') || v.length() > 18) {
                throw protocolError("invalid Content-Length '" + v + "'");
            }
            if (value != null && !value.equals(v)) {
                throw protocolError("conflicting Content-Length values " + value + " and " + v);
            }
            value = v;
        }
        return value;
    }

    // ---- failures

    private AssertionFailedError timeout(String waitingFor) {
        return new AssertionFailedError("timed out after " + Timeouts.format(readTimeout) + " waiting for " + waitingFor
                + "; received so far: " + received());
    }

    private AssertionFailedError closedEarly(String what) {
        return new AssertionFailedError("the server " + (reset ? "reset" : "closed") + " the connection before " + what
                + " was complete; received: " + received());
    }

    private AssertionFailedError protocolError(String problem) {
        return new AssertionFailedError(
                "the server's response breaks HTTP/1.1: " + problem + "; received: " + received());
    }

    private String received() {
        byte[] bytes = transcript.toByteArray();
        return bytes.length == 0 ? "nothing" : bytes.length + " bytes \"" + printable(bytes, MAX_SHOWN_BYTES) + "\"";
    }

    /** Renders bytes for a message: printable ASCII as is, CR, LF and tab escaped, other bytes as {@code \xNN}. */
    static String printable(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(bytes.length, max);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        if (n < bytes.length) {
            s.append("... (").append(bytes.length - n).append(" more bytes)");
        }
        return s.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
