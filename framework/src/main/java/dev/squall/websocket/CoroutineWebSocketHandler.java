package dev.squall.websocket;

import dev.squall.async.Coroutines;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket handler whose callbacks run as coroutines on the connection's loop, so they may
 * {@link #await(CompletionStage)} in straight-line code; the next message is read once the previous callback
 * has returned (flow control, as in {@link AsyncWebSocketHandler}).
 *
 * <pre>{@code
 * final class LookupSocket extends CoroutineWebSocketHandler {
 *     @Override public void onMessage(String id) {
 *         User user = await(Async.blocking(() -> users.byId(id)));   // the loop serves others meanwhile
 *         writeMessage(user);                                          // as JSON
 *     }
 * }
 * }</pre>
 *
 * <p>Each callback is one coroutine (a virtual thread that holds the loop while it runs, see
 * {@code dev.squall.async.Coroutines}); one that never waits runs to its end within the loop task that read the
 * message. See {@link BaseWebSocketHandler}.
 */
public abstract class CoroutineWebSocketHandler extends BaseWebSocketHandler {

    /** Creates the handler; called by its route's factory. */
    protected CoroutineWebSocketHandler() {}

    /**
     * Waits for {@code stage} inside a callback, as {@link Coroutines#await(CompletionStage)}.
     *
     * @return its value
     * @throws java.util.concurrent.CompletionException with the stage's failure as the cause
     */
    protected static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
        return Coroutines.await(stage);
    }

    /** Runs before the handshake, in a coroutine; finishing the response refuses the WebSocket. Default: nothing. */
    public void prepare() throws Exception {}

    /** Called once the WebSocket is open, in a coroutine; messages are read after it returns. Default: nothing. */
    public void open() throws Exception {}

    /** Called for each text message, in a coroutine. Default: closes with 1003. */
    public void onMessage(String text) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "text messages are not accepted here");
    }

    /** Called for each binary message, in a coroutine. Default: closes with 1003. */
    public void onMessage(ByteString bytes) throws Exception {
        close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted here");
    }

    @Override
    protected final CompletionStage<?> invokePrepare() {
        return run(() -> {
            prepare();
            return null;
        });
    }

    @Override
    protected final CompletionStage<?> invokeOpen() {
        return run(() -> {
            open();
            return null;
        });
    }

    @Override
    protected final CompletionStage<?> invokeMessage(WebSocketMessage message) {
        return run(() -> {
            switch (message) {
                case WebSocketMessage.Text t -> onMessage(t.text());
                case WebSocketMessage.Binary b -> onMessage(b.bytes());
            }
            return null;
        });
    }

    private CompletionStage<?> run(Callable<@Nullable Void> body) {
        return Coroutines.launchNow(request().loop(), body).future();
    }
}
