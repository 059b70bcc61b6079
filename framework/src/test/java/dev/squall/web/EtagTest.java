package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Automatic ETags and If-None-Match, after Tornado's CacheTest. */
class EtagTest extends WebTestSupport {

    /** Computes the Etag given in the X-Etag request header, as Tornado's EtagHandler. */
    static final class FixedEtag extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }

        @Override
        protected String computeEtag() {
            return request().headers().get("X-Etag");
        }
    }

    private TestResponse fetch(String etag, String ifNoneMatch) {
        return serve(FixedEtag::new).get("/", "X-Etag", etag, "If-None-Match", ifNoneMatch);
    }

    @Test
    void wildcardMatchesAnyEtag() {
        assertEquals(304, fetch("\"xyzzy\"", "*").status());
    }

    @Test
    void strongEtagMatch() {
        assertEquals(304, fetch("\"xyzzy\"", "\"xyzzy\"").status());
    }

    @Test
    void strongEtagMismatch() {
        assertEquals(200, fetch("\"xyzzy1\"", "\"xyzzy2\"").status());
    }

    @Test
    void oneOfSeveralStrongEtagsMatches() {
        assertEquals(304, fetch("\"xyzzy1\"", "\"xyzzy1\", \"xyzzy2\"").status());
    }

    @Test
    void noneOfSeveralStrongEtagsMatches() {
        assertEquals(200, fetch("\"xyzzy\"", "\"xyzzy1\", \"xyzzy2\"").status());
    }

    @Test
    void weakEtagInTheRequestMatchesWeakly() {
        assertEquals(304, fetch("\"xyzzy1\"", "W/\"xyzzy1\"").status());
    }

    @Test
    void oneOfSeveralWeakEtagsMatches() {
        assertEquals(304, fetch("\"xyzzy2\"", "W/\"xyzzy1\", W/\"xyzzy2\"").status());
    }

    @Test
    void weakEtagMismatch() {
        assertEquals(200, fetch("\"xyzzy2\"", "W/\"xyzzy1\"").status());
    }

    @Test
    void noneOfSeveralWeakEtagsMatches() {
        assertEquals(200, fetch("\"xyzzy3\"", "W/\"xyzzy1\", W/\"xyzzy2\"").status());
    }

    @Test
    void weakResponseEtagMatchesTheSameStrongTag() {
        assertEquals(304, fetch("W/\"xyzzy\"", "\"xyzzy\"").status());
    }

    static final class SetsEtag extends RequestHandler {
        @Override
        public void get() {
            setHeader("Etag", "\"v7\"");
            write("hello");
        }
    }

    @Test
    void anEtagTheHandlerSetsItselfIsHonoured() {
        TestResponse r = serve(SetsEtag::new).get("/", "If-None-Match", "\"v6\", \"v7\"");
        assertEquals(304, r.status());
        assertEquals("\"v7\"", r.header("Etag"));
    }

    static final class Hello extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }

        @Override
        public void head() {
            write("hello");
        }

        @Override
        public void post() {
            write("hello");
        }
    }

    private static String sha1(String body) throws Exception {
        return "\""
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)))
                + "\"";
    }

    @Test
    void aGetGetsTheSha1OfItsBodyAsEtag() throws Exception {
        assertEquals(sha1("hello"), serve(Hello::new).get("/").header("Etag"));
    }

    @Test
    void aHeadGetsTheEtagToo() throws Exception {
        TestResponse r = serve(Hello::new).fetch("HEAD", "/", new HttpHeaders(), new byte[0]);
        assertEquals(sha1("hello"), r.header("Etag"));
        assertEquals(0, r.body().length);
    }

    @Test
    void aPostGetsNoEtag() {
        assertNull(serve(Hello::new).post("/", "text/plain", "").header("Etag"));
    }

    @Test
    void theComputedEtagTurnsAMatchingGetInto304WithoutBodyOrContentType() throws Exception {
        TestResponse r = serve(Hello::new).get("/", "If-None-Match", sha1("hello"));
        assertEquals(304, r.status());
        assertEquals(0, r.body().length);
        assertNull(r.header("Content-Type"));
        assertEquals(sha1("hello"), r.header("Etag"));
    }

    static final class Empty extends RequestHandler {
        @Override
        public void get() {}
    }

    @Test
    void anEmptyBodyGetsNoEtag() {
        assertNull(serve(Empty::new).get("/").header("Etag"));
    }

    static final class NotFound extends RequestHandler {
        @Override
        public void get() {
            setStatus(404);
            write("gone");
        }
    }

    @Test
    void onlyA200GetsAnEtag() {
        assertNull(serve(NotFound::new).get("/").header("Etag"));
    }

    static final class NoEtags extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }

        @Override
        protected @Nullable String computeEtag() {
            return null;
        }
    }

    @Test
    void computeEtagReturningNullTurnsEtagsOff() throws Exception {
        TestResponse r = serve(NoEtags::new).get("/", "If-None-Match", "*");
        assertEquals(200, r.status());
        assertFalse(r.headers().contains("Etag"));
    }

    static final class Streamed extends AsyncRequestHandler {
        @Override
        public java.util.concurrent.CompletionStage<?> get() {
            write("part");
            return flush();
        }
    }

    @Test
    void aStreamedResponseGetsNoEtag() {
        TestResponse r = serve(Streamed::new).get("/", "If-None-Match", "*");
        assertEquals(200, r.status());
        assertNull(r.header("Etag"));
    }
}
