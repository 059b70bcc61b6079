package dev.squall.site;

/**
 * A link in the navigation.
 *
 * @param title the text
 * @param url the site URL
 */
record NavLink(String title, String url) {}
