package dev.squall.testing.guide;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

@SquallTest
class AsyncGuideTest {
    static Application app() { return Hello.app(); }

    // guide: coroutine
    @Test void awaitsTheResponseInACoroutine(TestLoop loop, TestClient client) {
        String text = loop.coroutine(() -> await(client.fetchAsync("/")).bodyText());
        assertEquals("Hello, world", text);
    }

    // guide: chained
    @Test void chainsOnTheResponseFuture(TestLoop loop, TestClient client) {
        int code = loop.run(() -> client.fetchAsync("/").thenApply(r -> r.code()));
        assertEquals(200, code);
    }
}
