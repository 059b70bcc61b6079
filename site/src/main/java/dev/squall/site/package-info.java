/**
 * Squall's documentation website: the guides ({@code docs/*.md}) rendered through jte, the home, "Squall for
 * Tornado users", the benchmark charts and the API reference, served by Squall itself ({@link SiteMain}) or
 * exported as static files ({@link Export}). An application, not API: nothing here is meant to be used from
 * other code.
 */
@NullMarked
package dev.squall.site;

import org.jspecify.annotations.NullMarked;
