package dev.squall.websocket;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A message or ping could not be sent because the WebSocket is closed or closing (Tornado's
 * {@code WebSocketClosedError}): the peer went away, either side sent a Close frame, or the connection failed.
 */
public final class WebSocketClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done, and why
     * @param cause the underlying failure, if any
     */
    public WebSocketClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
