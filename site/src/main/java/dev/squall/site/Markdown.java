package dev.squall.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * Renders the guides' Markdown with CommonMark (GitHub's tables and heading anchors): headings get ids and make
 * the table of contents, fenced code is highlighted on the server ({@link Highlighter}), links are mapped to the
 * site's URLs, and the text is split by heading for the search index.
 */
final class Markdown {
    /** The longest text one search entry keeps. */
    static final int MAX_SECTION_CHARS = 1200;

    private static final List<Extension> EXTENSIONS =
            List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final TextContentRenderer TEXT =
            TextContentRenderer.builder().build();

    private Markdown() {}

    /**
     * Renders a document.
     *
     * @param markdown the source
     * @param fallbackTitle the title when the document has no level-1 heading
     * @param mapLink maps each link's destination (e.g. {@code web.md#cookies}) to the site's
     * @return the rendered document
     */
    static RenderedDoc render(String markdown, String fallbackTitle, UnaryOperator<String> mapLink) {
        Node document = PARSER.parse(markdown);
        List<TocEntry> toc = new ArrayList<>();
        String[] title = {fallbackTitle};
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                    if (node instanceof Heading h) {
                        String id = attributes.getOrDefault("id", "");
                        if (h.getLevel() == 1 && title[0].equals(fallbackTitle)) {
                            title[0] = plainText(h);
                        } else if (h.getLevel() <= 3 && h.getLevel() > 1) {
                            toc.add(new TocEntry(h.getLevel(), id, plainText(h)));
                        }
                    } else if (node instanceof Link && attributes.containsKey("href")) {
                        attributes.put("href", mapLink.apply(attributes.get("href")));
                    }
                })
                .nodeRendererFactory(CodeRenderer::new)
                .build();
        String html = renderer.render(document);
        return new RenderedDoc(title[0], html, toc, sections(document, title[0], toc));
    }

    /** Returns the text of a node's inline children (text and code spans). */
    static String plainText(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                sb.append(code.getLiteral());
            }
        });
        return sb.toString();
    }

    /** Splits the document's top-level blocks by heading; the ids are those the renderer gave, in order. */
    private static List<Section> sections(Node document, String title, List<TocEntry> toc) {
        List<Section> out = new ArrayList<>();
        String heading = title;
        String id = "";
        StringBuilder text = new StringBuilder();
        int tocIndex = 0;
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof Heading h && h.getLevel() > 1 && h.getLevel() <= 3) {
                out.add(new Section(heading, id, shorten(text)));
                TocEntry entry = toc.get(tocIndex++);
                heading = entry.text();
                id = entry.id();
                text.setLength(0);
            } else if (!(block instanceof Heading h1 && h1.getLevel() == 1)) {
                text.append(TEXT.render(block).replace('\n', ' ')).append(' ');
            }
        }
        out.add(new Section(heading, id, shorten(text)));
        return out;
    }

    private static String shorten(StringBuilder text) {
        String s = text.toString().replaceAll("\\s+", " ").strip();
        return s.length() <= MAX_SECTION_CHARS ? s : s.substring(0, MAX_SECTION_CHARS);
    }

    /** Fenced and indented code: {@code <pre tabindex="0"><code class="language-x">} with highlighted tokens. */
    private static final class CodeRenderer implements NodeRenderer {
        private final HtmlWriter html;

        CodeRenderer(HtmlNodeRendererContext context) {
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(FencedCodeBlock.class, IndentedCodeBlock.class);
        }

        @Override
        public void render(Node node) {
            String language = "";
            String code;
            if (node instanceof FencedCodeBlock fenced) {
                String info = fenced.getInfo() == null ? "" : fenced.getInfo().strip();
                int space = info.indexOf(' ');
                language = space < 0 ? info : info.substring(0, space);
                code = fenced.getLiteral();
            } else {
                code = ((IndentedCodeBlock) node).getLiteral();
            }
            html.line();
            html.tag("pre", Map.of("class", "code", "tabindex", "0"));
            html.tag("code", language.isEmpty() ? Map.of() : Map.of("class", "language-" + language));
            html.raw(Highlighter.highlight(code, language));
            html.tag("/code");
            html.tag("/pre");
            html.line();
        }
    }
}
