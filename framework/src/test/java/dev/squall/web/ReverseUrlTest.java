package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReverseUrlTest extends WebTestSupport {

    static final class Nothing extends RequestHandler {
        @Override
        public void get() {}
    }

    static final class LinksToStory extends RequestHandler {
        @Override
        public void get() {
            write(reverseUrl("story", 42));
        }
    }

    @Test
    void positionalGroupsAreFilledInOrder() {
        Application app = Application.builder()
                .route("/(\\w+)/([0-9]+)", Nothing::new, "item")
                .build();
        assertEquals("/posts/7", app.reverseUrl("item", "posts", 7));
    }

    @Test
    void namedGroupsAreFilledInOrder() {
        Application app = Application.builder()
                .route("/story/(?<id>[0-9]+)", Nothing::new, "story")
                .build();
        assertEquals("/story/42", app.reverseUrl("story", 42));
    }

    @Test
    void argumentsAreEscapedForAPath() {
        Application app = Application.builder()
                .route("/search/(.*)", Nothing::new, "search")
                .build();
        assertEquals("/search/a%20b%26c%3F/d", app.reverseUrl("search", "a b&c?/d"));
        assertEquals("/search/caf%C3%A9%2B", app.reverseUrl("search", "caf\u00e9+"));
    }

    @Test
    void escapedLiteralsAndAnchorsAreUnescaped() {
        Application app = Application.builder()
                .route("^/feed\\.(xml|json)$", Nothing::new, "feed")
                .build();
        assertEquals("/feed.json", app.reverseUrl("feed", "json"));
    }

    @Test
    void routesInAMountGetThePrefix() {
        Router api =
                Router.builder().route("/users/([0-9]+)", Nothing::new, "user").build();
        Application app = Application.builder().mount("/api", api).build();
        assertEquals("/api/users/3", app.reverseUrl("user", 3));
    }

    @Test
    void routesOfHostRuleSetsAreReversible() {
        Router api = Router.builder().route("/v1", Nothing::new, "v1").build();
        Application app =
                Application.builder().addHandlers("api\\.example\\.com", api).build();
        assertEquals("/v1", app.reverseUrl("v1"));
    }

    @Test
    void handlersReverseThroughTheirApplication() {
        WebClient c = client(Application.builder()
                .route("/", LinksToStory::new)
                .route("/story/([0-9]+)", Nothing::new, "story")
                .logFunction(h -> {})
                .build());
        assertEquals("/story/42", c.get("/").text());
    }

    @Test
    void wrongArgumentCountIsAClearError() {
        Application app =
                Application.builder().route("/a/(x)/(y)", Nothing::new, "two").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("two", "x"));
        assertTrue(e.getMessage().contains("takes 2 arguments, got 1"), e.getMessage());
    }

    @Test
    void unknownNameIsAClearError() {
        Application app = Application.builder().route("/", Nothing::new, "home").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("hmoe"));
        assertTrue(
                e.getMessage().contains("no route is named \"hmoe\"")
                        && e.getMessage().contains("home"),
                e.getMessage());
    }

    @Test
    void patternsWithRegexOutsideGroupsCannotBeReversed() {
        Application app =
                Application.builder().route("/a+/(x)", Nothing::new, "plus").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("plus", "x"));
        assertTrue(e.getMessage().contains("cannot be reversed"), e.getMessage());
    }

    @Test
    void nestedCapturingGroupsCannotBeReversed() {
        Application app =
                Application.builder().route("/((a)b)", Nothing::new, "nested").build();
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("nested", "x", "y"));
    }

    @Test
    void duplicateNamesAreRefusedAtBuild() {
        Application.Builder b =
                Application.builder().route("/a", Nothing::new, "x").route("/b", Nothing::new, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("two routes are named \"x\""), e.getMessage());
    }
}
