package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HighlighterTest {
    @Test
    void javaKeywordsStringsCommentsAnnotationsAndTypes() {
        assertEquals(
                "<span class=\"a\">@Override</span> <span class=\"k\">public</span> <span class=\"k\">void</span>"
                        + " get() { write(<span class=\"s\">&quot;a &lt;b&gt;&quot;</span>); }"
                        + " <span class=\"c\">// done</span>",
                Highlighter.highlight("@Override public void get() { write(\"a <b>\"); } // done", "java"));
        assertEquals("<span class=\"t\">String</span> s", Highlighter.highlight("String s", "java"));
    }

    @Test
    void shellCommentsOptionsAndVariables() {
        assertEquals(
                "mvn <span class=\"a\">--quiet</span> <span class=\"v\">$HOME</span> <span class=\"c\"># x</span>",
                Highlighter.highlight("mvn --quiet $HOME # x", "sh"));
    }

    @Test
    void xmlTagsAttributesAndValues() {
        assertEquals(
                "<span class=\"g\">&lt;a</span> <span class=\"r\">href</span>=<span class=\"s\">&quot;x&quot;</span>"
                        + "<span class=\"g\">&gt;</span>t<span class=\"g\">&lt;/a</span><span class=\"g\">&gt;</span>",
                Highlighter.highlight("<a href=\"x\">t</a>", "xml"));
    }

    @Test
    void anUnknownLanguageIsEscapedOnly() {
        assertEquals("a &lt; b &amp;&amp; c", Highlighter.highlight("a < b && c", "nginx"));
    }
}
