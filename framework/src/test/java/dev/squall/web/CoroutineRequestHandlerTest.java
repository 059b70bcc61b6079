package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.async.Async;
import dev.squall.async.Coroutines;
import dev.squall.http.HttpHeaders;
import dev.squall.loop.IOLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The coroutine handler style: prepare() and the HTTP methods run as one coroutine per request that holds the
 * loop and may await futures; the response finishes when the method returns; errors are answered as in the
 * other styles. In memory here; over real sockets (plus disconnects and the watchdog) in
 * {@link CoroutineRequestHandlerSocketTest}.
 */
class CoroutineRequestHandlerTest extends WebTestSupport {
    final List<String> events = new CopyOnWriteArrayList<>();

    // ---------------------------------------------------------------------------------------------------
    // DESIGN.md's example, with a blocking user lookup and a stand-in for the HTTP client

    record User(String name, String avatarUrl) {}

    /** What the HTTP client's fetch answers; only the body matters here. */
    record FetchedResponse(ByteString body) {}

    /** A blocking repository, as a JDBC one: records the thread each lookup ran on. */
    static final class Users {
        final CompletableFuture<Thread> lookupThread = new CompletableFuture<>();
        final CompletableFuture<@Nullable IOLoop> loopDuringLookup = new CompletableFuture<>();

        User byId(String id) {
            lookupThread.complete(Thread.currentThread());
            loopDuringLookup.complete(IOLoop.currentOrNull());
            return new User("Ada #" + id, "http://avatars.example/" + id + ".png");
        }
    }

    /** A stand-in for the HTTP client: its futures complete on the caller's loop in a later task. */
    static final class FakeHttp {
        final List<String> fetched = new CopyOnWriteArrayList<>();
        final CompletableFuture<Boolean> pendingWhenAwaited = new CompletableFuture<>();

        CompletableFuture<FetchedResponse> fetch(String url) {
            fetched.add(url);
            CompletableFuture<FetchedResponse> response = new CompletableFuture<>();
            IOLoop.current().execute(() -> response.complete(new FetchedResponse(ByteString.of(new byte[1234]))));
            pendingWhenAwaited.complete(!response.isDone());
            return response;
        }
    }

    final Users users = new Users();
    final FakeHttp http = new FakeHttp();

    /** As in DESIGN.md: the repository and the client are the enclosing application's. */
    final class ProfileHandler extends CoroutineRequestHandler {
        @Override
        public void get() {
            User user = await(Async.blocking(() -> users.byId(currentUserId())));
            FetchedResponse avatar = await(http.fetch(user.avatarUrl()));
            write(Map.of("name", user.name(), "avatarBytes", avatar.body().size()));
        }

        private String currentUserId() {
            return getArgument("id");
        }
    }

    @Test
    void theDesignExampleAwaitsABlockingLookupThenAPendingLoopFutureAndWritesJson() throws Exception {
        TestResponse r = serve(ProfileHandler::new).get("/?id=7");
        assertEquals(200, r.status());
        assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
        assertTrue(r.text().contains("\"name\":\"Ada #7\""), r.text());
        assertTrue(r.text().contains("\"avatarBytes\":1234"), r.text());
        assertEquals(List.of("http://avatars.example/7.png"), http.fetched);
        assertTrue(http.pendingWhenAwaited.get(), "the fetch was still pending when the handler awaited it");
        assertTrue(users.lookupThread.get().isVirtual(), "the lookup ran on a virtual thread");
        assertNull(users.loopDuringLookup.get(), "the lookup ran off the loop");
    }

    // ---------------------------------------------------------------------------------------------------

    final CountDownLatch release = new CountDownLatch(1);
    final CompletableFuture<Void> lookupStarted = new CompletableFuture<>();

    final class BlockingLookup extends CoroutineRequestHandler {
        @Override
        public void get() {
            String value = await(Async.blocking(() -> {
                lookupStarted.complete(null);
                release.await(); // a slow query
                return "slow answer";
            }));
            write(value);
        }
    }

    static final class Quick extends RequestHandler {
        @Override
        public void get() {
            write("quick");
        }
    }

