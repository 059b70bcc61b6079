/** The Vert.x peer of {@code benchmarks/db.sh}: TechEmpower's database tests on {@code vertx-pg-client}. */
@NullMarked
package dev.squall.benchmarks.db;

import org.jspecify.annotations.NullMarked;
