/**
 * Not API, may change without notice: the event loop's plumbing that other Squall packages need and
 * application code must not use (OkHttp's {@code internal} habit). Its public classes are public only so that
 * {@code dev.squall.async}, the testing harness and the benchmarks can reach them; they are left out of the
 * javadoc.
 */
@NullMarked
package dev.squall.internal.loop;

import org.jspecify.annotations.NullMarked;
