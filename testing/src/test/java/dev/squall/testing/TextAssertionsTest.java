package dev.squall.testing;

import static dev.squall.testing.TextAssertions.assertContainsAll;
import static dev.squall.testing.TextAssertions.assertContainsNone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextAssertionsTest {
    @Test
    void passesWhenEveryFragmentIsThereOrAbsent() {
        assertContainsAll("<h1>Home</h1><p>hi</p>", "<h1>Home</h1>", "<p>hi</p>");
        assertContainsNone("<h1>Home</h1>", "<script>", "<aside>");
    }

    @Test
    void aMissingFragmentIsNamedWithTheText() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertContainsAll("<h1>Home</h1>", "<h1>", "<h2>"));
        assertEquals("missing \"<h2>\" in:\n<h1>Home</h1>", e.getMessage());
    }

    @Test
    void anUnexpectedFragmentIsNamedWithTheText() {
        AssertionError e =
                assertThrows(AssertionError.class, () -> assertContainsNone("a<script>b", "<aside>", "<script>"));
        assertEquals("unexpected \"<script>\" in:\na<script>b", e.getMessage());
    }
}