    @Test
    void theLoopServesOtherRequestsWhileACoroutineAwaitsBlockingWork() throws Exception {
        WebClient c = client(Application.builder()
                .route("/slow", BlockingLookup::new)
                .route("/quick", Quick::new)
                .logFunction(h -> {})
                .build());
        CompletableFuture<TestResponse> slow = CompletableFuture.supplyAsync(() -> c.get("/slow"));
        lookupStarted.get(5, TimeUnit.SECONDS);
        assertEquals("quick", c.get("/quick").text()); // answered by the same loop while /slow waits
        assertFalse(slow.isDone());
        release.countDown();
        assertEquals("slow answer", slow.get(5, TimeUnit.SECONDS).text());
    }

    // ---------------------------------------------------------------------------------------------------

    final class ReportsWhereItRuns extends CoroutineRequestHandler {
        @Override
        public void get() {
            record("before await");
            await(Async.blocking(() -> "off the loop"));
            record("after await");
            write("ok");
        }

        private void record(String when) {
            IOLoop loop = request().loop();
            events.add(when + ": inEventLoop=" + loop.inEventLoop() + " current=" + (IOLoop.current() == loop)
                    + " inCoroutine=" + Coroutines.inCoroutine() + " virtual="
                    + Thread.currentThread().isVirtual());
        }
    }

    @Test
    void handlerCodeRunsInACoroutineHoldingTheRequestsLoopBeforeAndAfterAnAwait() {
        assertEquals("ok", serve(ReportsWhereItRuns::new).get("/").text());
        assertEquals(
                List.of(
                        "before await: inEventLoop=true current=true inCoroutine=true virtual=true",
                        "after await: inEventLoop=true current=true inCoroutine=true virtual=true"),
                events);
    }

    static final class NeverWaits extends CoroutineRequestHandler {
        @Override
        public void get() {
            write("at once");
        }
    }

    @Test
    void aCoroutineThatNeverWaitsFinishesTheResponseInTheTaskThatDispatchedTheRequest() {
        InMemoryClient c = inMemory(serve(NeverWaits::new));
        RecordingResponse[] r = new RecordingResponse[1];
        onLoop(() -> {
            r[0] = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        });
        // The request was dispatched by a task queued behind this one; when it has run, the response is done.
        onLoop(() -> {});
        assertTrue(r[0].finished, "finished by the dispatching task, with no extra loop task");
        assertEquals("at once", InMemoryClient.await(r[0]).text());
        assertEquals(0, r[0].close.getNumberOfDependents(), "no close watch for a handler that never waited");
    }

    // ---------------------------------------------------------------------------------------------------

    final class AwaitsInPrepare extends CoroutineRequestHandler {
        @Override
        public void prepare() {
            events.add("prepare on " + Thread.currentThread().threadId());
            setCurrentUser(await(Async.blocking(() -> "ann")));
        }

        @Override
        public void get() {
            events.add("get on " + Thread.currentThread().threadId());
            write("hello " + currentUser());
        }
    }

    @Test
    void prepareAwaitsBeforeTheMethodAndBothRunInOneCoroutine() {
        assertEquals("hello ann", serve(AwaitsInPrepare::new).get("/").text());
        assertEquals(2, events.size());
        String prepareThread = events.get(0).substring("prepare on ".length());
        assertEquals("get on " + prepareThread, events.get(1));
    }

    final class RedirectsAfterAwaitInPrepare extends CoroutineRequestHandler {
        @Override
        public void prepare() {
            boolean loggedIn = await(Async.blocking(() -> false));
            if (!loggedIn) {
                redirect("/login");
            }
        }

        @Override
        public void get() {
            events.add("get");
        }
    }

    @Test
    void finishingInPrepareAfterAnAwaitSkipsTheMethod() {
        TestResponse r = serve(RedirectsAfterAwaitInPrepare::new).get("/");
        assertEquals(302, r.status());
        assertEquals("/login", r.header("Location"));
        assertEquals(List.of(), events);
    }

    // ---------------------------------------------------------------------------------------------------

