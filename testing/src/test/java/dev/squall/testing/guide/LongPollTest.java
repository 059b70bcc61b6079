package dev.squall.testing.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestApp;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.testing.VirtualTime;
import dev.squall.web.Application;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

// guide: virtual-time timeout
@SquallTest(virtualTime = true)
class LongPollTest {
    @TestApp
    final Application app = LongPoll.app(new LongPoll.MessageBox());

    @Test
    void answers204WhenNoMessageComesWithin30Seconds(TestClient client, TestLoop loop, VirtualTime time) {
        CompletableFuture<HttpResponse> poll = client.fetchAsync("/next");
        time.advance(Duration.ofSeconds(30)); // instantly; the handler's timer fires
        assertEquals(204, loop.join(poll).code());
    }

    @Test
    void answersWithAMessagePostedBeforeTheTimeout(TestClient client, TestLoop loop, VirtualTime time) {
        CompletableFuture<HttpResponse> poll = client.fetchAsync("/next");
        time.advance(Duration.ofSeconds(29));
        client.fetch("/messages", b -> b.method("POST").body("hello"));
        assertEquals("hello", loop.join(poll).bodyText());
    }
}
