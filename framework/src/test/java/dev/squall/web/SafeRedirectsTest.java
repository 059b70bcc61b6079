package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafeRedirectsTest {
    @Test
    void localPathsAreSafe() {
        for (String url : List.of("/", "/compose", "/a/b?c=d&e=/f", "/caf\u00e9", "/a#frag")) {
            assertTrue(SafeRedirects.isLocalPath(url), url);
        }
    }

    @Test
    void anythingThatCanLeaveTheSiteIsNot() {
        for (String url : List.of(
                "",
                "//evil.example",
                "\\evil.example",
                "/\\evil.example",
                "\\\\evil.example",
                "https://evil.example",
                "javascript:alert(1)",
                "evil.example",
                "/\t/evil.example",
                "/\n/evil.example",
                "/a\\b",
                " /x",
                "/x\u0000",
                "/\u0085x",
                "/a b")) {
            assertFalse(SafeRedirects.isLocalPath(url), url);
        }
    }

    @Test
    void aRelativeRedirectResolvesAgainstTheRequestAsABrowserWould() {
        String base = "/a/b/c?x=1";
        assertEquals("/a/b/d", SafeRedirects.resolve(base, "d"));
        assertEquals("/a/d", SafeRedirects.resolve(base, "../d"));
        assertEquals("/d", SafeRedirects.resolve(base, "../../../../d"), "never above the root");
        assertEquals("/a/b/", SafeRedirects.resolve(base, "."));
        assertEquals("/a/", SafeRedirects.resolve(base, ".."));
        assertEquals("/a/b/c?q", SafeRedirects.resolve(base, "?q"));
        assertEquals("/a/b/c?x=1#f", SafeRedirects.resolve(base, "#f"));
        assertEquals("/a/b/d?y=../z#../w", SafeRedirects.resolve(base, "d?y=../z#../w"), "only the path is merged");
        assertEquals("/abs", SafeRedirects.resolve(base, "/abs"));
        assertEquals("https://other.example/p", SafeRedirects.resolve(base, "https://other.example/p"));
        assertEquals("/x", SafeRedirects.resolve("*", "x"));
    }

    @Test
    void aSchemeRelativeRedirectIsRefused() {
        for (String url : List.of("//evil.example", "/\\evil.example", "\\evil.example")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> SafeRedirects.resolve("/a", url), url);
            assertTrue(e.getMessage().contains("open redirect"), e.getMessage());
        }
    }
}