    static final class ForbiddenAfterAwait extends CoroutineRequestHandler {
        @Override
        public void get() {
            String role = await(Async.blocking(() -> "guest"));
            throw new HttpError(403, "No Entry", "role " + role + " tried /admin");
        }
    }

    @Test
    void anHttpErrorThrownAfterAnAwaitAnswersWithItsStatusAndReason() {
        TestResponse r = serve(ForbiddenAfterAwait::new).get("/");
        assertEquals(403, r.status());
        assertEquals("No Entry", r.reason());
        assertTrue(r.text().contains("403: No Entry"), r.text());
    }

    static final class AwaitsAFailingFuture extends CoroutineRequestHandler {
        @Override
        public void get() {
            write("partial output is discarded");
            await(Async.blocking(() -> {
                throw new IllegalStateException("database down");
            }));
        }
    }

    @Test
    void aFailedFutureRethrownByAwaitIsLoggedAndAnsweredWithA500() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(AwaitsAFailingFuture::new).get("/");
            assertEquals(500, r.status());
            assertEquals(
                    "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>",
                    r.text());
            assertEquals(Level.SEVERE, log.records().get(0).getLevel());
            assertEquals("database down", log.records().get(0).getThrown().getMessage());
        }
    }

    static final class FinishesEarly extends CoroutineRequestHandler {
        @Override
        public void get() {
            write(await(Async.blocking(() -> "kept")));
            throw new Finish();
        }
    }

    @Test
    void finishThrownInTheCoroutineEndsTheRequestWithWhatWasWritten() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(FinishesEarly::new).get("/");
            assertEquals(200, r.status());
            assertEquals("kept", r.text());
            assertEquals(List.of(), log.records());
        }
    }

    static final class AwaitsInAPlainHandler extends RequestHandler {
        @Override
        public void get() {
            write(Coroutines.await(Async.blocking(() -> "never written"))); // the mistake: no coroutine here
        }
    }

    @Test
    void awaitInAPlainHandlerIsA500WhoseLogSaysToMakeItACoroutineHandler() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(AwaitsInAPlainHandler::new).get("/");
            assertEquals(500, r.status());
            Throwable logged = log.records().get(0).getThrown();
            assertTrue(logged instanceof IllegalStateException, String.valueOf(logged));
            assertTrue(logged.getMessage().startsWith("await() was called on event loop thread"), logged.getMessage());
            assertTrue(
                    logged.getMessage().contains("a handler extending CoroutineRequestHandler"), logged.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------

    static final class Streams extends CoroutineRequestHandler {
        @Override
        public void get() {
            write("first,");
            await(flush()); // the bytes reached the client's side
            write(await(Async.blocking(() -> "second")));
        }
    }

    @Test
    void theCoroutineMayFlushAndAwaitTheFlushWhileStreaming() {
        TestResponse r = serve(Streams::new).get("/");
        assertEquals(200, r.status());
        assertEquals("first,second", r.text());
        assertNull(r.header("Content-Length"), "a flushed response is chunked");
    }

    // ---------------------------------------------------------------------------------------------------

    final class GetOnly extends CoroutineRequestHandler {
        @Override
        public void get() {
            events.add(request().method());
            write(await(Async.blocking(() -> "body")));
        }
    }

    @Test
    void headRunsGetInTheCoroutineAndSendsNoBody() {
        TestResponse r = serve(GetOnly::new).fetch("HEAD", "/", new HttpHeaders(), new byte[0]);
        assertEquals(200, r.status());
        assertEquals("4", r.header("Content-Length"));
        assertEquals(0, r.body().length);
        assertEquals(List.of("HEAD"), events);
    }

    @Test
    void aMethodTheHandlerDoesNotImplementIsA405ListingTheOnesItDoes() {
        TestResponse r = serve(GetOnly::new).post("/", "text/plain", "x");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals(List.of(), events);
    }

    @Test
    void theStyleHooksAreCalledOnlyByTheFramework() {
        GetOnly handler = new GetOnly();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handler.invokeMethod(HttpMethod.GET));
        assertTrue(e.getMessage().contains("the request's coroutine runs prepare() and the method"), e.getMessage());
        assertEquals(List.of(), events);
    }
}
