package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
