/**
 * The {@code bench} sample: TechEmpower's "single query" ({@code /db}) and "fortunes" tests on PostgreSQL, the
 * Squall side of {@code benchmarks/db.sh}.
 */
@NullMarked
package dev.squall.samples.bench;

import org.jspecify.annotations.NullMarked;
