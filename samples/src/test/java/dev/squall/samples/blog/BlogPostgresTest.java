package dev.squall.samples.blog;

/**
 * The blog's suite on a real PostgreSQL server ({@link PostgresServer}, started once per test JVM), a fresh
 * database per test. Fails on CI without PostgreSQL, skips loudly elsewhere.
 */
class BlogPostgresTest extends BlogSuite {
    @Override
    String newDatabase() throws Exception {
        return PostgresServer.get().newDatabase();
    }
}
