package dev.squall.samples.blog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * Opens the blog's connection pool: HikariCP, bounded, with a {@code connectionTimeout} after which a request
 * that finds every connection busy fails (and is answered 503) instead of queueing for ever.
 */
public final class BlogDatabase {
    /** The database when {@code --db} is not given: an H2 file under {@code ./data/}, created on first use. */
    public static final String DEFAULT_URL = "jdbc:h2:./data/blog";
    /** Default pool size: JDBC calls that may run at once. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default time a request waits for a free connection before it is answered 503. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    private BlogDatabase() {}

    /**
     * Opens a pool and brings the schema up to date ({@link Migrations}). Blocking: call it at start or off the
     * loop.
     *
     * @param jdbcUrl {@code jdbc:h2:...} or {@code jdbc:postgresql://host/db?user=...&password=...}
     * @param poolSize the most connections open at once
     * @param connectionTimeout how long a caller waits for a free connection (HikariCP's minimum is 250 ms)
     * @return the pool; close it when the server stops
     * @throws java.sql.SQLException if the schema cannot be migrated
     * @throws RuntimeException (HikariCP's {@code PoolInitializationException}) if the database cannot be reached
     */
    public static HikariDataSource open(String jdbcUrl, int poolSize, Duration connectionTimeout)
            throws java.sql.SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setPoolName("blog");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Migrations.migrate(pool);
            return pool;
        } catch (java.sql.SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
