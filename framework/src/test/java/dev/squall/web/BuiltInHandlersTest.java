package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.squall.http.HttpHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RedirectHandler}, {@link FallbackHandler} and {@link Slashes}, as Tornado's. */
class BuiltInHandlersTest extends WebTestSupport {

    private WebClient redirects() {
        return client(Application.builder()
                .route("/", RedirectHandler.to("/home"))
                .route("/story/([0-9]+)/(.*)", RedirectHandler.to("/entries/{0}?part={1}"))
                .route("/u/(?<name>[^/]+)", RedirectHandler.to("/users/{name}", false))
                .route("/old", RedirectHandler.to("/new?x=1"))
                .route("/braces", () -> new RedirectHandler("/a{{b}}"))
                .route("/bad/(.*)", RedirectHandler.to("/{nope}"))
                .logFunction(h -> {})
                .build());
    }

    @Test
    void aRedirectIsPermanentByDefault() {
        TestResponse r = redirects().get("/");
        assertEquals(301, r.status());
        assertEquals("/home", r.headers().get("Location"));
    }

    @Test
    void positionalGroupsFillTheirPlaceholders() {
        assertEquals(
                "/entries/7?part=intro",
                redirects().get("/story/7/intro").headers().get("Location"));
    }

    @Test
    void namedGroupsFillTheirPlaceholdersAndTemporaryIs302() {
        TestResponse r = redirects().get("/u/ada");
        assertEquals(302, r.status());
        assertEquals("/users/ada", r.headers().get("Location"));
    }

    @Test
    void decodedValuesAreReEncodedWhereAUrlCannotHoldThem() {
        assertEquals(
                "/users/a%20b%C3%A9",
                redirects().get("/u/a%20b%C3%A9").headers().get("Location"));
    }

    @Test
    void theQueryIsAppendedToTheTargetsOwn() {
        assertEquals(
                "/new?x=1&page=2&q=a+b",
                redirects().get("/old?page=2&q=a+b").headers().get("Location"));
        assertEquals("/home?flag=", redirects().get("/?flag").headers().get("Location"));
    }

    @Test
    void doubledBracesAreLiteral() {
        assertEquals("/a{b}", redirects().get("/braces").headers().get("Location"));
    }

    @Test
    void aPlaceholderForAMissingGroupIsAServerError() {
        assertEquals(500, redirects().get("/bad/x").status());
    }

    @Test
    void onlyGetAndHeadAreRedirected() {
        assertEquals(
                301,
                redirects().fetch("HEAD", "/", WebClient.headers(), new byte[0]).status());
        assertEquals(405, redirects().post("/", "text/plain", "x").status());
    }

    @Test
    void aBadTemplateIsRefusedWhenTheRouteIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedirectHandler.to("/x/{"));
        assertEquals("unclosed { in redirect URL \"/x/{\"; write {{ for a literal brace", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RedirectHandler("/x/{}"));
    }

    // ---- FallbackHandler

    @Test
    void aFallbackAnswersWithTheServersRequestAndResponse() {
        HttpHandler legacy = (request, response) ->
                response.end(202, "text/plain", request.method() + " " + request.uri() + " " + request.body().length);
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        WebClient c = client(Application.builder()
                .route("/app", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        write("app");
                    }
                })
                .route("/legacy/.*", FallbackHandler.to(legacy))
                .logFunction(h -> logged.add(h.request().uri()))
                .build());
        TestResponse r = c.post("/legacy/x?y=1", "text/plain", "abc");
        assertEquals(202, r.status());
        assertEquals("POST /legacy/x?y=1 3", r.text());
        assertEquals("text/plain", r.headers().get("Content-Type"));
        assertEquals("app", c.get("/app").text());
        assertEquals(List.of("/app"), logged, "the fallback's requests are not in the application's access log");
    }

    // ---- Slashes

    static final class NoSlash extends RequestHandler {
        @Override
        public void prepare() {
            Slashes.removeSlash(this);
        }

        @Override
        public void get() {
            write("page " + request().path());
        }

        @Override
        public void post() {
            write("posted");
        }
    }

    static final class WithSlash extends RequestHandler {
        @Override
        public void prepare() {
            Slashes.addSlash(this);
        }

        @Override
        public void get() {
            write("dir " + request().path());
        }

        @Override
        public void post() {
            write("posted");
        }
    }

    private WebClient slashes() {
        return client(Application.builder()
                .route("/dir/.*", WithSlash::new)
                .route(".*", NoSlash::new)
                .logFunction(h -> {})
                .build());
    }

    @Test
    void removeSlashRedirectsGetPermanentlyKeepingTheQuery() {
        TestResponse r = slashes().get("/a/b//?x=1");
        assertEquals(301, r.status());
        assertEquals("/a/b?x=1", r.headers().get("Location"));
        assertEquals("page /a/b", slashes().get("/a/b").text());
    }

    @Test
    void removeSlashLeavesTheRootAlone() {
        assertEquals("page /", slashes().get("/").text());
    }

    @Test
    void removeSlashAnswersOtherMethodsWith404() {
        assertEquals(404, slashes().post("/a/", "text/plain", "").status());
        assertEquals("posted", slashes().post("/a", "text/plain", "").text());
    }

    @Test
    void removeSlashNeverRedirectsToAnotherHost() {
        assertEquals("/evil.example", slashes().get("//evil.example/").headers().get("Location"));
    }

    @Test
    void addSlashRedirectsGetPermanentlyKeepingTheQuery() {
        TestResponse r = slashes().get("/dir/x?y=2");
        assertEquals(301, r.status());
        assertEquals("/dir/x/?y=2", r.headers().get("Location"));
        assertEquals("dir /dir/x/", slashes().get("/dir/x/").text());
    }

    @Test
    void addSlashAnswersOtherMethodsWith404() {
        assertEquals(404, slashes().post("/dir/x", "text/plain", "").status());
        assertEquals("posted", slashes().post("/dir/x/", "text/plain", "").text());
    }
}
