package dev.squall.site;

import java.util.List;

/**
 * A Markdown document rendered for the site.
 *
 * @param title the text of its first level-1 heading (or the fallback given to the renderer)
 * @param html the body as HTML, headings with {@code id}s, code highlighted, links mapped to the site
 * @param toc its level-2 and level-3 headings
 * @param sections its text by heading, for search
 */
record RenderedDoc(String title, String html, List<TocEntry> toc, List<Section> sections) {
    RenderedDoc {
        toc = List.copyOf(toc);
        sections = List.copyOf(sections);
    }
}
