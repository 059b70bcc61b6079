/**
 * Escaping and unescaping for HTML, URLs and JSON embedded in pages, as Tornado's {@code tornado.escape}:
 * {@link dev.squall.escape.Escape}.
 *
 * <p>Everything here is a pure function, safe from any thread.
 */
@NullMarked
package dev.squall.escape;

import org.jspecify.annotations.NullMarked;
