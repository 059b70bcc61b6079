package dev.squall.samples.chat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.squall.web.HttpError;
import dev.squall.websocket.CloseCodes;
import dev.squall.websocket.WebSocketHandler;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /chatsocket}: the WebSocket of the {@code /ws} page, as Tornado's websocket chat demo. The client sends
 * {@code {"body": "..."}}; every message posted anywhere comes back as {@code {"id": "7", "body": "..."}}, starting
 * after the {@code cursor} given in the URL.
 *
 * <p>Cross-site WebSocket hijacking is refused twice: {@link #checkOrigin} (same origin only, the default) and the
 * XSRF token, which the page puts in the URL ({@code /chatsocket?_xsrf=...}) and which must match the
 * {@code _xsrf} cookie, as for a POST — a page of another site can open neither.
 */
final class ChatSocket extends WebSocketHandler {
    private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder()
            .build()
            .adapter(com.squareup.moshi.Types.newParameterizedType(Map.class, String.class, Object.class));

    private final MessageBuffer buffer;
    private MessageBuffer.@Nullable Subscription subscription;

    ChatSocket(MessageBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void prepare() {
        checkXsrfCookie(); // GET is not checked by the application; a WebSocket must be
    }

    @Override
    public void open() {
        // writeMessage may be called from any thread: the poster's, here
        subscription = buffer.subscribe(getArgumentOrNull("cursor"), messages -> {
            for (Message m : messages) {
                writeMessage(m.json());
            }
        });
    }

    @Override
    public void onMessage(String text) {
        Map<String, Object> json;
        try {
            json = JSON.fromJson(text);
        } catch (IOException | JsonDataException e) {
            close(CloseCodes.UNSUPPORTED_DATA, "send {\"body\": \"text\"} as JSON");
            return;
        }
        if (json == null || !(json.get("body") instanceof String body)) {
            close(CloseCodes.UNSUPPORTED_DATA, "send {\"body\": \"text\"} as JSON");
            return;
        }
        try {
            buffer.add(ChatApp.checkedBody(body));
        } catch (HttpError e) {
            close(CloseCodes.POLICY_VIOLATION, String.valueOf(e.reason()));
        }
    }

    @Override
    public void onClose(int code, String reason) {
        MessageBuffer.Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
    }
}
