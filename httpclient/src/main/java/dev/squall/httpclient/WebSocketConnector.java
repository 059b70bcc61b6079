package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import dev.squall.internal.websocket.Handshake;
import dev.squall.internal.websocket.PerMessageDeflate;
import dev.squall.internal.websocket.WebSocketProtocol;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.ConnectTimeoutException;
import dev.squall.net.IOStream;
import dev.squall.websocket.WebSocketCompression;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Opens one client WebSocket: TCP (or TLS, or a proxy's CONNECT tunnel), the opening handshake (RFC 6455
 * section 4.1) with its own small head reader — the handshake answer is one head, nothing else of HTTP — and then
 * hands the stream to the protocol engine. Runs on the client's loop.
 */
final class WebSocketConnector {
    private static final ByteString HEAD_END = ByteString.encodeUtf8("\r\n\r\n");

    private final AsyncHttpClient client;
    private final IOLoop loop;
    private final WebSocketRequest request;
    private final CompletableFuture<WebSocketConnection> result = new CompletableFuture<>();
    private final String key = Handshake.newKey();
    private @Nullable IOStream stream;
    private @Nullable Timeout timer;
    private String stage = "connecting";

    private WebSocketConnector(AsyncHttpClient client, WebSocketRequest request) {
        this.client = client;
        this.loop = client.loop();
        this.request = request;
    }

    static CompletableFuture<WebSocketConnection> open(AsyncHttpClient client, WebSocketRequest request) {
        WebSocketConnector c = new WebSocketConnector(client, request);
        if (c.loop.inEventLoop()) {
            c.begin();
        } else {
            c.loop.execute(c::begin);
        }
        return c.result;
    }

    private void begin() {
        URI uri = request.uri();
        boolean secure = request.isSecure();
        String host = uri.getHost();
        String connectHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        timer = loop.callLater(
                request.connectTimeout(),
                () -> fail(new ConnectTimeoutException(connectHost, port, request.connectTimeout(), stage)));
        CompletableFuture<IOStream> connected;
        HttpProxy proxy = request.proxy();
        TlsOptions tls = request.tls() != null ? request.tls() : TlsOptions.DEFAULT;
        if (proxy != null) {
            if (!secure) {
                fail(new IllegalArgumentException("a plain ws:// connection cannot go through an HTTP proxy; use "
                        + "wss:// (tunnelled with CONNECT) or connect without the proxy"));
                return;
            }
            connected = TunnelConnector.open(
                    client,
                    new PoolKey(new Origin(true, host.toLowerCase(Locale.ROOT), port), proxy, tls),
                    request.connectTimeout(),
                    "Squall/0.1");
        } else if (secure) {
            try {
                connected = client.tcp.connectTls(
                        loop, connectHost, port, tls.context(), tls.validateCertificates(), request.connectTimeout());
            } catch (GeneralSecurityException e) {
                fail(new SSLException("could not set up TLS with " + tls + ": " + e.getMessage(), e));
                return;
            }
        } else {
            connected = client.tcp.connect(loop, connectHost, port, request.connectTimeout());
        }
        connected.whenComplete((s, e) -> {
            if (e != null) {
                fail(e);
            } else if (result.isDone()) {
                s.close();
            } else {
                stream = s;
                sendHandshake(s, uri, host, port, secure);
            }
        });
    }

    private void sendHandshake(IOStream s, URI uri, String host, int port, boolean secure) {
        stage = "the WebSocket handshake";
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (secure ? 443 : 80);
        head.append("GET ").append(path).append(" HTTP/1.1\r\n");
        HttpHeaders extra = request.headers();
        if (!extra.contains("Host")) {
            head.append("Host: ").append(defaultPort ? host : host + ":" + port).append("\r\n");
        }
        head.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        head.append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
        if (!request.subprotocols().isEmpty()) {
            head.append("Sec-WebSocket-Protocol: ")
                    .append(String.join(", ", request.subprotocols()))
                    .append("\r\n");
        }
        WebSocketCompression compression = request.options().compression();
        if (compression != null) {
            head.append("Sec-WebSocket-Extensions: ")
                    .append(PerMessageDeflate.clientOffer(compression))
                    .append("\r\n");
        }
        if (!extra.contains("User-Agent")) {
            head.append("User-Agent: Squall/0.1\r\n");
        }
        extra.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        s.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.readUntil(HEAD_END, AsyncHttpClient.MAX_HEADER_BYTES).whenComplete((bytes, e) -> {
            if (e != null) {
                fail(e);
            } else {
                answered(s, bytes);
            }
        });
    }

    private void answered(IOStream s, ByteString bytes) {
        if (result.isDone()) {
            return;
        }
        String text = bytes.string(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String statusLine = lines[0];
        int status = -1;
        if (statusLine.startsWith("HTTP/1.") && statusLine.length() >= 12 && statusLine.charAt(8) == ' ') {
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        HttpHeaders headers = new HttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                headers.add(
                        lines[i].substring(0, colon).strip(),
                        lines[i].substring(colon + 1).strip());
            } catch (IllegalArgumentException ignored) {
                // a header we cannot represent; the ones the handshake needs are checked below
            }
        }
        if (status < 0) {
            fail(new HttpProtocolException(
                    "the server's answer to the WebSocket handshake is not HTTP: " + statusLine));
            return;
        }
        if (status != 101) {
            fail(new WebSocketHandshakeException(
                    "the server refused the WebSocket: " + statusLine.substring(9)
                            + " (expected 101 Switching Protocols)",
                    status,
                    headers));
            return;
        }
        String problem = null;
        String upgrade = headers.get("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            problem = "Upgrade is " + upgrade + ", not websocket";
        } else if (!headers.containsToken("Connection", "upgrade")) {
            problem = "Connection does not say Upgrade";
        } else if (!Handshake.accept(key).equals(headers.get("Sec-WebSocket-Accept"))) {
            problem = "Sec-WebSocket-Accept does not match the key sent";
        }
        String subprotocol = headers.get("Sec-WebSocket-Protocol");
        if (problem == null && subprotocol != null && !request.subprotocols().contains(subprotocol)) {
            problem = "the server chose subprotocol " + subprotocol + ", which was not offered";
        }
        PerMessageDeflate deflate = null;
        List<String> extensions = new ArrayList<>(headers.getAll("Sec-WebSocket-Extensions"));
        if (problem == null && !extensions.isEmpty()) {
            WebSocketCompression compression = request.options().compression();
            if (compression == null) {
                problem = "the server agreed to extensions that were not offered: " + extensions;
            } else {
                try {
                    deflate = PerMessageDeflate.acceptClient(extensions, compression);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
        }
        if (problem != null) {
            fail(new WebSocketHandshakeException("invalid WebSocket handshake answer: " + problem, status, headers));
            return;
        }
        cancelTimer();
        WebSocketConnection connection = new WebSocketConnection(loop, headers, subprotocol, request.onMessage());
        WebSocketProtocol protocol = new WebSocketProtocol(s, true, request.options(), deflate, connection.listener());
        connection.start(protocol);
        if (!result.complete(connection)) {
            protocol.abort();
        }
    }

    private void fail(Throwable e) {
        cancelTimer();
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (result.completeExceptionally(
                cause instanceof IOException || cause instanceof RuntimeException ? cause : new IOException(cause))) {
            IOStream s = stream;
            if (s != null) {
                s.close();
            }
        }
    }

    private void cancelTimer() {
        Timeout t = timer;
        if (t != null) {
            t.cancel();
            timer = null;
        }
    }
}
