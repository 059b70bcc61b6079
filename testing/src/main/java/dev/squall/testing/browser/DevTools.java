package dev.squall.testing.browser;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.WebSocketConnection;
import dev.squall.httpclient.WebSocketRequest;
import dev.squall.loop.IOLoop;
import dev.squall.websocket.WebSocketMessage;
import dev.squall.websocket.WebSocketOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One DevTools protocol connection to the browser, over Squall's WebSocket client on a loop of its own. Pages are
 * reached through flattened sessions ({@code Target.attachToTarget} with {@code flatten}), so one socket carries
 * every page: commands carry a {@code sessionId}, and events are handed to the listener of their session.
 *
 * <p>Commands and their answers are JSON objects decoded by Moshi into maps, lists, strings, doubles and booleans.
 * Events are dispatched on the connection's loop; {@link #call} blocks the calling (test) thread.
 */
final class DevTools implements AutoCloseable {
    /** How long a command may wait for its answer, unless the caller says otherwise. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** Screenshots of large pages come back as base64 in one message. */
    private static final int MAX_MESSAGE_SIZE = 256 * 1024 * 1024;

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    private final IOLoop loop;
    private final AsyncHttpClient http;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, Map<String, Object>>> sessions = new ConcurrentHashMap<>();
    private volatile @Nullable WebSocketConnection ws;
    private volatile boolean ended;

    private record Pending(String method, CompletableFuture<Map<String, Object>> answer) {}

    private DevTools() {
        this.loop = IOLoop.builder().name("squall-devtools").daemon(true).build();
        this.http = AsyncHttpClient.builder().loop(loop).build();
    }

    /**
     * Connects to the browser's DevTools WebSocket.
     *
     * @param url the {@code ws://127.0.0.1:PORT/devtools/browser/ID} URL Chromium printed
     * @throws IOException if the connection cannot be opened within {@link #COMMAND_TIMEOUT}
     */
    static DevTools connect(String url) throws IOException {
        DevTools devTools = new DevTools();
        WebSocketRequest request = WebSocketRequest.builder(url)
                .options(WebSocketOptions.builder()
                        .maxMessageSize(MAX_MESSAGE_SIZE)
                        .build())
                .onMessage(devTools::received)
                .build();
        try {
            devTools.ws = devTools.http.websocketConnect(request).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return devTools;
        } catch (ExecutionException e) {
            devTools.close();
            throw new IOException("could not open the DevTools WebSocket " + url + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            devTools.close();
            throw new IOException("the DevTools WebSocket " + url + " did not open within " + COMMAND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            devTools.close();
            throw new IOException("interrupted while connecting to " + url, e);
        }
    }

    /** Sends events of {@code sessionId} to {@code listener} (method, params), on the connection's loop. */
    void listen(String sessionId, BiConsumer<String, Map<String, Object>> listener) {
        sessions.put(sessionId, listener);
    }

    /** Stops sending events of {@code sessionId}. */
    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    /**
     * Sends a command and waits for its answer; for test threads only.
     *
     * @param sessionId the page's session, or null for a browser command
     * @param method e.g. {@code Page.navigate}
     * @param params the command's parameters
     * @param timeout how long to wait for the answer
     * @return the command's {@code result} object
     * @throws DevToolsException if Chromium answered with an error or the connection ended
     * @throws AssertionError if no answer came within the timeout
     * @throws IllegalStateException if called on an event loop thread, where waiting would block the loop
     */
    Map<String, Object> call(@Nullable String sessionId, String method, Map<String, ?> params, Duration timeout) {
        if (IOLoop.currentOrNull() != null) {
            throw new IllegalStateException("the browser driver blocks until Chromium answers; call it from the test"
                    + " thread, not from an event loop thread ("
                    + Thread.currentThread().getName() + ")");
        }
        CompletableFuture<Map<String, Object>> answer = send(sessionId, method, params);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new AssertionError("Chromium did not answer " + method + " within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DevToolsException d) {
                throw new DevToolsException(String.valueOf(d.getMessage()), d); // with this thread's stack
            }
            throw new DevToolsException(method + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException("interrupted while waiting for " + method, e);
        }
    }

    /** {@link #call(String, String, Map, Duration)} with {@link #COMMAND_TIMEOUT}. */
    Map<String, Object> call(@Nullable String sessionId, String method, Map<String, ?> params) {
        return call(sessionId, method, params, COMMAND_TIMEOUT);
    }

    private CompletableFuture<Map<String, Object>> send(
            @Nullable String sessionId, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        WebSocketConnection c = ws;
        if (c == null || ended) {
            answer.completeExceptionally(new DevToolsException("the DevTools connection has ended; " + method
                    + " was not sent (did Chromium exit or was it closed?)"));
            return answer;
        }
        pending.put(id, new Pending(method, answer));
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("method", method);
        command.put("params", params);
        if (sessionId != null) {
            command.put("sessionId", sessionId);
        }
        c.writeMessage(JSON.toJson(command)).whenComplete((v, e) -> {
            if (e != null) {
                pending.remove(id);
                answer.completeExceptionally(new DevToolsException("could not send " + method + ": " + e, e));
            }
        });
        return answer;
    }

    private @Nullable CompletableFuture<?> received(@Nullable WebSocketMessage message) throws IOException {
        if (message == null) {
            ended = true;
            for (Integer id : pending.keySet()) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.answer.completeExceptionally(new DevToolsException(
                            "Chromium closed the DevTools connection before answering " + p.method));
                }
            }
            return null;
        }
        Map<String, Object> json = Json.object(JSON.fromJson(message.asText()));
        Object id = json.get("id");
        if (id instanceof Number n) {
            Pending p = pending.remove(n.intValue());
            if (p != null) {
                Map<String, Object> error = Json.objectOrNull(json.get("error"));
                if (error != null) {
                    p.answer.completeExceptionally(new DevToolsException(
                            "Chromium refused " + p.method + ": " + error.get("message") + " " + error.get("data")));
                } else {
                    p.answer.complete(Json.object(json.get("result")));
                }
            }
            return null;
        }
        Object sessionId = json.get("sessionId");
        Object method = json.get("method");
        if (sessionId instanceof String s && method instanceof String m) {
            BiConsumer<String, Map<String, Object>> listener = sessions.get(s);
            if (listener != null) {
                listener.accept(m, Json.object(json.get("params")));
            }
        }
        return null;
    }

    /** Closes the WebSocket and the loop it ran on; any thread but that loop's. Idempotent. */
    @Override
    public void close() {
        ended = true;
        WebSocketConnection c = ws;
        if (c != null) {
            c.close();
        }
        http.close();
        loop.close();
    }

    /** A command Chromium refused, or one that could not be sent. */
    static final class DevToolsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DevToolsException(String message) {
            super(message);
        }

        DevToolsException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
