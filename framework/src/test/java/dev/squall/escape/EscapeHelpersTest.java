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
        String[][] inputAndLinked = {
            {"hello http://world.com/!", "hello <a href=\"http://world.com/\">http://world.com/</a>!"},
            {
                "hello http://world.com/with?param=true&stuff=yes",
                "hello <a href=\"http://world.com/with?param=true&amp;stuff=yes\">"
                        + "http://world.com/with?param=true&amp;stuff=yes</a>"
            },
            {"www.external-link.com", "<a href=\"http://www.external-link.com\">www.external-link.com</a>"},
            {
                "(Just a test http://www.example.com/wiki/Foo_(bar))",
                "(Just a test <a href=\"http://www.example.com/wiki/Foo_(bar)\">"
                        + "http://www.example.com/wiki/Foo_(bar)</a>)"
            },
            {"<script> http://a.com", "&lt;script&gt; <a href=\"http://a.com\">http://a.com</a>"},
            {"javascript:alert(1)", "javascript:alert(1)"}, // only http and https are linked
            {"ftp://x.com/a", "ftp://x.com/a"}
        };
        for (String[] c : inputAndLinked) {
            assertEquals(c[1], Escape.linkify(c[0]), c[0]);
        }
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
