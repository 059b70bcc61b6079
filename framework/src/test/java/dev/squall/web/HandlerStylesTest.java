package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The plain and chained-futures styles have one semantics: success, failure, HttpError, Finish. */
class HandlerStylesTest extends WebTestSupport {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    static final class Plain extends RequestHandler {
        @Override
        public void get() {
            write("plain");
        }
    }

    @Test
    void plainHandlerFinishesWhenItReturns() {
        TestResponse r = serve(Plain::new).get("/");
        assertEquals(200, r.status());
        assertEquals("plain", r.text());
        assertEquals("5", r.header("Content-Length"));
    }

    static final class PlainThrows extends RequestHandler {
        @Override
        public void get() {
            write("partial output is discarded");
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void plainHandlerExceptionIsA500() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(PlainThrows::new).get("/");
            assertEquals(500, r.status());
            assertEquals(
                    "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>",
                    r.text());
            assertEquals(Level.SEVERE, log.records().get(0).getLevel());
            assertTrue(log.records().get(0).getThrown() instanceof IllegalStateException);
        }
    }

    static final class PlainHttpError extends RequestHandler {
        @Override
        public void get() {
            throw new HttpError(403, "No Entry", "user 7 tried /admin");
        }
    }

    @Test
    void plainHandlerHttpErrorAnswersWithItsStatusAndReason() {
        TestResponse r = serve(PlainHttpError::new).get("/");
        assertEquals(403, r.status());
        assertEquals("No Entry", r.reason());
        assertTrue(r.text().contains("403: No Entry"), r.text());
    }

    static final class Chained extends AsyncRequestHandler {
        final CompletableFuture<String> data;

        Chained(CompletableFuture<String> data) {
            this.data = data;
        }

        @Override
        public CompletionStage<?> get() {
            return request().loop().adopt(data).thenAccept(value -> write("got " + value));
        }
    }

    @Test
    void asyncHandlerFinishesWhenItsStageCompletes() {
        CompletableFuture<String> data = new CompletableFuture<>();
        InMemoryClient c = inMemory(serve(() -> new Chained(data)));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        onLoop(() -> {});
        assertEquals(false, pending.isHeadWritten(), "nothing is sent before the stage completes");
        data.complete("it"); // on the test thread; adopt brings it to the loop
        TestResponse r = InMemoryClient.await(pending);
        assertEquals("got it", r.text());
        assertEquals("6", r.header("Content-Length"));
    }

    static final class AlreadyDone extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("done");
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void asyncHandlerWithACompletedStageFinishesAtOnce() {
        assertEquals("done", serve(AlreadyDone::new).get("/").text());
    }

    static final class FailsStage extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("db down");
            });
        }
    }

    @Test
    void asyncHandlerFailedStageIsA500LikeAThrownException() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(FailsStage::new).get("/");
            assertEquals(500, r.status());
            Throwable logged = log.records().get(0).getThrown();
            assertTrue(
                    logged instanceof IllegalStateException
                            && logged.getMessage().equals("db down"),
                    "the cause is logged, unwrapped: " + logged);
        }
    }

    static final class FailsWithHttpError extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return CompletableFuture.failedFuture(new HttpError(404, null, "no story 9"));
        }
    }

    @Test
    void asyncHandlerStageFailedWithHttpErrorAnswersWithItsStatus() {
        try (LogCapture log = new LogCapture("dev.squall.general")) {
            TestResponse r = serve(FailsWithHttpError::new).get("/");
            assertEquals(404, r.status());
            assertEquals(List.of("404 GET / (127.0.0.1): no story 9"), log.messages());
        }
    }

    static final class ThrowsBeforeReturningAStage extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            throw new HttpError(409);
        }
    }

    @Test
    void asyncHandlerThatThrowsIsHandledLikeAFailedStage() {
        assertEquals(409, serve(ThrowsBeforeReturningAStage::new).get("/").status());
    }

    static final class ReturnsNull extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return null;
        }
    }

    @Test
    void asyncHandlerReturningNullIsA500ThatSaysWhatToReturn() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            assertEquals(500, serve(ReturnsNull::new).get("/").status());
            String message = log.records().get(0).getThrown().getMessage();
            assertTrue(message.contains("get() returned null") && message.contains("completedFuture(null)"), message);
        }
    }

    final class FinishesItself extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return CompletableFuture.completedFuture("x").thenAccept(v -> {
                write(v);
                finish();
            });
        }

        @Override
        public void onFinish() {
            seen.add("onFinish");
        }
    }

    @Test
    void asyncHandlerThatFinishesItselfIsNotFinishedAgain() {
        assertEquals("x", serve(FinishesItself::new).get("/").text());
        assertEquals(List.of("onFinish"), seen);
    }

    static final class WritesOffTheLoop extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return CompletableFuture.runAsync(() -> write("from another thread"));
        }
    }

    @Test
    void writingFromAnotherThreadFailsAndSaysHowToComeBack() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            assertEquals(500, serve(WritesOffTheLoop::new).get("/").status());
            String message = log.records().get(0).getThrown().getMessage();
            assertTrue(message.contains("not on the request's loop") && message.contains("adopt"), message);
        }
    }

    final class PlainFinish extends RequestHandler {
        @Override
        public void prepare() {
            setStatus(503);
            write("maintenance");
            throw new Finish();
        }

        @Override
        public void get() {
            seen.add("get");
        }
    }

    @Test
    void finishStopsAPlainHandlerEarlyWithWhatItWrote() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            TestResponse r = serve(PlainFinish::new).get("/");
            assertEquals(503, r.status());
            assertEquals("maintenance", r.text());
            assertEquals(List.of(), seen);
            assertEquals(List.of(), log.records(), "Finish is not an error");
        }
    }

    static final class AsyncFinish extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("early");
            return CompletableFuture.failedFuture(new Finish());
        }
    }

    @Test
    void finishStopsAnAsyncHandlerEarlyToo() {
        TestResponse r = serve(AsyncFinish::new).get("/");
        assertEquals(200, r.status());
        assertEquals("early", r.text());
    }

    final class FinishesTwice extends RequestHandler {
        @Override
        public void get() {
            finish();
            try {
                finish();
            } catch (IllegalStateException e) {
                seen.add(e.getMessage());
            }
        }
    }

    @Test
    void finishingTwiceIsAClearError() {
        assertEquals(200, serve(FinishesTwice::new).get("/").status());
        assertTrue(seen.get(0).startsWith("finish() was called twice for GET / (127.0.0.1)"), seen.get(0));
    }

    final class WritesAfterFinish extends RequestHandler {
        @Override
        public void get() {
            write("a");
            finish();
            try {
                write("b");
            } catch (IllegalStateException e) {
                seen.add(e.getMessage());
            }
        }
    }

    @Test
    void writingAfterFinishIsAClearError() {
        assertEquals("a", serve(WritesAfterFinish::new).get("/").text());
        assertEquals(List.of("write() was called after finish(); the response is complete"), seen);
    }
}
