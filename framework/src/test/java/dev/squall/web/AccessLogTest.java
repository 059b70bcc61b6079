package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AccessLogTest extends WebTestSupport {

    static final class Status extends RequestHandler {
        @Override
        public void get() {
            clock.advance(Duration.ofNanos(12_345_678));
            int status = Integer.parseInt(getArgument("s", "200"));
            if (status >= 400) {
                sendError(status);
            } else {
                setStatus(status);
            }
        }
    }

    private LogRecord logged(String uri) {
        WebClient c = client(Application.builder().route("/.*", Status::new).build());
        try (LogCapture log = new LogCapture("dev.squall.access")) {
            c.get(uri);
            List<LogRecord> records = log.records();
            assertEquals(1, records.size());
            return records.get(0);
        }
    }

    @Test
    void successIsLoggedAtInfoWithStatusMethodUriIpAndDuration() {
        LogRecord r = logged("/a/b?x=1");
        assertEquals(Level.INFO, r.getLevel());
        assertEquals("200 GET /a/b?x=1 (127.0.0.1) 12.35ms", r.getMessage());
    }

    @Test
    void redirectsAreLoggedAtInfo() {
        assertEquals(Level.INFO, logged("/?s=302").getLevel());
    }

    @Test
    void clientErrorsAreLoggedAtWarning() {
        LogRecord r = logged("/?s=404");
        assertEquals(Level.WARNING, r.getLevel());
        assertEquals("404 GET /?s=404 (127.0.0.1) 12.35ms", r.getMessage());
    }

    @Test
    void serverErrorsAreLoggedAtError() {
        assertEquals(Level.SEVERE, logged("/?s=503").getLevel());
    }

    @Test
    void aLogFunctionReplacesTheAccessLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        WebClient c = client(Application.builder()
                .route("/", Status::new)
                .logFunction(h -> lines.add(h.status() + " " + h.request().uri()))
                .build());
        try (LogCapture log = new LogCapture("dev.squall.access")) {
            c.get("/?s=201");
            assertEquals(List.of(), log.records());
        }
        assertEquals(List.of("201 /?s=201"), lines);
    }

    @Test
    void aLogFunctionThatThrowsDoesNotBreakTheResponse() {
        WebClient c = client(Application.builder()
                .route("/", Status::new)
                .logFunction(h -> {
                    throw new IllegalStateException("broken logger");
                })
                .build());
        assertEquals(200, c.get("/").status());
    }
}
