/**
 * Benchmarks: JMH micro-benchmarks of Squall's hot paths (run with {@code benchmarks/jmh.sh}) and
 * {@link dev.squall.benchmarks.VertxHello}, the peer server that {@code benchmarks/load.sh} loads next to
 * Squall's {@code hello} sample. See benchmarks/README.md.
 */
@NullMarked
package dev.squall.benchmarks;

import org.jspecify.annotations.NullMarked;
