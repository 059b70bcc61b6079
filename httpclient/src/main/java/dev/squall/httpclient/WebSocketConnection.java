package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import dev.squall.internal.net.FutureRelay;
import dev.squall.internal.websocket.WebSocketProtocol;
import dev.squall.loop.IOLoop;
import dev.squall.websocket.CloseCodes;
import dev.squall.websocket.WebSocketClosedException;
import dev.squall.websocket.WebSocketMessage;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A client WebSocket connection, from {@link AsyncHttpClient#websocketConnect(String)} (Tornado's
 * {@code WebSocketClientConnection}).
 *
 * <pre>{@code
 * WebSocketConnection ws = await(http.websocketConnect("ws://127.0.0.1:8888/echo"));
 * ws.writeMessage("hello");
 * WebSocketMessage reply = await(ws.readMessage());     // null once the connection has closed
 * ws.close();
 * }</pre>
 *
 * <p>Every method may be called from any thread; futures complete on the client's loop. Messages wait in a queue
 * of one: while a message is unread the connection reads nothing more from the socket, so a slow reader slows the
 * server rather than filling the heap. With {@link WebSocketRequest.Builder#onMessage} the messages go to the
 * callback instead.
 */
public final class WebSocketConnection {
    private static final System.Logger LOG = System.getLogger("dev.squall.httpclient.websocket");

    private final IOLoop loop;
    private final HttpHeaders responseHeaders;
    private final @Nullable String subprotocol;
    private final WebSocketRequest.@Nullable MessageCallback callback;
    private @Nullable WebSocketProtocol protocol;
    private final ArrayDeque<WebSocketMessage> unread = new ArrayDeque<>(1);
    private final ArrayDeque<CompletableFuture<@Nullable WebSocketMessage>> readers = new ArrayDeque<>(1);
    private @Nullable CompletableFuture<@Nullable Void> drained;
    private boolean ended;

    WebSocketConnection(
            IOLoop loop,
            HttpHeaders responseHeaders,
            @Nullable String subprotocol,
            WebSocketRequest.@Nullable MessageCallback callback) {
        this.loop = loop;
        this.responseHeaders = responseHeaders;
        this.subprotocol = subprotocol;
        this.callback = callback;
    }

    void start(WebSocketProtocol p) {
        protocol = p;
        p.start();
    }

    WebSocketProtocol.Listener listener() {
        return new WebSocketProtocol.Listener() {
            @Override
            public @Nullable CompletionStage<?> onMessage(WebSocketMessage message) {
                return received(message);
            }

            @Override
            public void onPing(ByteString payload) {}

            @Override
            public void onPong(ByteString payload) {}

            @Override
            public void onClosed(int code, String reason) {
                ended();
            }
        };
    }

    private @Nullable CompletionStage<?> received(WebSocketMessage message) {
        if (callback != null) {
            try {
                return callback.onMessage(message);
            } catch (Exception e) {
                throw new IllegalStateException("the WebSocket message callback threw", e);
            }
        }
        CompletableFuture<@Nullable WebSocketMessage> reader = readers.poll();
        if (reader != null) {
            reader.complete(message);
            return null;
        }
        unread.add(message);
        CompletableFuture<@Nullable Void> d = new CompletableFuture<>();
        drained = d;
        return d; // read nothing more until this message is taken
    }

    private void ended() {
        ended = true;
        if (callback != null) {
            try {
                callback.onMessage(null);
            } catch (Exception e) {
                LOG.log(Level.ERROR, "the WebSocket message callback threw at the close", e);
            }
        }
        CompletableFuture<@Nullable WebSocketMessage> r;
        while ((r = readers.poll()) != null) {
            r.complete(null);
        }
    }

    /**
     * Reads the next message.
     *
     * @return a future completed on the client's loop with the next message, or with null once the connection
     *     has closed and every message before the close was read
     * @throws IllegalStateException if the connection delivers messages to a callback
     */
    public CompletableFuture<@Nullable WebSocketMessage> readMessage() {
        if (callback != null) {
            throw new IllegalStateException("this connection delivers its messages to the onMessage callback; "
                    + "readMessage() is for connections opened without one");
        }
        return onLoop(() -> {
            WebSocketMessage m = unread.poll();
            if (m != null) {
                CompletableFuture<@Nullable Void> d = drained;
                drained = null;
                if (d != null) {
                    d.complete(null);
                }
                return CompletableFuture.completedFuture(m);
            }
            if (ended) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<@Nullable WebSocketMessage> f = new CompletableFuture<>();
            readers.add(f);
            return f;
        });
    }

    /**
     * Sends a text message.
     *
     * @return a future completed when it reached the kernel; failed with {@link WebSocketClosedException} if the
     *     connection is closing or closed
     */
    public CompletableFuture<Void> writeMessage(String text) {
        return onLoop(() -> protocol().sendText(text));
    }

    /** Sends a binary message; as {@link #writeMessage(String)}. */
    public CompletableFuture<Void> writeMessage(ByteString bytes) {
        byte[] b = bytes.toByteArray();
        return onLoop(() -> protocol().sendBinary(b));
    }

    /** Sends a binary message (the array is copied at once); as {@link #writeMessage(String)}. */
    public CompletableFuture<Void> writeMessage(byte[] bytes) {
        byte[] b = bytes.clone();
        return onLoop(() -> protocol().sendBinary(b));
    }

    /**
     * Sends a ping.
     *
     * @param payload at most 125 bytes
     * @return as {@link #writeMessage(String)}
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    public CompletableFuture<Void> ping(ByteString payload) {
        if (payload.size() > 125) {
            throw new IllegalArgumentException("a ping payload is at most 125 bytes, not " + payload.size());
        }
        byte[] b = payload.toByteArray();
        return onLoop(() -> protocol().ping(b));
    }

    /** Closes normally (1000); as {@link #close(int, String)}. */
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    /**
     * Starts the closing handshake: sends a Close frame and closes the socket when the server answers, or after
     * the close timeout. Does nothing if closing already.
     *
     * @param code a code from 1000-1003, 1007-1014 or 3000-4999
     * @param reason at most 123 UTF-8 bytes
     * @throws IllegalArgumentException if the code cannot be sent or the reason is too long
     */
    public void close(int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException(
                    "close code " + code + " cannot be sent; use 1000-1003, 1007-1014 " + "or 3000-4999");
        }
        onLoop(() -> {
            protocol().close(code, reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Returns the close code once the connection has ended, else null. */
    public @Nullable Integer closeCode() {
        WebSocketProtocol p = protocol;
        return p != null && ended ? p.closeCode() : null;
    }

    /** Returns the close reason once the connection has ended, else null. */
    public @Nullable String closeReason() {
        WebSocketProtocol p = protocol;
        return p != null && ended ? p.closeReason() : null;
    }

    /** Returns a future completed on the client's loop when the connection has ended. */
    public CompletableFuture<Void> closeFuture() {
        return protocol().stream().closeFuture();
    }

    /** Returns the subprotocol the server chose, or null. */
    public @Nullable String selectedSubprotocol() {
        return subprotocol;
    }

    /** Returns the headers of the server's 101 answer (a copy). */
    public HttpHeaders responseHeaders() {
        return HttpHeaders.copyOf(responseHeaders);
    }

    private WebSocketProtocol protocol() {
        WebSocketProtocol p = protocol;
        if (p == null) {
            throw new IllegalStateException("the connection is not started");
        }
        return p;
    }

    private <T extends @Nullable Object> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> action) {
        if (loop.inEventLoop()) {
            return action.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> FutureRelay.relay(action, result));
        return result;
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + (protocol != null ? protocol.stream() : "new") + "]";
    }
}
