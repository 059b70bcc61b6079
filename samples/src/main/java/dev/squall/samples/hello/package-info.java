/**
 * The {@code hello} sample: Hello, world over Squall's HTTP server, and the TechEmpower plaintext and JSON
 * routes that the benchmarks load.
 */
@NullMarked
package dev.squall.samples.hello;

import org.jspecify.annotations.NullMarked;
