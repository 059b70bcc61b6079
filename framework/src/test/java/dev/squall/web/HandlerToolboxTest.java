package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.async.Async;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tornado's handler helpers: extra HTTP methods, {@code setDefaultHeaders}, {@code finish()}'s future, redirects. */
class HandlerToolboxTest extends WebTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();

    // --- extra methods ---

    static final class PlainDav extends RequestHandler {
        @Override
        protected Set<String> extraMethods() {
            return Set.of("PROPFIND", "MKCOL");
        }

        @Override
        public void get() {
            write("get");
        }

        @Override
        public void extraMethod(String method) {
            setStatus(207);
            write("plain " + method);
        }
    }

    static final class AsyncDav extends AsyncRequestHandler {
        @Override
        protected Set<String> extraMethods() {
            return Set.of("PROPFIND");
        }

        @Override
        public CompletionStage<?> extraMethod(String method) {
            // Adopt the foreign future first, then chain: the chain is built on the loop and its steps run
            // there. (Adopting inside a thenCompose on the pool's thread raced: when the loop completed the
            // adopted future before thenCompose linked it, thenAccept ran on the pool and write() threw.)
            return request()
                    .loop()
                    .adopt(CompletableFuture.supplyAsync(() -> "async " + method))
                    .thenAccept(text -> {
                        setStatus(207);
                        write(text);
                    });
        }
    }

    static final class CoroutineDav extends CoroutineRequestHandler {
        @Override
        protected Set<String> extraMethods() {
            return Set.of("PROPFIND");
        }

        @Override
        public void extraMethod(String method) {
            String text = await(Async.blocking(() -> "coroutine " + method));
            setStatus(207);
            write(text);
        }
    }

    private TestResponse propfind(WebClient client) {
        return client.fetch("PROPFIND", "/", WebClient.headers(), new byte[0]);
    }

    @Test
    void anExtraMethodRunsInEveryHandlerStyle() {
        TestResponse plain = propfind(serve(PlainDav::new));
        assertEquals(207, plain.status());
        assertEquals("plain PROPFIND", plain.text());
        TestResponse async = propfind(serve(AsyncDav::new));
        assertEquals(207, async.status());
        assertEquals("async PROPFIND", async.text());
        TestResponse coroutine = propfind(serve(CoroutineDav::new));
        assertEquals(207, coroutine.status());
        assertEquals("coroutine PROPFIND", coroutine.text());
    }

    @Test
    void theAllowListOfA405FollowsTheExtraMethods() {
        TestResponse r = serve(PlainDav::new).post("/", "text/plain", "x");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD, MKCOL, PROPFIND", r.header("Allow"));
    }

    static final class GetOnly extends RequestHandler {
        @Override
        public void get() {
            write("get");
        }
    }

    @Test
    void aMethodNoHandlerDeclaresIsStillA405() {
        TestResponse r = propfind(serve(GetOnly::new));
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    // --- setDefaultHeaders ---

    final class DefaultHeaders extends RequestHandler {
        @Override
        protected void setDefaultHeaders() {
            events.add("setDefaultHeaders");
            setHeader("Server", "Squall-test");
        }

        @Override
        public void prepare() {
            events.add("prepare");
        }

        @Override
        public void get() {
            setHeader("X-Partial", "yes");
            if (request().uri().contains("fail")) {
                throw new IllegalStateException("boom");
            }
            write("ok");
        }
    }

    @Test
    void defaultHeadersAreSetBeforePrepare() {
        TestResponse r = serve(DefaultHeaders::new).get("/");
        assertEquals("Squall-test", r.header("Server"));
        assertEquals(List.of("setDefaultHeaders", "prepare"), events);
    }

    @Test
    void anErrorPageKeepsTheDefaultHeadersButNotTheOthers() {
        TestResponse r = serve(DefaultHeaders::new).get("/?fail=1");
        assertEquals(500, r.status());
        assertEquals("Squall-test", r.header("Server"));
        assertNull(r.header("X-Partial"));
    }

    // --- finish() ---

    final class FinishWaits extends RequestHandler {
        final AtomicReference<CompletableFuture<Void>> sent;

        FinishWaits(AtomicReference<CompletableFuture<Void>> sent) {
            this.sent = sent;
        }

        @Override
        public void get() {
            write("bytes");
            sent.set(finish());
        }
    }

    @Test
    void finishReturnsAFutureThatCompletesWhenTheBytesAreSent() {
        AtomicReference<CompletableFuture<Void>> sent = new AtomicReference<>();
        InMemoryClient client = inMemory(serve(() -> new FinishWaits(sent)));
        RecordingResponse response = client.startWith(RecordingResponse::holdFlushes, "GET", "/");
        InMemoryClient.await(response);
        onLoop(() -> assertFalse(sent.get().isDone(), "the client has not taken the bytes yet"));
        onLoop(response::releaseFlush);
        assertTrue(sent.get().isDone());
        assertFalse(sent.get().isCompletedExceptionally());
    }

    @Test
    void finishReturnsACompletedFutureOverASocketOnceTheBytesAreInTheKernel() throws Exception {
        AtomicReference<CompletableFuture<Void>> sent = new AtomicReference<>();
        TestResponse r = serve(() -> new FinishWaits(sent)).get("/");
        assertEquals("bytes", r.text());
        sent.get().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    // --- redirect ---

    static final class Redirects extends RequestHandler {
        @Override
        public void get() {
            redirect(getArgument("to"));
        }
    }

    @Test
    void aRelativeRedirectIsResolvedAgainstTheRequest() {
        WebClient client = client(Application.builder()
                .route("/a/b", Redirects::new)
                .logFunction(h -> {})
                .build());
        assertEquals("/a/x", client.get("/a/b?to=x").header("Location"));
        assertEquals("/x", client.get("/a/b?to=../x").header("Location"));
        assertEquals("/a/b?q=1", client.get("/a/b?to=%3Fq%3D1").header("Location"));
        assertEquals("/elsewhere", client.get("/a/b?to=/elsewhere").header("Location"));
        assertEquals(
                "https://other.example/",
                client.get("/a/b?to=https://other.example/").header("Location"));
    }

    @Test
    void aSchemeRelativeRedirectIsRefusedAsAnOpenRedirect() {
        WebClient client = client(Application.builder()
                .route("/a/b", Redirects::new)
                .logFunction(h -> {})
                .build());
        TestResponse r = client.get("/a/b?to=//evil.example/");
        assertEquals(500, r.status());
        assertNull(r.header("Location"));
    }
}
