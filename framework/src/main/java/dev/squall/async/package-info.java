/**
 * Futures on the loop: combinators, timeouts and the exceptions they raise.
 */
@NullMarked
package dev.squall.async;

import org.jspecify.annotations.NullMarked;
