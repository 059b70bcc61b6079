package dev.squall.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.sse.ServerSentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {
    private final List<ServerSentEvent> events = new ArrayList<>();
    private final EventStreamReader reader = EventStreamReader.of(e -> {
        events.add(e);
        return null;
    });

    private void feed(String... chunks) {
        for (String c : chunks) {
            reader.onChunk(ByteString.encodeUtf8(c));
        }
    }

    @Test
    void readsEventsSplitAnywhereAcrossChunks() {
        feed("\uFEFFid: 1\nevent: ti", "ck\ndata: a\r", "\ndata: b\r\r: comment\n", "data:c\n\n");
        assertEquals(
                List.of(new ServerSentEvent("1", "tick", "a\nb", null), new ServerSentEvent("1", null, "c", null)),
                events);
    }

    @Test
    void aCrlfSplitBetweenChunksEndsOneLine() {
        feed("data: x\r", "\n", "\r\n");
        assertEquals(List.of(ServerSentEvent.of("x")), events);
    }

    @Test
    void eventsWithoutDataAreNotDispatchedAndRetryIsKept() {
        feed("event: nothing\n\nretry: 2500\nretry: soon\nid: 7\n\n");
        assertEquals(List.of(), events);
        assertEquals(Duration.ofMillis(2500), reader.retry());
        assertEquals("7", reader.lastEventId());
    }

    @Test
    void anEncodedEventReadsBackTheSame() {
        ServerSentEvent e =
                ServerSentEvent.of("update", "line 1\r\nline 2\rline 3").withId("9");
        feed(e.encode());
        assertEquals(List.of(new ServerSentEvent("9", "update", "line 1\nline 2\nline 3", null)), events);
    }
}
