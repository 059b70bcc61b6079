package dev.squall.testing;

import org.junit.jupiter.api.Assertions;

/**
 * Assertions on a page or any text a test checks piece by piece: each names the first fragment missing (or
 * present) and shows the whole text, instead of {@code assertTrue(body.contains(x), body)} line after line.
 *
 * <pre>{@code
 * String page = client.fetch("/").bodyText();
 * assertContainsAll(page, "<title>Home</title>", "<h1>Home</h1>");
 * assertContainsNone(page, "<script>");
 * }</pre>
 *
 * <p>Any thread.
 */
public final class TextAssertions {
    private TextAssertions() {}

    /**
     * Asserts that {@code text} contains each of {@code fragments}.
     *
     * @param text a page or printed output
     * @param fragments what it must contain
     * @throws AssertionError naming the first fragment missing, with the text
     */
    public static void assertContainsAll(String text, String... fragments) {
        for (String fragment : fragments) {
            if (!text.contains(fragment)) {
                Assertions.fail("missing \"" + fragment + "\" in:\n" + text);
            }
        }
    }

    /**
     * Asserts that {@code text} contains none of {@code fragments}.
     *
     * @param text a page or printed output
     * @param fragments what it must not contain
     * @throws AssertionError naming the first fragment found, with the text
     */
    public static void assertContainsNone(String text, String... fragments) {
        for (String fragment : fragments) {
            if (text.contains(fragment)) {
                Assertions.fail("unexpected \"" + fragment + "\" in:\n" + text);
            }
        }
    }
}
