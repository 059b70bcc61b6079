package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LifecycleTest extends WebTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** The user lookup {@link SlowPrepare}'s prepare() waits for. */
    private final CompletableFuture<String> lookup = new CompletableFuture<>();
    /** The work {@link Waits}'s get() returns. */
    private final CompletableFuture<Void> work = new CompletableFuture<>();

    final class Recorder extends RequestHandler {
        Recorder() {
            events.add("construct");
        }

        @Override
        public void prepare() {
            events.add("prepare");
        }

        @Override
        public void get() {
            events.add("get");
            write("ok");
        }

        @Override
        public void onFinish() {
            events.add("onFinish:" + status());
        }

        @Override
        public void onConnectionClose() {
            events.add("onConnectionClose");
        }
    }

    @Test
    void prepareRunsBeforeTheMethodAndOnFinishAfterTheResponse() {
        serve(Recorder::new).get("/");
        assertEquals(List.of("construct", "prepare", "get", "onFinish:200"), events);
    }

    final class FinishesInPrepare extends RequestHandler {
        @Override
        public void prepare() {
            events.add("prepare");
            redirect("/login");
        }

        @Override
        public void get() {
            events.add("get");
        }
    }

    @Test
    void finishingInPrepareSkipsTheMethod() {
        TestResponse r = serve(FinishesInPrepare::new).get("/");
        assertEquals(302, r.status());
        assertEquals(List.of("prepare"), events);
    }

    final class SlowPrepare extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> prepare() {
            events.add("prepare");
            return lookup.thenAccept(user -> setCurrentUser(user));
        }

        @Override
        public CompletionStage<?> get() {
            events.add("get on " + Thread.currentThread().getName());
            write("hello " + currentUser());
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void asynchronousPrepareIsAwaitedBeforeTheMethodWhichRunsOnTheLoop() throws Exception {
        InMemoryClient c = inMemory(serve(SlowPrepare::new));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        onLoop(() -> {}); // the request has been dispatched
        assertEquals(List.of("prepare"), events);
        lookup.complete("ann"); // from the test thread, not the loop
        assertEquals("hello ann", InMemoryClient.await(pending).text());
        assertEquals(List.of("prepare", "get on web-test"), events);
    }

    final class Waits extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            events.add("get");
            return work;
        }

        @Override
        public void onConnectionClose() {
            events.add("onConnectionClose");
            work.cancel(false);
        }

        @Override
        public void onFinish() {
            events.add("onFinish");
        }
    }

    @Test
    void onConnectionCloseIsCalledWhenTheClientGoesAwayWhileTheHandlerWaits() throws Exception {
        InMemoryClient c = inMemory(serve(Waits::new));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        onLoop(() -> pending.close.complete(null)); // the connection closes, as the server reports it
        assertTrue(work.isCancelled(), "the handler stopped its work");
        onLoop(() -> {});
        assertEquals("get", events.get(0));
        assertEquals("onConnectionClose", events.get(1));
    }

    @Test
    void onConnectionCloseIsNotCalledAfterTheResponseFinished() {
        InMemoryClient c = inMemory(serve(Waits::new));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        work.complete(null);
        InMemoryClient.await(pending);
        onLoop(() -> pending.close.complete(null));
        onLoop(() -> {});
        assertEquals(List.of("get", "onFinish"), events);
    }

    @Test
    void onConnectionCloseIsNotRegisteredForHandlersThatFinishAtOnce() {
        InMemoryClient c = inMemory(serve(Recorder::new));
        RecordingResponse r = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        InMemoryClient.await(r);
        assertEquals(0, r.close.getNumberOfDependents());
    }

    static final class Configured extends RequestHandler {
        private final String greeting;
        private final int times;

        Configured(String greeting, int times) {
            this.greeting = greeting;
            this.times = times;
        }

        @Override
        public void get() {
            write(greeting.repeat(times));
        }
    }

    @Test
    void routeFactoriesPassTypedArgumentsToTheHandler() {
        WebClient c = client(
                Application.builder().route("/", () -> new Configured("ha", 3)).build());
        assertEquals("hahaha", c.get("/").text());
    }

    final class CountsUserLookups extends RequestHandler {
        int lookups;

        @Override
        protected @Nullable String getCurrentUser() {
            lookups++;
            return request().headers().get("X-User");
        }

        @Override
        public void get() {
            Object first = currentUser();
            Object second = currentUser();
            assertSame(first, second);
            write(first + " " + lookups);
        }
    }

    @Test
    void currentUserIsComputedOncePerRequest() {
        WebClient c = serve(CountsUserLookups::new);
        assertEquals("bob 1", c.get("/", "X-User", "bob").text());
        assertEquals("null 1", c.get("/").text());
    }

    final class TakesTime extends RequestHandler {
        @Override
        public void get() {
            clock.advance(Duration.ofMillis(1500));
            write(Double.toString(requestTime()));
        }

        @Override
        public void onFinish() {
            events.add(Double.toString(requestTime()));
        }
    }

    @Test
    void requestTimeIsMeasuredOnTheLoopClockAndStopsAtFinish() {
        WebClient c = serve(TakesTime::new);
        assertEquals("1.5", c.get("/").text());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("1.5"), events);
    }

    final class ReadsRequestInConstructor extends RequestHandler {
        ReadsRequestInConstructor() {
            try {
                request();
            } catch (IllegalStateException e) {
                events.add(e.getMessage());
            }
        }

        @Override
        public void get() {}
    }

    @Test
    void theRequestIsNotAvailableInTheConstructorAndTheErrorSaysWhereToReadIt() {
        serve(ReadsRequestInConstructor::new).get("/");
        assertTrue(events.get(0).contains("read it in prepare() or the HTTP method"), events.get(0));
    }

    final class Streams extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("one");
            return flush().thenCompose(x -> {
                        events.add("first flush done");
                        write("two");
                        return flush();
                    })
                    .thenRun(() -> events.add("second flush done"));
        }
    }

    @Test
    void flushFuturesCompleteWhenTheClientTookTheBytes() {
        InMemoryClient c = inMemory(serve(Streams::new));
        RecordingResponse pending = c.startWith(RecordingResponse::holdFlushes, "GET", "/");
        onLoop(() -> {});
        assertEquals(1, pending.heldFlushCount());
        assertEquals(List.of(), events, "the handler waits for the slow client");
        onLoop(pending::releaseFlush);
        assertEquals(List.of("first flush done"), events);
        onLoop(pending::releaseFlush);
        TestResponse r = InMemoryClient.await(pending);
        assertEquals("onetwo", r.text());
        assertEquals(List.of("first flush done", "second flush done"), events);
        assertFalse(r.headers().contains("Content-Length"), "a streamed response is chunked");
    }
}
