package dev.squall.site;

/**
 * A piece of a page for the search index: a heading and the plain text under it, up to the next heading.
 *
 * @param heading the heading's text (the page's title for the text before the first heading)
 * @param id the heading's anchor, empty for the top of the page
 * @param text the plain text, shortened to {@link Markdown#MAX_SECTION_CHARS}
 */
record Section(String heading, String id, String text) {}
