package dev.squall.websocket;

import java.util.concurrent.CompletionStage;
import okio.ByteString;

/**
 * A WebSocket handler with plain callbacks, as Tornado's {@code WebSocketHandler}: each runs on the connection's
 * loop and is done when it returns. Route it like any handler.
 *
 * <pre>{@code
 * final class EchoSocket extends WebSocketHandler {
 *     @Override public void open() { LOG.info("opened " + request().remoteIp()); }
 *     @Override public void onMessage(String text) { writeMessage("You said: " + text); }
 *     @Override public void onClose(int code, String reason) { LOG.info("closed " + code); }
 * }
 * }</pre>
 *
 * <p>For callbacks that wait for something before the next message may be read, use
 * {@link AsyncWebSocketHandler} or {@link CoroutineWebSocketHandler}. The handshake, sending, closing and errors
 * are described in {@link BaseWebSocketHandler}.
 */
public abstract class WebSocketHandler extends BaseWebSocketHandler {

    /** Creates the handler; called by its route's factory. */
    protected WebSocketHandler() {}

    /**
     * Runs before the handshake, on the loop, as a request handler's {@code prepare()}: check the user or a
     * token; finishing the response here ({@code sendError(403)}) refuses the WebSocket. Default: nothing.
     *
     * @throws Exception answered as a request handler's exception (500, or an {@code HttpError}'s status)
     */
    public void prepare() throws Exception {}

    /** Called on the loop once the WebSocket is open; messages are read after it returns. Default: nothing. */
    public void open() throws Exception {}

    /**
     * Called on the loop for each text message. Default: closes the connection with 1003 (this handler accepts no
     * text).
     *
     * @param text the message
     */
    public void onMessage(String text) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "text messages are not accepted here");
    }

    /**
     * Called on the loop for each binary message. Default: closes the connection with 1003 (this handler accepts
     * no binary messages).
     *
     * @param bytes the message
     */
    public void onMessage(ByteString bytes) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted here");
    }

    @Override
    protected final CompletionStage<?> invokePrepare() throws Exception {
        prepare();
        return DONE;
    }

    @Override
    protected final CompletionStage<?> invokeOpen() throws Exception {
        open();
        return DONE;
    }

    @Override
    protected final CompletionStage<?> invokeMessage(WebSocketMessage message) throws Exception {
        switch (message) {
            case WebSocketMessage.Text t -> onMessage(t.text());
            case WebSocketMessage.Binary b -> onMessage(b.bytes());
        }
        return DONE;
    }
}
