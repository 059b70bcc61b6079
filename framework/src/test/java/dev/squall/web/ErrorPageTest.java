package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ErrorPageTest extends WebTestSupport {

    static final class Fails extends RequestHandler {
        @Override
        public void get() {
            throw new IllegalArgumentException("secret detail");
        }
    }

    private WebClient app(Application.Builder b) {
        return client(b.route("/", Fails::new).logFunction(h -> {}).build());
    }

    @Test
    void errorPageShowsOnlyStatusAndReasonOutsideDebug() {
        TestResponse r = app(Application.builder()).get("/");
        assertEquals(500, r.status());
        assertFalse(r.text().contains("secret detail"));
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
    }

    @Test
    void debugServesTheStackTraceAsText() {
        TestResponse r = app(Application.builder().debug(true)).get("/");
        assertEquals(500, r.status());
        assertEquals("text/plain; charset=UTF-8", r.header("Content-Type"));
        assertTrue(r.text().startsWith("java.lang.IllegalArgumentException: secret detail"), r.text());
        assertTrue(r.text().contains("at dev.squall.web.ErrorPageTest$Fails.get"), r.text());
    }

    @Test
    void serveTracebackAloneServesTheStackTrace() {
        assertTrue(
                app(Application.builder().serveTraceback(true)).get("/").text().contains("secret detail"));
    }

    @Test
    void serveTracebackFalseOverridesDebug() {
        assertFalse(app(Application.builder().debug(true).serveTraceback(false))
                .get("/")
                .text()
                .contains("secret"));
    }

    @Test
    void notFoundPagesCarryNoStackTraceEvenInDebug() {
        TestResponse r = app(Application.builder().debug(true)).get("/nowhere");
        assertEquals(404, r.status());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", r.text());
    }

    static final class ErrorWithReason extends RequestHandler {
        @Override
        public void get() {
            throw new HttpError(418, "Short & Stout", null);
        }
    }

    @Test
    void httpErrorReasonIsTheStatusLineAndTheEscapedPageTitle() {
        TestResponse r = serve(ErrorWithReason::new).get("/");
        assertEquals(418, r.status());
        assertEquals("Short & Stout", r.reason());
        assertEquals("<html><title>418: Short &amp; Stout</title><body>418: Short &amp; Stout</body></html>", r.text());
    }

    static final class ErrorWithLogMessage extends RequestHandler {
        @Override
        public void get() {
            throw new HttpError(400, null, "field x was -1");
        }
    }

    @Test
    void httpErrorLogMessageIsLoggedAtWarningAndNeverSent() {
        try (LogCapture log = new LogCapture("dev.squall.general")) {
            TestResponse r = serve(ErrorWithLogMessage::new).get("/");
            assertEquals(400, r.status());
            assertFalse(r.text().contains("field x"));
            assertEquals(List.of("400 GET / (127.0.0.1): field x was -1"), log.messages());
            assertEquals(java.util.logging.Level.WARNING, log.records().get(0).getLevel());
        }
    }

    @Test
    void httpErrorRefusesAReasonThatCouldSplitTheStatusLine() {
        assertTrue(assertThrowsIae(() -> new HttpError(400, "bad\r\nX-Evil: 1", null))
                .contains("0x0D"));
    }

    private static String assertThrowsIae(Runnable r) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run)
                .getMessage();
    }

    static final class JsonErrors extends RequestHandler {
        @Override
        public void get() {
            throw new HttpError(422, null, "nope");
        }

        @Override
        protected void writeError(int status, @Nullable Throwable error) {
            setHeader("Content-Type", JSON_CONTENT_TYPE);
            write(java.util.Map.of("status", status, "error", String.valueOf(error)));
        }
    }

    @Test
    void writeErrorCanBeOverriddenForCustomErrorPages() {
        TestResponse r = serve(JsonErrors::new).get("/");
        assertEquals(422, r.status());
        assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
        assertTrue(r.text().contains("\"status\":422"), r.text());
    }

    static final class SetsHeadersThenFails extends RequestHandler {
        @Override
        public void get() {
            setHeader("X-Partial", "yes");
            setHeader("Content-Type", "application/json");
            write("{\"half\":");
            throw new IllegalStateException("halfway");
        }
    }

    @Test
    void anErrorDiscardsOutputAndHeadersWrittenBeforeIt() {
        TestResponse r = serve(SetsHeadersThenFails::new).get("/");
        assertEquals(500, r.status());
        assertNull(r.header("X-Partial"));
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
        assertFalse(r.text().contains("half"));
    }

    static final class SendsError extends RequestHandler {
        @Override
        public void get() {
            sendError(503);
        }
    }

    @Test
    void sendErrorAnswersWithTheStandardPage() {
        TestResponse r = serve(SendsError::new).get("/");
        assertEquals(503, r.status());
        assertEquals(
                "<html><title>503: Service Unavailable</title><body>503: Service Unavailable</body></html>", r.text());
    }

    static final class FailsAfterFlush extends AsyncRequestHandler {
        @Override
        public java.util.concurrent.CompletionStage<?> get() {
            write("started");
            return flush().thenRun(() -> {
                throw new IllegalStateException("mid-stream");
            });
        }
    }

    @Test
    void anErrorAfterTheHeadersWereSentEndsTheResponseAndClosesTheConnection() {
        InMemoryClient c = inMemory(serve(FailsAfterFlush::new));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        TestResponse r = InMemoryClient.await(pending);
        assertEquals(200, r.status());
        assertEquals("started", r.text());
        assertTrue(pending.closeAfterResponse, "the client must see the response was cut short");
    }

    static final class WriteErrorThrows extends RequestHandler {
        @Override
        public void get() {
            throw new IllegalStateException("first");
        }

        @Override
        protected void writeError(int status, @Nullable Throwable error) {
            throw new IllegalStateException("second");
        }
    }

    @Test
    void aWriteErrorThatThrowsStillEndsTheResponse() {
        assertEquals(500, serve(WriteErrorThrows::new).get("/").status());
    }

    static final class BodyOn204 extends RequestHandler {
        @Override
        public void get() {
            setStatus(204);
            write("not allowed");
        }
    }

    @Test
    void aBodyOnA204IsA500NamingTheMistake() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            assertEquals(500, serve(BodyOn204::new).get("/").status());
            assertTrue(log.records().get(0).getThrown().getMessage().contains("a 204 response cannot have a body"));
        }
    }
}
