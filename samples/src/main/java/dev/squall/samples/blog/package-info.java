/**
 * The {@code blog} sample: Tornado's blog demo on a real database. JDBC runs on virtual threads through a
 * bounded HikariCP pool (H2 in a file by default, PostgreSQL with {@code --db}); handlers are coroutines that
 * {@code await} or run {@code offLoop}, and one is written with chained futures. See {@code docs/database.md}.
 */
@NullMarked
package dev.squall.samples.blog;

import org.jspecify.annotations.NullMarked;
