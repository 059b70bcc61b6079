package dev.squall.testing.guide;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.AsyncTest;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.testing.TestLoop;
import dev.squall.web.Application;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

@SquallTest
class AsyncGuideTest {
    static Application app() {
        return Hello.app();
    }

    // guide: stage
    @AsyncTest
    CompletionStage<Void> chainsOnTheResponseFuture(TestClient client) {
        return client.fetchAsync("/").thenAccept(r -> assertEquals(200, r.code()));
    }

    // guide: coroutine
    @AsyncTest
    void awaitsTheResponseInACoroutine(TestClient client) {
        HttpResponse r = await(client.fetchAsync("/"));
        assertEquals("Hello, world", r.bodyText());
    }

    // guide: run
    @Test
    void waitsForAStageFromTheTestThread(TestLoop loop, TestClient client) {
        int code = loop.run(() -> client.fetchAsync("/").thenApply(r -> r.code()));
        assertEquals(200, code);
    }
}
