package dev.squall.samples.blog;

import com.zaxxer.hikari.HikariDataSource;
import dev.squall.http.HttpServer;
import dev.squall.options.Option;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code java -jar squall-samples.jar blog [--port=8888] [--address=127.0.0.1] [--db=JDBC_URL]
 * [--cookie-secret=S] [--pool-size=10] [--pool-timeout=2s]}: Tornado's blog demo on a real database. Without
 * {@code --db} it keeps its data in an H2 file under {@code ./data/}, created and migrated on first run; with
 * {@code --db=jdbc:postgresql://host/db?user=U&password=P} the same code runs on PostgreSQL.
 */
public final class BlogSample implements Sample {
    private Option<String> db = new Options().define("db", BlogDatabase.DEFAULT_URL);
    private Option<String> cookieSecret = new Options().define("cookie-secret", "");
    private Option<Integer> poolSize = new Options().define("pool-size", BlogDatabase.DEFAULT_POOL_SIZE);
    private Option<Duration> poolTimeout =
            new Options().define("pool-timeout", BlogDatabase.DEFAULT_CONNECTION_TIMEOUT);

    /** Creates the sample. */
    public BlogSample() {}

    /**
     * Defines {@code --db}, {@code --cookie-secret}, {@code --pool-size} and {@code --pool-timeout}.
     *
     * @param options where to define them
     */
    @Override
    public void defineOptions(Options options) {
        db = options.define("db", BlogDatabase.DEFAULT_URL)
                .metavar("JDBC_URL")
                .help("the database: jdbc:h2:... (the default, a file under ./data/ created on first run) or "
                        + "jdbc:postgresql://host:5432/db?user=U&password=P; the schema is migrated at start");
        cookieSecret = options.define("cookie-secret", "")
                .metavar("S")
                .help("signs the login cookie and XSRF tokens; long and random. Empty: a random one per start "
                        + "(everyone is signed out when the server restarts)");
        poolSize = options.define("pool-size", BlogDatabase.DEFAULT_POOL_SIZE)
                .help("database connections open at most; JDBC calls beyond it wait for one")
                .check(n -> n >= 1, "1 or more");
        poolTimeout = options.define("pool-timeout", BlogDatabase.DEFAULT_CONNECTION_TIMEOUT)
                .help("how long a request waits for a free database connection before it is answered 503 "
                        + "(at least 250ms)")
                .check(d -> d.toMillis() >= 250, "at least 250ms");
    }

    /**
     * Opens the database (migrating it), starts the server and returns; a shutdown hook stops the server,
     * then closes the pool.
     *
     * @param launch port, address and loop count
     * @throws Exception if the database cannot be opened or migrated, or the server cannot listen
     */
    @Override
    public void run(Launch launch) throws Exception {
        HikariDataSource pool = BlogDatabase.open(db.value(), poolSize.value(), poolTimeout.value());
        String secret = cookieSecret.value().isEmpty() ? randomSecret() : cookieSecret.value();
        HttpServer server = GracefulShutdown.listen(
                () -> BlogApp.app(new BlogStore(pool), secret, BlogApp.extractStaticFiles()),
                launch,
                pool::close,
                "blog-shutdown");
        System.out.println(
                "Blog on " + db.value() + ", listening on http://" + launch.address() + ":" + server.port() + "/");
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
