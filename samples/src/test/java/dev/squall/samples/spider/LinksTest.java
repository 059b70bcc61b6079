package dev.squall.samples.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The spider's URL rules, link extraction and progress line, without a network. */
class LinksTest {
    private static URI norm(String url) {
        return Objects.requireNonNull(Links.normalize(url), url);
    }

    @Test
    void normalFormDropsTheFragmentAndTheDefaultPortAndLowersSchemeAndHost() {
        assertEquals(
                "http://example.com/a?q=1",
                norm("HTTP://Example.COM:80/a?q=1#top").toString());
        assertEquals("https://example.com/", norm("https://example.com:443").toString());
        assertEquals(
                "http://example.com:8080/A%20b",
                norm("http://example.com:8080/A%20b").toString());
    }

    @Test
    void onlyAbsoluteHttpUrlsHaveANormalForm() {
        assertNull(Links.normalize("mailto:me@example.com"));
        assertNull(Links.normalize("javascript:void(0)"));
        assertNull(Links.normalize("ftp://example.com/"));
        assertNull(Links.normalize("/relative"));
        assertNull(Links.normalize("http://exa mple.com/"));
    }

    @Test
    void sameSiteMeansSameSchemeHostAndPort() {
        URI site = norm("http://example.com/");
        assertTrue(Links.sameSite(norm("http://EXAMPLE.com:80/x"), site));
        assertFalse(Links.sameSite(norm("https://example.com/"), site));
        assertFalse(Links.sameSite(norm("http://example.com:8080/"), site));
        assertFalse(Links.sameSite(norm("http://www.example.com/"), site));
    }

    @Test
    void extractsAnchorsResolvedAgainstTheBaseHrefFromRealWorldMarkup() {
        String html = "<html><head><base href=\"http://example.com/dir/\"></head><body>"
                + "<!-- <a href=\"/commented\">no</a> -->"
                + "<script>var s = '<a href=\"/in-script\">no</a>';</script>"
                + "<p><a href=page.html>unquoted<p><A HREF='/abs'>upper case</A><a>no href</a>"
                + "<map><area href=\"/area\"></map>";
        List<String> links = Links.extract(html.getBytes(StandardCharsets.UTF_8), null, "http://example.com/start");
        assertEquals(
                List.of("http://example.com/dir/page.html", "http://example.com/abs", "http://example.com/area"),
                links);
    }

    @Test
    void readsTheCharsetOfTheContentType() {
        assertEquals("ISO-8859-1", Spider.charset("text/html; charset=\"ISO-8859-1\""));
        assertNull(Spider.charset("text/html"));
        assertTrue(Spider.isHtml("Text/HTML ; charset=utf-8"));
        assertFalse(Spider.isHtml("text/plain"));
        assertFalse(Spider.isHtml(null));
    }

    @Test
    void progressLineIsRewrittenInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        line.show("12345");
        line.show("abc");
        line.clear();
        assertEquals("\r12345\rabc  \r   \r", bytes.toString(StandardCharsets.UTF_8));
    }
}
