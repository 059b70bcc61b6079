package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class OutputTest extends WebTestSupport {
    private final List<String> errors = new CopyOnWriteArrayList<>();

    /** Runs {@code action} in get(), recording the message of an exception it throws. */
    final class Does extends RequestHandler {
        private final Consumer<Does> action;

        Does(Consumer<Does> action) {
            this.action = action;
        }

        @Override
        public void get() {
            try {
                action.accept(this);
            } catch (RuntimeException e) {
                errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private TestResponse run(Consumer<Does> action) {
        return serve(() -> new Does(action)).get("/");
    }

    @Test
    void defaultHeadersAreContentTypeHtmlAndTheServersDateAndServer() {
        TestResponse r = run(h -> h.write("x"));
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
        assertTrue(r.headers().contains("Date"));
        assertTrue(r.headers().contains("Server"));
    }

    @Test
    void aResponseWrittenInOnePieceHasAContentLength() {
        assertEquals(
                "11",
                run(h -> {
                            h.write("hello");
                            h.write(" world");
                        })
                        .header("Content-Length"));
    }

    @Test
    void stringsBytesAndByteStringsAreAppendedInOrder() {
        assertEquals(
                "a\u00e9bc",
                run(h -> {
                            h.write("a\u00e9");
                            h.write(new byte[] {'b'});
                            h.write(ByteString.encodeUtf8("c"));
                        })
                        .text());
    }

    @Test
    void writtenBytesAreCopiedSoTheCallerMayReuseTheArray() {
        assertEquals(
                "ab",
                run(h -> {
                            byte[] buf = {'a'};
                            h.write(buf);
                            buf[0] = 'b';
                            h.write(buf);
                        })
                        .text());
    }

    @Test
    void setHeaderReplacesAddHeaderAppendsAndClearHeaderRemoves() {
        TestResponse r = run(h -> {
            h.setHeader("X-One", "1");
            h.setHeader("x-one", "2");
            h.addHeader("X-Many", "a");
            h.addHeader("X-Many", "b");
            h.clearHeader("Content-Type");
        });
        assertEquals(List.of("2"), r.headers().getAll("X-One"));
        assertEquals(List.of("a", "b"), r.headers().getAll("X-Many"));
        assertNull(r.header("Content-Type"));
    }

    @Test
    void headerValuesWithCrOrLfAreRefused() {
        TestResponse r = run(h -> h.setHeader("X-Evil", "a\r\nSet-Cookie: stolen=1"));
        assertEquals(200, r.status());
        assertNull(r.header("Set-Cookie"));
        assertTrue(
                errors.get(0).startsWith("IllegalArgumentException: value of header X-Evil contains CR, LF"),
                errors.get(0));
    }

    @Test
    void headerNamesThatAreNotTokensAreRefused() {
        run(h -> h.addHeader("X-Evil\r\nSet-Cookie", "x"));
        assertTrue(errors.get(0).startsWith("IllegalArgumentException: header name"), errors.get(0));
    }

    @Test
    void redirectTargetsWithNewlinesAreRefused() {
        run(h -> h.redirect("/ok\r\nSet-Cookie: x=1"));
        assertTrue(errors.get(0).startsWith("IllegalArgumentException"), errors.get(0));
    }

    @Test
    void aCustomReasonIsSent() {
        TestResponse r = run(h -> h.setStatus(299, "Fine Enough"));
        assertEquals(299, r.status());
        assertEquals("Fine Enough", r.reason());
        assertEquals("0", r.header("Content-Length"));
    }

    @Test
    void reasonsWithCrLfControlCharactersOrAngleBracketsAreRefused() {
        run(h -> h.setStatus(200, "OK\r\nX-Evil: 1"));
        run(h -> h.setStatus(200, "bell\u0007"));
        run(h -> h.setStatus(200, "<script>"));
        assertEquals(3, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.contains("is not allowed in a reason phrase")), errors.toString());
    }

    @Test
    void statusesOutsideTheHttpRangeAreRefused() {
        run(h -> h.setStatus(600));
        assertEquals(List.of("IllegalArgumentException: HTTP status must be in 100..599, got 600"), errors);
    }

    @Test
    void aHeadResponseHasHeadersButNoBody() {
        TestResponse r = serve(() -> new RequestHandler() {
                    @Override
                    public void head() {
                        setHeader("X-Size", "big");
                    }
                })
                .fetch("HEAD", "/", new HttpHeaders(), new byte[0]);
        assertEquals(200, r.status());
        assertEquals("big", r.header("X-Size"));
        assertEquals(0, r.body().length);
    }

    @Test
    void a204DropsTheContentType() {
        TestResponse r = run(h -> h.setStatus(204));
        assertEquals(204, r.status());
        assertNull(r.header("Content-Type"));
        assertNull(r.header("Content-Length"));
    }

    final class StreamsThenSetsHeader extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("chunk1");
            return flush().thenRun(() -> {
                try {
                    setHeader("X-Late", "1");
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
                write("chunk2");
            });
        }
    }

    @Test
    void flushSendsTheHeadersAndTheBodyChunkedWithoutContentLength() {
        TestResponse r = serve(StreamsThenSetsHeader::new).get("/");
        assertEquals("chunk1chunk2", r.text());
        assertFalse(r.headers().contains("Content-Length"));
        assertNull(r.header("X-Late"));
        assertEquals(
                List.of("setHeader() was called after the headers were sent by flush(); set headers before "
                        + "the first flush()"),
                errors);
    }

    @Test
    void eachFlushSendsWhatWasWrittenSinceTheLast() {
        InMemoryClient c = inMemory(serve(StreamsThenSetsHeader::new));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        InMemoryClient.await(pending);
        assertEquals("chunk1", new String(pending.flushedChunks.get(0), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("chunk2", new String(pending.flushedChunks.get(1), java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(pending.usedEnd);
    }

    @Test
    void aSmallCompleteResponseIsWrittenInOneCall() {
        InMemoryClient c = inMemory(serve(() -> new Does(h -> h.write("hi"))));
        RecordingResponse pending = c.start("GET", "/", new HttpHeaders(), new byte[0]);
        InMemoryClient.await(pending);
        assertTrue(pending.usedEnd, "finish() without a prior flush uses HttpServerResponse.end()");
    }

    @Test
    void clearResetsStatusHeadersAndBody() {
        TestResponse r = run(h -> {
            h.setStatus(404);
            h.setHeader("X-A", "1");
            h.write("gone");
            h.clear();
            h.write("fresh");
        });
        assertEquals(200, r.status());
        assertNull(r.header("X-A"));
        assertEquals("fresh", r.text());
    }

    @Test
    void redirectsAre302ByDefault() {
        TestResponse r = run(h -> h.redirect("/next"));
        assertEquals(302, r.status());
        assertEquals("/next", r.header("Location"));
        assertEquals(0, r.body().length);
    }

    @Test
    void permanentRedirectsAre301() {
        assertEquals(301, run(h -> h.redirect("https://example.com/", true)).status());
    }

    @Test
    void redirectsTakeAny3xxStatus() {
        assertEquals(303, run(h -> h.redirect("/see", 303)).status());
    }

    @Test
    void redirectsRefuseNon3xxStatuses() {
        run(h -> h.redirect("/x", 200));
        assertEquals("IllegalArgumentException: a redirect needs a 3xx status, got 200", errors.get(0));
    }

    final class RedirectsAfterFlush extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            write("x");
            return flush().thenRun(() -> {
                try {
                    redirect("/late");
                } catch (IllegalStateException e) {
                    errors.add(e.getMessage());
                }
            });
        }
    }

    @Test
    void redirectingAfterTheHeadersWereSentIsRefused() {
        assertEquals(200, serve(RedirectsAfterFlush::new).get("/").status());
        assertEquals(List.of("redirect() was called after the headers were sent by flush()"), errors);
    }
}
