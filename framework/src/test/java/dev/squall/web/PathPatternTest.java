package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How a route pattern's groups are found for {@link PathPattern#reverse}: parentheses that are escaped or inside a
 * character class are not groups, non-capturing groups may nest in a capturing one, capturing ones may not.
 */
class PathPatternTest {
    private static String reverse(String pattern, Object... args) {
        return PathPattern.compile(pattern).reverse("r", args);
    }

    private static String whyNotReversible(String pattern, Object... args) {
        return assertThrows(IllegalArgumentException.class, () -> reverse(pattern, args))
                .getMessage();
    }

    @Test
    void parenthesesInACharacterClassOrEscapedDoNotEndTheGroup() {
        assertEquals("/a/x", reverse("/a/([()]+)", "x"));
        assertEquals("/a/x/b", reverse("/a/(\\)?[^/]+)/b", "x"));
    }

    @Test
    void nonCapturingGroupsMayNestInACapturingGroup() {
        assertEquals("/a/x", reverse("/a/((?:ab)+)", "x"));
        assertEquals("/a/x", reverse("/a/((?<=a)[\\(]+)", "x"));
    }

    @Test
    void aNamedGroupCountsAsCapturing() {
        assertEquals("/7", reverse("/(?<id>[0-9]+)", 7));
        String why = whyNotReversible("/(?<outer>(?<inner>a)b)", "x");
        assertTrue(why.contains("nested in another"), why);
    }

    @Test
    void aCapturingGroupNestedInAnotherIsRefused() {
        String why = whyNotReversible("/((a)b)", "x");
        assertTrue(why.contains("it has a capturing group nested in another"), why);
    }

    @Test
    void aSpecialGroupOutsideACapturingGroupIsRefused() {
        String why = whyNotReversible("/(?:a)/(b)", "x");
        assertTrue(why.contains("non-capturing or special group outside"), why);
    }
}
