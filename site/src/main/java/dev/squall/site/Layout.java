package dev.squall.site;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the one layout ({@code layout.jte}) shows around a page.
 *
 * @param title the page's title
 * @param path the page's URL, to mark the current link
 * @param guides every guide, in reading order
 * @param toc the page's table of contents (empty: none shown)
 * @param prev the previous page in reading order, if any
 * @param next the next page, if any
 * @param version the project's version, for the footer
 */
record Layout(
        String title,
        String path,
        List<NavLink> guides,
        List<TocEntry> toc,
        @Nullable NavLink prev,
        @Nullable NavLink next,
        String version) {
    Layout {
        guides = List.copyOf(guides);
        toc = List.copyOf(toc);
    }

    /** Returns {@code "page"} when {@code url} is this page (for {@code aria-current}), else null. */
    @Nullable
    String current(String url) {
        return url.equals(path) ? "page" : null;
    }
}
