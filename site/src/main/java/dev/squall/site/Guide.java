package dev.squall.site;

/**
 * One guide: {@code docs/<slug>.md}, rendered.
 *
 * @param slug the file name without {@code .md}; the guide's URL is {@code /guide/<slug>/}
 * @param doc the rendered document
 */
record Guide(String slug, RenderedDoc doc) {
    /** Returns the guide's URL. */
    String url() {
        return SiteUrls.guide(slug);
    }

    /** Returns the title the navigation shows: the document's first heading. */
    String title() {
        return doc.title();
    }
}
