package dev.squall.websocket;

import com.squareup.moshi.JsonWriter;
import dev.squall.http.HttpHeaders;
import dev.squall.internal.net.FutureRelay;
import dev.squall.internal.websocket.Handshake;
import dev.squall.internal.websocket.PerMessageDeflate;
import dev.squall.internal.websocket.WebSocketProtocol;
import dev.squall.loop.IOLoop;
import dev.squall.net.IOStream;
import dev.squall.web.BaseRequestHandler;
import dev.squall.web.HttpMethod;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * What every WebSocket handler can do, whatever its style: the opening handshake as Tornado's
 * {@code WebSocketHandler} does it, then messages both ways on the connection's loop. Extend a style, not this
 * class: {@link WebSocketHandler} (plain callbacks), {@link AsyncWebSocketHandler} (callbacks return a stage that
 * pauses reading until it completes), {@link CoroutineWebSocketHandler} (callbacks may {@code await}), or Kotlin's
 * {@code SuspendWebSocketHandler}.
 *
 * <h2>Handshake</h2>
 * A WebSocket handler is routed like any handler and its {@code prepare()} runs first (cookies, the current user,
 * {@code sendError(403)} — anything that finishes the response refuses the upgrade). Then, for a GET:
 * <ul>
 *   <li>400 without {@code Upgrade: websocket}, without {@code Connection: Upgrade}, or without a valid
 *       {@code Sec-WebSocket-Key};</li>
 *   <li>403 if {@link #checkOrigin(String)} refuses the {@code Origin} (by default, any origin but the
 *       request's own host);</li>
 *   <li>426 with {@code Sec-WebSocket-Version: 13} for another protocol version;</li>
 *   <li>otherwise 101: the subprotocol from {@link #selectSubprotocol(List)}, permessage-deflate if
 *       {@link #options()} enables it and the client offers it, and the connection is this handler's until it
 *       closes: no HTTP timeout applies to it any more.</li>
 * </ul>
 * Then {@code open()} runs; messages that arrive meanwhile wait until it is done.
 *
 * <h2>Sending</h2>
 * {@link #writeMessage(String)} and its siblings may be called from any thread (a broadcast from another
 * connection's loop); each returns a future completed on this connection's loop when the bytes reached the kernel,
 * or failed with {@link WebSocketClosedException} once the connection is closing. A peer that reads so slowly that
 * more than {@link WebSocketOptions#maxOutgoingBufferBytes()} wait is closed with 1008.
 *
 * <h2>Errors</h2>
 * Frames that break RFC 6455 fail the connection with 1002 (1007 for invalid UTF-8, 1009 for a message over
 * {@link WebSocketOptions#maxMessageSize()}); a callback that throws closes it with 1011 and logs the exception.
 * {@link #onClose(int, String)} is called once, whatever ended the connection.
 */
public abstract class BaseWebSocketHandler extends BaseRequestHandler {
    static final System.Logger LOG = System.getLogger("dev.squall.websocket");
    /** A completed stage, for style hooks with nothing to wait for. */
    protected static final CompletableFuture<@Nullable Void> DONE = CompletableFuture.completedFuture(null);

    private @Nullable WebSocketProtocol protocol;
    private @Nullable String subprotocol;

    /** Creates the handler; called by its route's factory. */
    protected BaseWebSocketHandler() {}

    // ------------------------------------------------------------------------------------------------
    // What a handler may override

    /**
     * Returns this handler's limits and settings: message size, ping keep-alive, compression. Default:
     * {@link WebSocketOptions#DEFAULTS}. Called once per connection, at the handshake.
     */
    protected WebSocketOptions options() {
        return WebSocketOptions.DEFAULTS;
    }

    /**
     * Decides whether a browser page from {@code origin} may open this WebSocket, as Tornado's
     * {@code check_origin}: by default only the request's own host (scheme and port aside: the {@code Host} the
     * browser connected to must equal the origin's host and port). Browsers send {@code Origin}; other clients
     * may not, and requests without it are allowed. Override to allow other sites (return true to allow all —
     * then protect the socket with something other than cookies). Runs on the loop, after {@code prepare()}.
     *
     * @param origin the {@code Origin} header, e.g. {@code https://example.com}
     * @return whether to accept; false answers 403
     */
    public boolean checkOrigin(String origin) {
        String host;
        try {
            URI uri = new URI(origin.strip());
            host = uri.getRawAuthority();
        } catch (URISyntaxException e) {
            return false;
        }
        return host != null
                && host.toLowerCase(Locale.ROOT).equals(request().host().toLowerCase(Locale.ROOT));
    }

    /**
     * Picks one of the subprotocols the client offered ({@code Sec-WebSocket-Protocol}), as Tornado's
     * {@code select_subprotocol}; called only when it offered some. Default: none.
     *
     * @param offered the offered names, in the client's order
     * @return one of {@code offered}, or null to answer without a subprotocol
     */
    public @Nullable String selectSubprotocol(List<String> offered) {
        return null;
    }

    /**
     * Called when a ping arrives (it has been answered already). Runs on the loop. Default: nothing.
     *
     * @param payload the ping's payload
     */
    public void onPing(ByteString payload) {}

    /**
     * Called when a pong arrives. Runs on the loop. Default: nothing.
     *
     * @param payload the pong's payload
     */
    public void onPong(ByteString payload) {}

    /**
     * Called once when the connection has ended, on the loop, as Tornado's {@code on_close}: after the closing
     * handshake (the peer's code and reason), after Squall failed the connection (the code it sent: 1002, 1007,
     * 1008, 1009, 1011), or when the socket ended without one (1006: the peer vanished or stopped answering
     * pings). Default: nothing.
     *
     * @param code the close code
     * @param reason the reason, possibly empty
     */
    public void onClose(int code, String reason) {}

    // ------------------------------------------------------------------------------------------------
    // Style hooks

    /**
     * Runs {@code open()} in this handler's style. For handler styles, not application code.
     *
     * @return a stage; messages wait until it completes
     * @throws Exception what {@code open()} threw
     */
    protected abstract CompletionStage<?> invokeOpen() throws Exception;

    /**
     * Runs the message callback in this handler's style. For handler styles, not application code.
     *
     * @return a stage; reading pauses until it completes
     * @throws Exception what the callback threw
     */
    protected abstract CompletionStage<?> invokeMessage(WebSocketMessage message) throws Exception;

    /**
     * Called once when the connection has ended; calls {@link #onClose(int, String)}. A style that must also
     * stop its own work (Kotlin's channel) overrides it and calls {@code super}. For handler styles.
     */
    protected void invokeClose(int code, String reason) {
        onClose(code, reason);
    }

    @Override
    protected final Collection<String> allowedMethods() {
        return List.of("GET");
    }

    @Override
    protected final CompletionStage<?> invokeMethod(HttpMethod method) {
        if (method != HttpMethod.GET) {
            sendError(405);
            return DONE;
        }
        String error = handshake();
        if (error != null) {
            setHeader("Content-Type", "text/plain; charset=UTF-8");
            write(error);
            LOG.log(
                    Level.INFO,
                    "refused a WebSocket handshake from {0} for {1}: {2} {3}",
                    request().remoteIp(),
                    request().path(),
                    status(),
                    error);
        }
        return DONE;
    }

    /** Answers the opening handshake; returns the refusal's text, or null once the connection is open. */
    private @Nullable String handshake() {
        HttpHeaders h = request().headers();
        String upgrade = h.get("Upgrade");
        if (upgrade == null || !upgrade.strip().equalsIgnoreCase("websocket")) {
            setStatus(400);
            return "Can \"Upgrade\" only to \"WebSocket\".";
        }
        if (!h.containsToken("Connection", "upgrade")) {
            setStatus(400);
            return "\"Connection\" must be \"Upgrade\".";
        }
        String origin = h.get("Origin");
        if (origin != null && !checkOrigin(origin)) {
            setStatus(403);
            return "Cross origin websockets not allowed";
        }
        String version = h.get("Sec-WebSocket-Version");
        if (version == null || !version.strip().equals("13")) {
            setStatus(426);
            setHeader("Sec-WebSocket-Version", "13");
            return "Sec-WebSocket-Version " + version + " is not supported; this server speaks version 13 (RFC 6455)";
        }
        String key = h.get("Sec-WebSocket-Key");
        if (key == null || !Handshake.isValidKey(key)) {
            setStatus(400);
            return "Missing/Invalid WebSocket headers: Sec-WebSocket-Key must be the base64 of 16 random bytes";
        }
        WebSocketOptions options = options();
        List<String> offered = new ArrayList<>();
        for (String value : h.getAll("Sec-WebSocket-Protocol")) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.strip());
                }
            }
        }
        String chosen = null;
        if (!offered.isEmpty()) {
            chosen = selectSubprotocol(List.copyOf(offered));
            if (chosen != null && !offered.contains(chosen)) {
                throw new IllegalStateException("selectSubprotocol() returned \"" + chosen + "\", which the client "
                        + "did not offer (" + offered + "); return one of the offered names or null");
            }
        }
        PerMessageDeflate deflate = null;
        WebSocketCompression compression = options.compression();
        if (compression != null) {
            deflate = PerMessageDeflate.negotiateServer(h.getAll("Sec-WebSocket-Extensions"), compression);
        }
        clearHeader("Content-Type");
        setStatus(101);
        setHeader("Upgrade", "websocket");
        setHeader("Connection", "Upgrade");
        setHeader("Sec-WebSocket-Accept", Handshake.accept(key));
        if (chosen != null) {
            setHeader("Sec-WebSocket-Protocol", chosen);
        }
        if (deflate != null) {
            setHeader("Sec-WebSocket-Extensions", deflate.agreed());
        }
        finish();
        IOStream stream = detachConnection();
        subprotocol = chosen;
        WebSocketProtocol p = new WebSocketProtocol(stream, false, options, deflate, new Events());
        protocol = p;
        CompletionStage<?> opened;
        try {
            opened = invokeOpen();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "open() of " + getClass().getName() + " threw; closing with 1011", t);
            p.close(CloseCodes.INTERNAL_ERROR, "internal error");
            opened = DONE;
        }
        p.start();
        if (opened != DONE) {
            p.holdReading(opened);
        }
        return null;
    }

    /** The engine's events, handed to the style hooks. */
    private final class Events implements WebSocketProtocol.Listener {
        @Override
        public @Nullable CompletionStage<?> onMessage(WebSocketMessage message) {
            try {
                return invokeMessage(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onPing(ByteString payload) {
            BaseWebSocketHandler.this.onPing(payload);
        }

        @Override
        public void onPong(ByteString payload) {
            BaseWebSocketHandler.this.onPong(payload);
        }

        @Override
        public void onClosed(int code, String reason) {
            invokeClose(code, reason);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Sending

    /**
     * Sends a text message. May be called from any thread.
     *
     * @return a future completed on this connection's loop when the message reached the kernel; failed with
     *     {@link WebSocketClosedException} if the connection is closing or closed
     * @throws IllegalStateException if the WebSocket is not open yet (in {@code prepare()})
     */
    public final CompletableFuture<Void> writeMessage(String text) {
        return onLoop(() -> protocol("writeMessage").sendText(text));
    }

    /**
     * Sends a binary message. May be called from any thread; as {@link #writeMessage(String)}.
     */
    public final CompletableFuture<Void> writeMessage(ByteString bytes) {
        byte[] b = bytes.toByteArray();
        return onLoop(() -> protocol("writeMessage").sendBinary(b));
    }

    /**
     * Sends a binary message (the array is copied at once). May be called from any thread; as
     * {@link #writeMessage(String)}.
     */
    public final CompletableFuture<Void> writeMessage(byte[] bytes) {
        byte[] b = bytes.clone();
        return onLoop(() -> protocol("writeMessage").sendBinary(b));
    }

    /**
     * Sends a value: text for a {@link CharSequence}, binary for a {@code byte[]} or {@link ByteString}, else a
     * text message holding the value as JSON, through the application's Moshi (Tornado's
     * {@code write_message(dict)}). May be called from any thread; as {@link #writeMessage(String)}.
     *
     * @throws IllegalArgumentException if Moshi cannot serialise the value's class
     */
    public final CompletableFuture<Void> writeMessage(Object value) {
        if (value instanceof CharSequence text) {
            return writeMessage(text.toString());
        }
        if (value instanceof byte[] bytes) {
            return writeMessage(bytes);
        }
        if (value instanceof ByteString bytes) {
            return writeMessage(bytes);
        }
        Buffer json = new Buffer();
        try (JsonWriter writer = JsonWriter.of(json)) {
            application().moshi().adapter(Object.class).toJson(writer, value);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory failed", e);
        }
        return writeMessage(json.readUtf8());
    }

    /**
     * Sends a ping with an empty payload. May be called from any thread.
     *
     * @return as {@link #writeMessage(String)}; the pong arrives at {@link #onPong(ByteString)}
     */
    public final CompletableFuture<Void> ping() {
        return ping(ByteString.EMPTY);
    }

    /**
     * Sends a ping. May be called from any thread.
     *
     * @param payload at most 125 bytes
     * @return as {@link #writeMessage(String)}
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    public final CompletableFuture<Void> ping(ByteString payload) {
        if (payload.size() > 125) {
            throw new IllegalArgumentException("a ping payload is at most 125 bytes, not " + payload.size());
        }
        byte[] b = payload.toByteArray();
        return onLoop(() -> protocol("ping").ping(b));
    }

    /** Closes the WebSocket normally (1000); as {@link #close(int, String)}. */
    public final void close() {
        close(CloseCodes.NORMAL, "");
    }

    /**
     * Starts the closing handshake, as Tornado's {@code close(code, reason)}: sends a Close frame, then closes the
     * socket when the peer answers or after {@link WebSocketOptions#closeTimeout()}. Does nothing if closing
     * already; before the connection is open (in {@code prepare()}) it does nothing either. May be called from any
     * thread.
     *
     * @param code a code from 1000-1003, 1007-1014 or 3000-4999
     * @param reason a reason of at most 123 UTF-8 bytes (may be empty)
     * @throws IllegalArgumentException if the code cannot be sent or the reason is too long
     */
    public final void close(int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException(
                    "close code " + code + " cannot be sent; use 1000-1003, 1007-1014 " + "or 3000-4999");
        }
        onLoop(() -> {
            WebSocketProtocol p = protocol;
            if (p != null) {
                p.close(code, reason);
            }
            return DONE;
        });
    }

    /** Returns whether the connection is open: upgraded, and no Close frame sent or received. Loop thread. */
    public final boolean isOpen() {
        WebSocketProtocol p = protocol;
        return p != null && !p.isClosing();
    }

    /**
     * Returns the close code once the connection has ended (as given to {@link #onClose(int, String)}), else
     * null. Loop thread.
     */
    public final @Nullable Integer closeCode() {
        WebSocketProtocol p = protocol;
        return p != null && p.isClosed() ? p.closeCode() : null;
    }

    /** Returns the close reason once the connection has ended, else null. Loop thread. */
    public final @Nullable String closeReason() {
        WebSocketProtocol p = protocol;
        return p != null && p.isClosed() ? p.closeReason() : null;
    }

    /** Returns the subprotocol agreed at the handshake, or null. */
    public final @Nullable String selectedSubprotocol() {
        return subprotocol;
    }

    /** Returns a future completed on the loop when the connection has ended (after {@code onClose}). */
    public final CompletableFuture<Void> closeFuture() {
        return protocol("closeFuture").stream().closeFuture();
    }

    private WebSocketProtocol protocol(String what) {
        WebSocketProtocol p = protocol;
        if (p == null) {
            throw new IllegalStateException(what + "() was called before the WebSocket was open; send messages from "
                    + "open() or later, not from the constructor or prepare()");
        }
        return p;
    }

    private CompletableFuture<Void> onLoop(Supplier<CompletableFuture<@Nullable Void>> action) {
        IOLoop loop = request().loop();
        if (loop.inEventLoop()) {
            return action.get();
        }
        CompletableFuture<@Nullable Void> result = new CompletableFuture<>();
        loop.execute(() -> FutureRelay.relay(action, result));
        return result;
    }
}
