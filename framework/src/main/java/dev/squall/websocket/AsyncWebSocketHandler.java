package dev.squall.websocket;

import java.util.concurrent.CompletionStage;
import okio.ByteString;

/**
 * A WebSocket handler whose callbacks return a {@link CompletionStage}: the next message is not read until the
 * stage completes, so a handler that forwards each message somewhere slow slows its client down instead of
 * queueing messages in memory (flow control, as Tornado's coroutine {@code on_message}).
 *
 * <pre>{@code
 * final class ChatSocket extends AsyncWebSocketHandler {
 *     @Override public CompletionStage<?> open() { room.join(this); return DONE; }
 *     @Override public CompletionStage<?> onMessage(String text) { return room.broadcast(text); }
 *     @Override public void onClose(int code, String reason) { room.leave(this); }
 * }
 * }</pre>
 *
 * <p>A stage that fails closes the connection with 1011 and logs the failure. See {@link BaseWebSocketHandler}.
 */
public abstract class AsyncWebSocketHandler extends BaseWebSocketHandler {

    /** Creates the handler; called by its route's factory. */
    protected AsyncWebSocketHandler() {}

    /**
     * Runs before the handshake, as an {@code AsyncRequestHandler}'s {@code prepare()}; finishing the response
     * refuses the WebSocket. Default: nothing.
     *
     * @return a stage the handshake waits for
     */
    public CompletionStage<?> prepare() throws Exception {
        return DONE;
    }

    /**
     * Called once the WebSocket is open; messages are read once the returned stage completes. Default: nothing.
     *
     * @return a stage
     */
    public CompletionStage<?> open() throws Exception {
        return DONE;
    }

    /**
     * Called for each text message. Default: closes with 1003.
     *
     * @return a stage; the next message is read once it completes
     */
    public CompletionStage<?> onMessage(String text) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "text messages are not accepted here");
        return DONE;
    }

    /**
     * Called for each binary message. Default: closes with 1003.
     *
     * @return a stage; the next message is read once it completes
     */
    public CompletionStage<?> onMessage(ByteString bytes) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted here");
        return DONE;
    }

    @Override
    protected final CompletionStage<?> invokePrepare() throws Exception {
        return prepare();
    }

    @Override
    protected final CompletionStage<?> invokeOpen() throws Exception {
        return open();
    }

    @Override
    protected final CompletionStage<?> invokeMessage(WebSocketMessage message) throws Exception {
        return switch (message) {
            case WebSocketMessage.Text t -> onMessage(t.text());
            case WebSocketMessage.Binary b -> onMessage(b.bytes());
        };
    }
}
