/**
 * The {@code styles} sample: one answer from each of the web layer's handler styles — plain, chained futures
 * and coroutines — for comparing what each costs under load (benchmarks/styles.sh).
 */
@NullMarked
package dev.squall.samples.styles;

import org.jspecify.annotations.NullMarked;
