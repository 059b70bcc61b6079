package dev.squall.escape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class EscapeTest {

    @Test
    void xhtmlEscapeEscapesTheFiveHtmlCharacters() {
        assertEquals(
                "&lt;a href=&quot;x&quot; title=&#x27;t&#x27;&gt;&amp;&lt;/a&gt;",
                Escape.xhtmlEscape("<a href=\"x\" title='t'>&</a>"));
    }

    @Test
    void xhtmlEscapeReturnsCleanTextUnchanged() {
        String s = "plain text";
        assertSame(s, Escape.xhtmlEscape(s));
    }

    @Test
    void urlEscapeForQueriesUsesPlusAndEscapesSlash() {
        assertEquals("a+b%2Fc%26d%3De", Escape.urlEscape("a b/c&d=e"));
    }

    @Test
    void urlEscapeForPathsUsesPercent20AndKeepsSlash() {
        assertEquals("a%20b/c%2Bd", Escape.urlEscape("a b/c+d", false));
    }

    @Test
    void urlEscapeEncodesUtf8AndKeepsUnreservedCharacters() {
        assertEquals("caf%C3%A9-_.~%F0%9F%98%80", Escape.urlEscape("caf\u00e9-_.~\uD83D\uDE00"));
    }

    @Test
    void urlUnescapeDecodesPlusOnlyInQueryForm() {
        assertEquals("a b/c", Escape.urlUnescape("a+b%2Fc"));
        assertEquals("a+b/c", Escape.urlUnescape("a+b%2Fc", false));
    }

    @Test
    void urlUnescapeKeepsMalformedPercentSequences() {
        assertEquals("100% sure %zz %4", Escape.urlUnescape("100%25 sure %zz %4", false));
    }

    @Test
    void urlUnescapeReplacesMalformedUtf8() {
        assertEquals("a\uFFFDb", Escape.urlUnescape("a%FFb"));
    }

    @Test
    void urlUnescapeToBytesKeepsRawBytes() {
        assertArrayEquals(new byte[] {(byte) 0xff, 'x'}, Escape.urlUnescapeToBytes("%FFx", true));
    }

    @Test
    void escapeAndUnescapeRoundTrip() {
        String s = "Grüße / 100% & more+ \uD83D\uDE00";
        assertEquals(s, Escape.urlUnescape(Escape.urlEscape(s)));
        assertEquals(s, Escape.urlUnescape(Escape.urlEscape(s, false), false));
    }
}
