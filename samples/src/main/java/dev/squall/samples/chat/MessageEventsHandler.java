package dev.squall.samples.chat;

import dev.squall.loop.IOLoop;
import dev.squall.sse.EventStream;
import dev.squall.sse.ServerSentEvent;
import dev.squall.web.AsyncRequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /a/message/events}: the messages as Server-Sent Events, one event per message with the message's id as
 * the event id and its JSON as the data. The stream starts after the {@code Last-Event-ID} the browser sends when it
 * reconnects, or after the {@code cursor} argument on a first connection.
 *
 * <p>A client that reads slower than messages arrive is not allowed to grow the heap: once more than the buffer's
 * worth of events waits unsent, the stream ends, and the browser reconnects with its {@code Last-Event-ID} and
 * catches up from the buffer.
 */
final class MessageEventsHandler extends AsyncRequestHandler {
    /** Comments that keep proxies from closing an idle stream. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final MessageBuffer buffer;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private @Nullable EventStream events;
    private MessageBuffer.@Nullable Subscription subscription;
    private int unsent;

    MessageEventsHandler(MessageBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public CompletionStage<?> get() {
        EventStream stream = EventStream.start(this).heartbeat(HEARTBEAT);
        events = stream;
        String last = stream.lastEventId();
        IOLoop loop = request().loop();
        subscription = buffer.subscribe(
                last != null ? last : getArgumentOrNull("cursor"), messages -> loop.tryExecute(() -> send(messages)));
        return ended;
    }

    private void send(List<Message> messages) {
        EventStream stream = events;
        if (stream == null || ended.isDone() || stream.isClosed()) {
            return;
        }
        for (Message m : messages) {
            unsent++;
            stream.send(ServerSentEvent.of(m.json()).withId(Long.toString(m.id())))
                    .whenComplete((v, e) -> unsent--);
        }
        if (unsent > MessageBuffer.DEFAULT_CAPACITY) {
            end(); // the browser reconnects with Last-Event-ID and reads the rest from the buffer
        }
    }

    @Override
    public void onConnectionClose() {
        end();
    }

    @Override
    public void onServerShutdown() {
        end();
    }

    private void end() {
        MessageBuffer.Subscription s = subscription;
        if (s != null) {
            s.close();
            subscription = null;
        }
        ended.complete(null);
    }
}
