package dev.squall.testsuite.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.EventStreamReader;
import dev.squall.httpclient.HttpResponse;
import dev.squall.sse.EventStream;
import dev.squall.sse.ServerSentEvent;
import dev.squall.testing.RawConnection;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.testing.VirtualTime;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CoroutineRequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Server-Sent Events end to end: the server helper in two handler styles, and the client's reader. */
@SquallTest
class EventStreamTest {
    static Application app() {
        return Application.builder()
                .route("/count", Count::new)
                .route("/coroutine", CoroutineCount::new)
                .route("/idle", Idle::new)
                .logFunction(h -> {})
                .build();
    }

    /** Three events after the Last-Event-ID, each sent when the previous one reached the kernel. */
    static final class Count extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            EventStream events = EventStream.start(this);
            int from = events.lastEventId() == null ? 1 : Integer.parseInt(events.lastEventId()) + 1;
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = from; i < from + 3; i++) {
                ServerSentEvent e =
                        ServerSentEvent.of("count", "n=" + i + "\nof three").withId(Integer.toString(i));
                chain = chain.thenCompose(v -> events.send(e));
            }
            return chain;
        }
    }

    static final class CoroutineCount extends CoroutineRequestHandler {
        @Override
        public void get() {
            EventStream events = EventStream.start(this);
            await(events.send(ServerSentEvent.of("first").withRetry(Duration.ofSeconds(2))));
            await(events.send("second"));
        }
    }

    static final class Idle extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            EventStream.start(this).heartbeat(Duration.ofSeconds(15));
            return new CompletableFuture<>(); // never done: the stream stays open
        }
    }

    private List<ServerSentEvent> read(TestLoop loop, TestClient client, String path, String lastEventId) {
        List<ServerSentEvent> events = new CopyOnWriteArrayList<>();
        var request = client.request(path)
                .header("Accept", "text/event-stream")
                .streamingCallback(EventStreamReader.of(e -> {
                    events.add(e);
                    return null;
                }));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse r = loop.join(client.fetchAsync(request.build()));
        assertEquals(200, r.code());
        assertEquals("text/event-stream; charset=UTF-8", r.headers().get("Content-Type"));
        assertEquals("no-cache", r.headers().get("Cache-Control"));
        return events;
    }

    @Test
    void eventsStreamToTheClientsReader(TestLoop loop, TestClient client) {
        List<ServerSentEvent> events = read(loop, client, "/count", null);
        assertEquals(3, events.size());
        assertEquals(new ServerSentEvent("1", "count", "n=1\nof three", null), events.get(0));
        assertEquals("3", events.get(2).id());
    }

    @Test
    void aReconnectionResumesAfterLastEventId(TestLoop loop, TestClient client) {
        List<ServerSentEvent> events = read(loop, client, "/count", "3");
        assertEquals(
                List.of("4", "5", "6"), events.stream().map(ServerSentEvent::id).toList());
    }

    @Test
    void coroutineHandlersStreamToo(TestLoop loop, TestClient client) {
        assertEquals(
                List.of("first", "second"),
                read(loop, client, "/coroutine", null).stream()
                        .map(ServerSentEvent::data)
                        .toList());
    }

    @Test
    void anIdleStreamSendsHeartbeatComments(RawConnection c, VirtualTime time) {
        c.send("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", c.readLine());
        while (!c.readLine().isEmpty()) {
            // headers
        }
        time.advance(Duration.ofSeconds(15));
        String chunkSize = c.readLine();
        String chunk = new String(c.readBytes(Integer.parseInt(chunkSize, 16)), StandardCharsets.UTF_8);
        assertEquals(": heartbeat\n\n", chunk);
    }
}
