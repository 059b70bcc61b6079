package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class RoutingTest extends WebTestSupport {

    /** Writes its class-given label and its path arguments: "label:[a, b]". */
    static final class Echo extends RequestHandler {
        private final String label;

        Echo(String label) {
            this.label = label;
        }

        @Override
        public void get() {
            write(label + ":" + pathArgs());
        }
    }

    static final class Named extends RequestHandler {
        @Override
        public void get() {
            write(pathArg("year") + "/" + pathArg("slug") + " " + pathArg(0));
        }
    }

    private static Application.Builder app() {
        return Application.builder().logFunction(h -> {});
    }

    @Test
    void literalRouteMatchesOnlyTheExactPath() {
        WebClient c = client(app().route("/a", () -> new Echo("a")).build());
        assertEquals("a:[]", c.get("/a").text());
        assertEquals(404, c.get("/a/b").status());
        assertEquals(404, c.get("/ab").status());
        assertEquals(404, c.get("/").status());
    }

    @Test
    void patternsMustMatchTheWholePath() {
        WebClient c = client(app().route("/x/([0-9]+)", () -> new Echo("x")).build());
        assertEquals("x:[12]", c.get("/x/12").text());
        assertEquals(404, c.get("/x/12abc").status());
        assertEquals(404, c.get("/prefix/x/12").status());
    }

    @Test
    void queryStringIsNotPartOfTheMatch() {
        WebClient c = client(app().route("/x", () -> new Echo("x")).build());
        assertEquals("x:[]", c.get("/x?a=1&b=2").text());
    }

    @Test
    void positionalGroupsBecomePathArgsInOrder() {
        WebClient c = client(app().route("/(\\w+)/(\\d+)", () -> new Echo("p")).build());
        assertEquals("p:[posts, 42]", c.get("/posts/42").text());
    }

    @Test
    void namedGroupsAreReadByNameAndByPosition() {
        WebClient c = client(
                app().route("/(?<year>[0-9]{4})/(?<slug>[^/]+)", Named::new).build());
        assertEquals("2024/hello 2024", c.get("/2024/hello").text());
    }

    @Test
    void mixingNamedAndPositionalGroupsIsRefusedAtBuild() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> app().route("/(?<a>x)/(y)", () -> new Echo("m")));
        assertTrue(e.getMessage().contains("mixes named and positional groups"), e.getMessage());
    }

    @Test
    void nonCapturingGroupsDoNotCount() {
        WebClient c = client(app().route("/(?:a|b)/(\\d+)", () -> new Echo("n")).build());
        assertEquals("n:[7]", c.get("/b/7").text());
    }

    @Test
    void invalidPatternIsRefusedWithItsPosition() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> app().route("/(unclosed", () -> new Echo("bad")));
        assertTrue(e.getMessage().contains("/(unclosed") && e.getMessage().contains("index"), e.getMessage());
    }

    @Test
    void pathArgsArePercentDecodedButPlusStaysPlus() {
        WebClient c = client(app().route("/s/(.*)", () -> new Echo("s")).build());
        assertEquals("s:[a b+c/d]", c.get("/s/a%20b+c%2Fd").text());
    }

    @Test
    void pathArgsAreDecodedAsUtf8() {
        WebClient c = client(app().route("/s/(.*)", () -> new Echo("s")).build());
        assertEquals("s:[caf\u00e9]", c.get("/s/caf%C3%A9").text());
    }

    @Test
    void pathArgWithInvalidUtf8Is400() {
        WebClient c = client(app().route("/s/(.*)", () -> new Echo("s")).build());
        TestResponse r = c.get("/s/%FF%FE");
        assertEquals(400, r.status());
    }

    @Test
    void optionalGroupThatDidNotMatchIsEmpty() {
        WebClient c = client(app().route("/o(/x)?", () -> new Echo("o")).build());
        assertEquals("o:[]", c.get("/o").text());
        assertEquals("o:[/x]", c.get("/o/x").text());
    }

    @Test
    void firstMatchingRouteWins() {
        WebClient c = client(app().route("/a/(.*)", () -> new Echo("first"))
                .route("/a/b", () -> new Echo("second"))
                .build());
        assertEquals("first:[b]", c.get("/a/b").text());
    }

    @Test
    void escapedMetacharactersMatchLiterally() {
        WebClient c = client(app().route("/feed\\.xml", () -> new Echo("feed")).build());
        assertEquals("feed:[]", c.get("/feed.xml").text());
        assertEquals(404, c.get("/feedXxml").status());
    }

    @Test
    void unmatchedPathIs404WithTheDefaultPage() {
        TestResponse r =
                client(app().route("/", () -> new Echo("root")).build()).get("/missing");
        assertEquals(404, r.status());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", r.text());
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
    }

    @Test
    void defaultHandlerServesUnmatchedPaths() {
        WebClient c = client(app().defaultHandler(() -> new Echo("fallback")).build());
        assertEquals("fallback:[]", c.get("/anything").text());
    }

    @Test
    void unknownMethodIs405WithAllow() {
        WebClient c = client(app().route("/", () -> new Echo("e")).build());
        TestResponse r = c.fetch("PROPFIND", "/", new HttpHeaders(), new byte[0]);
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    static final class GetAndPost extends RequestHandler {
        @Override
        public void get() {
            write("g");
        }

        @Override
        public void post() {
            write("p");
        }
    }

    @Test
    void methodTheHandlerDoesNotImplementIs405ListingTheOnesItDoes() {
        WebClient c = client(app().route("/", GetAndPost::new).build());
        TestResponse r = c.fetch("DELETE", "/", new HttpHeaders(), new byte[0]);
        assertEquals(405, r.status());
        assertEquals("GET, HEAD, POST", r.header("Allow"));
        assertEquals("p", c.fetch("POST", "/", new HttpHeaders(), new byte[0]).text());
    }

    static final class AsyncGet extends AsyncRequestHandler {
        @Override
        public java.util.concurrent.CompletionStage<?> get() {
            write("ag");
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void allowListsTheMethodsOfAnAsyncHandlerToo() {
        TestResponse r =
                client(app().route("/", AsyncGet::new).build()).fetch("PUT", "/", new HttpHeaders(), new byte[0]);
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    static final class PostOnly extends RequestHandler {
        @Override
        public void post() {}
    }

    @Test
    void headIsAnsweredByGetWithTheLengthOfTheBodyItDoesNotSend() {
        TestResponse r = client(app().route("/", () -> new Echo("hello")).build())
                .fetch("HEAD", "/", new HttpHeaders(), new byte[0]);
        assertEquals(200, r.status());
        assertEquals("8", r.header("Content-Length"));
        assertEquals(0, r.body().length);
    }

    @Test
    void headIsA405WhereGetIs() {
        TestResponse r =
                client(app().route("/", PostOnly::new).build()).fetch("HEAD", "/", new HttpHeaders(), new byte[0]);
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
    }

    @Test
    void hostRulesServeOnlyMatchingHosts() {
        Router api = Router.builder().route("/", () -> new Echo("api")).build();
        WebClient c = client(app().addHandlers("api\\.example\\.com", api)
                .route("/", () -> new Echo("www"))
                .build());
        assertEquals("api:[]", c.get("/", "Host", "api.example.com").text());
        assertEquals("www:[]", c.get("/", "Host", "www.example.com").text());
    }

    @Test
    void hostMatchingIgnoresPortAndCase() {
        Router api = Router.builder().route("/", () -> new Echo("api")).build();
        WebClient c = client(app().addHandlers("api\\.example\\.com", api).build());
        assertEquals("api:[]", c.get("/", "Host", "API.Example.com:8080").text());
    }

    @Test
    void hostPatternsAreRegularExpressionsOverTheWholeHost() {
        Router sub = Router.builder().route("/", () -> new Echo("sub")).build();
        WebClient c = client(app().addHandlers(".*\\.example\\.com", sub).build());
        assertEquals("sub:[]", c.get("/", "Host", "a.example.com").text());
        assertEquals(404, c.get("/", "Host", "a.example.com.evil").status());
    }

    @Test
    void hostRuleWithoutAMatchingPathFallsBackToApplicationRoutes() {
        Router api = Router.builder().route("/v1", () -> new Echo("api")).build();
        WebClient c = client(app().addHandlers("api\\.example\\.com", api)
                .route("/", () -> new Echo("any"))
                .build());
        assertEquals("any:[]", c.get("/", "Host", "api.example.com").text());
        assertEquals("api:[]", c.get("/v1", "Host", "api.example.com").text());
    }

    @Test
    void mountedRouterMatchesTheRestOfThePath() {
        Router api = Router.builder()
                .route("/users/([0-9]+)", () -> new Echo("user"))
                .route("/", () -> new Echo("index"))
                .build();
        WebClient c = client(app().mount("/api", api).build());
        assertEquals("user:[7]", c.get("/api/users/7").text());
        assertEquals("index:[]", c.get("/api/").text());
        assertEquals(404, c.get("/users/7").status());
    }

    @Test
    void aMountCoversWholePathSegmentsOnly() {
        Router api = Router.builder().route(".*", () -> new Echo("api")).build();
        WebClient c = client(app().mount("/api", api).build());
        assertEquals("api:[]", c.get("/api").text());
        assertEquals("api:[]", c.get("/api/anything").text());
        assertEquals(404, c.get("/apix").status());
    }

    @Test
    void mountedRoutersNest() {
        Router v1 = Router.builder().route("/ping", () -> new Echo("ping")).build();
        Router api = Router.builder().mount("/v1", v1).build();
        WebClient c = client(app().mount("/api", api).build());
        assertEquals("ping:[]", c.get("/api/v1/ping").text());
    }

    @Test
    void mountWithoutAMatchFallsThroughToLaterRoutes() {
        Router api = Router.builder().route("/x", () -> new Echo("x")).build();
        WebClient c = client(app().mount("/api", api)
                .route("/api/(.*)", () -> new Echo("later"))
                .build());
        assertEquals("later:[y]", c.get("/api/y").text());
    }

    @Test
    void aNewHandlerIsMadeForEveryRequest() {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        WebClient c = client(app().route("/", () -> {
                    made.incrementAndGet();
                    return new Echo("e");
                })
                .build());
        c.get("/");
        c.get("/");
        assertEquals(2, made.get());
    }

    @Test
    void factoryThatThrowsIsA500() {
        WebClient c = client(app().route("/", () -> {
                    throw new IllegalStateException("no db");
                })
                .build());
        assertEquals(500, c.get("/").status());
    }
}
