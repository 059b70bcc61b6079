package dev.squall.site;

/**
 * One heading of a page's table of contents.
 *
 * @param level 2 or 3 (the page's title, level 1, is not listed)
 * @param id the heading's anchor, without {@code #}
 * @param text the heading's plain text
 */
record TocEntry(int level, String id, String text) {}
