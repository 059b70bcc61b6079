package dev.squall.escape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template helpers of Escape, with Tornado's results. */
class EscapeHelpersTest {
    @Test
    void jsonEncodeEscapesClosingTags() {
        assertEquals("{\"a\":\"<\\/script>\"}", Escape.jsonEncode(Map.of("a", "</script>")));
        assertEquals("null", Escape.jsonEncode(null));
        assertEquals("[1,\"x\"]", Escape.jsonEncode(List.of(1, "x")));
    }

    @Test
    void squeeze() {
        assertEquals("a b c", Escape.squeeze("  a \n\t b\u0000\u0001c  "));
        assertEquals("", Escape.squeeze(" \n "));
    }

    @Test
    void xhtmlUnescape() {
        assertEquals("<b> ' ' & \" © x", Escape.xhtmlUnescape("&lt;b&gt; &#39; &#x27; &amp; &quot; &copy; x"));
        assertEquals("&unknown; &#xZZ; &#;", Escape.xhtmlUnescape("&unknown; &#xZZ; &#;"));
        assertEquals("<a href='x'>", Escape.xhtmlUnescape(Escape.xhtmlEscape("<a href='x'>")));
    }

    // The linkify cases are Tornado's own (tornado/test/escape_test.py), Squall's output equal to theirs.
    @Test
    void linkifyWithTornadosDefaults() {
        assertEquals(
                "hello <a href=\"http://world.com/\">http://world.com/</a>!",
                Escape.linkify("hello http://world.com/!"));
        assertEquals(
                "hello <a href=\"http://world.com/with?param=true&amp;stuff=yes\">http://world.com/with?param=true&amp;stuff=yes</a>",
                Escape.linkify("hello http://world.com/with?param=true&stuff=yes"));
        assertEquals(
                "<a href=\"http://www.external-link.com\">www.external-link.com</a>",
                Escape.linkify("www.external-link.com"));
        assertEquals(
                "(Just a test <a href=\"http://www.example.com/wiki/Foo_(bar)\">http://www.example.com/wiki/Foo_(bar)</a>)",
                Escape.linkify("(Just a test http://www.example.com/wiki/Foo_(bar))"));
        assertEquals(
                "&lt;script&gt; <a href=\"http://a.com\">http://a.com</a>", Escape.linkify("<script> http://a.com"));
        assertEquals("javascript:alert(1)", Escape.linkify("javascript:alert(1)"), "only http and https are linked");
        assertEquals("ftp://x.com/a", Escape.linkify("ftp://x.com/a"));
    }

    @Test
    void linkifyOptions() {
        assertEquals(
                "www.x.com <a href=\"http://x.com\" rel=\"nofollow\">http://x.com</a>",
                Escape.linkify("www.x.com http://x.com", false, "rel=\"nofollow\"", true, List.of("http")));
        assertEquals(
                "<a href=\"http://www.example.com/this/is/a/long/url/that/goes/on\" "
                        + "title=\"http://www.example.com/this/is/a/long/url/that/goes/on\">http://www.example.com/this...</a>",
                Escape.linkify(
                        "http://www.example.com/this/is/a/long/url/that/goes/on", true, "", false, List.of("http")));
        assertEquals(
                "<a href=\"ftp://x.com/a\">ftp://x.com/a</a>",
                Escape.linkify("ftp://x.com/a", false, "", false, List.of("ftp")));
    }
}
