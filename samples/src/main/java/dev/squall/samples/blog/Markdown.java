package dev.squall.samples.blog;

import java.util.List;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML with commonmark-java, safe to store and show: raw HTML in the source is escaped (shown as
 * text, never interpreted) and link and image URLs other than {@link #ALLOWED_SCHEMES} (and relative ones) are
 * neutralised ({@code javascript:alert(1)} becomes an empty link). So an entry cannot carry a
 * script into the page — no stored XSS — even from a signed-in author whose account was taken over.
 */
public final class Markdown {
    /** The URL schemes a link or image may use; commonmark's default also allows {@code data:}, left out here. */
    public static final List<String> ALLOWED_SCHEMES = List.of("http", "https", "mailto");

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(ALLOWED_SCHEMES))
            .build();

    private Markdown() {}

    /**
     * Renders Markdown. Thread-safe; cheap enough for the loop, but the handlers run it with the database write.
     *
     * @param markdown the source
     * @return HTML, safe to insert unescaped
     */
    public static String toHtml(String markdown) {
        Node document = PARSER.parse(markdown);
        return RENDERER.render(document);
    }
}
