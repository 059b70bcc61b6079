package dev.squall.testsuite.websocket;

import dev.squall.web.Application;
import dev.squall.websocket.AsyncWebSocketHandler;
import dev.squall.websocket.CoroutineWebSocketHandler;
import dev.squall.websocket.WebSocketCompression;
import dev.squall.websocket.WebSocketHandler;
import dev.squall.websocket.WebSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** The WebSocket handlers the tests talk to, and what they saw. */
final class Sockets {
    /** "code reason" per closed server-side socket, in order. */
    final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();

    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    /** Completed by a test to let the async handler's current message go. */
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    Application app() {
        return Application.builder()
                .route("/echo", () -> new Echo(WebSocketOptions.DEFAULTS))
                .route(
                        "/small",
                        () -> new Echo(
                                WebSocketOptions.builder().maxMessageSize(16).build()))
                .route(
                        "/deflate",
                        () -> new Echo(WebSocketOptions.builder()
                                .compression(WebSocketCompression.DEFAULT.withMinMessageBytes(0))
                                .build()))
                .route(
                        "/keepalive",
                        () -> new Echo(WebSocketOptions.builder()
                                .pingInterval(Duration.ofSeconds(10))
                                .pingTimeout(Duration.ofSeconds(5))
                                .build()))
                .route("/refuse", Refuse::new)
                .route("/async", Gated::new)
                .route("/coroutine", Awaiting::new)
                .route("/closer", Closer::new)
                .route("/flood", Flood::new)
                .logFunction(h -> {})
                .build();
    }

    class Echo extends WebSocketHandler {
        private final WebSocketOptions options;

        Echo(WebSocketOptions options) {
            this.options = options;
        }

        @Override
        protected WebSocketOptions options() {
            return options;
        }

        @Override
        public @Nullable String selectSubprotocol(List<String> offered) {
            return offered.contains("chat") ? "chat" : null;
        }

        @Override
        public void open() {
            events.add("open " + getArgument("name", "-")
                    + (selectedSubprotocol() != null ? " " + selectedSubprotocol() : ""));
        }

        @Override
        public void onMessage(String text) {
            if (text.equals("json")) {
                writeMessage(new Point(1, 2));
            } else if (text.startsWith("close ")) {
                close(Integer.parseInt(text.substring(6)), "asked to");
            } else {
                writeMessage(text);
            }
        }

        @Override
        public void onMessage(ByteString bytes) {
            writeMessage(bytes);
        }

        @Override
        public void onPing(ByteString payload) {
            events.add("ping " + payload.utf8());
        }

        @Override
        public void onPong(ByteString payload) {
            events.add("pong " + payload.utf8());
        }

        @Override
        public void onClose(int code, String reason) {
            closes.add(code + " " + reason);
        }
    }

    public record Point(int x, int y) {}

    final class Refuse extends WebSocketHandler {
        @Override
        public void prepare() {
            if (getArgumentOrNull("token") == null) {
                sendError(403);
            }
        }

        @Override
        public void open() {
            writeMessage("welcome");
        }
    }

    /** Holds each message until the test opens the gate: reading pauses meanwhile. */
    final class Gated extends AsyncWebSocketHandler {
        @Override
        public CompletionStage<?> onMessage(String text) {
            events.add("got " + text);
            return gate.thenCompose(v -> writeMessage("done " + text));
        }

        @Override
        public void onClose(int code, String reason) {
            closes.add(code + " " + reason);
        }
    }

    final class Awaiting extends CoroutineWebSocketHandler {
        @Override
        public void open() {
            await(gate);
            writeMessage("opened");
        }

        @Override
        public void onMessage(String text) {
            await(gate);
            await(writeMessage("awaited " + text));
        }
    }

    /** Says hello and closes with 4000 at once; records its close as {@link Echo} does. */
    final class Closer extends Echo {
        Closer() {
            super(WebSocketOptions.DEFAULTS);
        }

        @Override
        public void open() {
            writeMessage("bye");
            close(4000, "done here");
        }
    }

    /** Writes 64 KiB messages without waiting until the connection fails: a client that reads nothing is dropped. */
    final class Flood extends WebSocketHandler {
        @Override
        protected WebSocketOptions options() {
            return WebSocketOptions.builder()
                    .maxOutgoingBufferBytes(1024 * 1024)
                    .build();
        }

        @Override
        public void open() {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 2000 && isOpen(); i++) {
                writeMessage(chunk).exceptionally(e -> {
                    events.add("failed " + e.getClass().getSimpleName());
                    return null;
                });
            }
        }

        @Override
        public void onClose(int code, String reason) {
            closes.add(code + " " + reason);
        }
    }
}
