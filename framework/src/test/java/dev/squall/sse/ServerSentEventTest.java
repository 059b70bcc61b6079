package dev.squall.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerSentEventTest {
    @Test
    void dataOnlyIsOneDataLineAndABlankLine() {
        assertEquals("data: hello\n\n", ServerSentEvent.of("hello").encode());
    }

    @Test
    void everyKindOfLineBreakStartsANewDataLine() {
        assertEquals(
                "data: a\ndata: b\ndata: c\ndata: d\ndata: \n\n",
                ServerSentEvent.of("a\nb\rc\r\nd\n").encode());
    }

    @Test
    void idEventAndRetryComeFirst() {
        ServerSentEvent e = ServerSentEvent.of("tick", "1").withId("42").withRetry(Duration.ofSeconds(3));
        assertEquals("id: 42\nevent: tick\nretry: 3000\ndata: 1\n\n", e.encode());
    }

    @Test
    void lineBreaksInIdOrEventAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> ServerSentEvent.of("x").withId("1\n2"));
        assertThrows(IllegalArgumentException.class, () -> ServerSentEvent.of("a\rb", "x"));
    }
}
