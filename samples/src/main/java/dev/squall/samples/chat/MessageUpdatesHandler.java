package dev.squall.samples.chat;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.web.AsyncRequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /a/message/updates} with {@code cursor=ID}: long polling, as Tornado's chat demo. Answers at once with
 * the messages after the cursor if there are any; otherwise the request waits until a message is posted (through
 * any of the three transports), or until the poll timeout passes and it answers with no messages, so that proxies
 * never see an idle request for long. A client that goes away stops waiting: its subscription is removed, so
 * abandoned polls do not pile up.
 *
 * <p>The answer is {@code {"messages": [{"id": "7", "body": "..."}, ...]}}; the client polls again with the last
 * id as its cursor.
 */
final class MessageUpdatesHandler extends AsyncRequestHandler {
    private final MessageBuffer buffer;
    private final Duration pollTimeout;
    private final CompletableFuture<List<Message>> batch = new CompletableFuture<>();
    private MessageBuffer.@Nullable Subscription subscription;
    private @Nullable Timeout timeout;

    MessageUpdatesHandler(MessageBuffer buffer, Duration pollTimeout) {
        this.buffer = buffer;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public CompletionStage<?> post() {
        IOLoop loop = request().loop();
        // called on the poster's thread: complete the wait on this request's loop
        subscription = buffer.subscribe(
                getArgumentOrNull("cursor"),
                messages -> loop.tryExecute(() -> {
                    batch.complete(messages);
                }));
        if (!batch.isDone()) {
            timeout = loop.callLater(pollTimeout, () -> batch.complete(List.of()));
        }
        return batch.thenAccept(messages -> {
            stopWaiting();
            write(Message.batch(messages));
        });
    }

    /** The client went away: stop waiting (the batch is never completed, so nothing is written). */
    @Override
    public void onConnectionClose() {
        stopWaiting();
    }

    /** The server is stopping: answer now with no messages; the client polls again elsewhere. */
    @Override
    public void onServerShutdown() {
        batch.complete(List.of());
    }

    private void stopWaiting() {
        MessageBuffer.Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
            timeout = null;
        }
    }
}
