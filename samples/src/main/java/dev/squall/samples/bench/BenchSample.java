package dev.squall.samples.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.squall.http.HttpServer;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import dev.squall.samples.hello.Fortune;
import dev.squall.samples.hello.HelloPages;
import dev.squall.templates.jte.JteTemplates;
import dev.squall.web.Application;
import dev.squall.web.CoroutineRequestHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * {@code java -jar squall-samples.jar bench --db=jdbc:postgresql://... [--pool-size=N]}: TechEmpower's
 * database tests, as {@code benchmarks/db.sh} loads them.
 * <ul>
 *   <li>{@code GET /db}: one random row of the 10,000-row {@code world} table, as JSON
 *       {@code {"id":N,"randomNumber":N}};</li>
 *   <li>{@code GET /fortunes}: every row of {@code fortune} plus one added at request time, sorted by message,
 *       rendered through the {@code hello} sample's jte template (escaped).</li>
 * </ul>
 * Handlers are coroutines whose JDBC call runs in {@code offLoop} (the request's own virtual thread, the loop
 * released), through a HikariCP pool of {@code --pool-size} connections.
 */
public final class BenchSample implements Sample {
    /** Default {@code --pool-size}. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Rows in TechEmpower's {@code world} table. */
    public static final int WORLD_ROWS = 10_000;

    private Option<String> db = new Options().define("db", "");
    private Option<Integer> poolSize = new Options().define("pool-size", DEFAULT_POOL_SIZE);

    /** Creates the sample. */
    public BenchSample() {}

    /**
     * Defines {@code --db} and {@code --pool-size}.
     *
     * @param options where to define them
     */
    @Override
    public void defineOptions(Options options) {
        db = options.define("db", "")
                .metavar("JDBC_URL")
                .help("the database with TechEmpower's world and fortune tables, e.g. "
                        + "jdbc:postgresql://127.0.0.1:5432/hello_world?user=benchmarkdbuser (required)");
        poolSize = options.define("pool-size", DEFAULT_POOL_SIZE)
                .help("database connections")
                .check(n -> n >= 1, "1 or more");
    }

    /**
     * Opens the pool, starts the server and returns.
     *
     * @param launch port, address and loop count
     * @throws OptionException if {@code --db} is missing
     */
    @Override
    public void run(Launch launch) {
        if (db.value().isEmpty()) {
            throw new OptionException("bench needs --db=JDBC_URL (benchmarks/db.sh passes it)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.value());
        config.setMaximumPoolSize(poolSize.value());
        config.setMinimumIdle(poolSize.value());
        config.setPoolName("bench");
        HikariDataSource pool = new HikariDataSource(config);
        HttpServer server = GracefulShutdown.listen(() -> app(pool), launch, pool::close, "bench-shutdown");
        System.out.println("Listening on http://" + launch.address() + ":" + server.port() + "/");
    }

    /**
     * Builds the two routes on a data source.
     *
     * @param dataSource the database
     * @return the application
     */
    public static Application app(DataSource dataSource) {
        return Application.builder()
                .templates(JteTemplates.precompiled(HelloPages.TEMPLATE_PACKAGE))
                .logFunction(handler -> {}) // no access log: the Vert.x peer logs nothing either
                .route("/db", () -> new DbHandler(dataSource))
                .route("/fortunes", () -> new FortunesHandler(dataSource))
                .build();
    }

    /** One random {@code world} row as JSON. */
    static final class DbHandler extends CoroutineRequestHandler {
        private final DataSource dataSource;

        DbHandler(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void get() {
            int id = ThreadLocalRandom.current().nextInt(WORLD_ROWS) + 1;
            World world = offLoop(() -> world(dataSource, id));
            setHeader("Content-Type", JSON_CONTENT_TYPE);
            write("{\"id\":" + world.id() + ",\"randomNumber\":" + world.randomNumber() + "}");
        }
    }

    /** Every fortune plus one, sorted, through the template. */
    static final class FortunesHandler extends CoroutineRequestHandler {
        private final DataSource dataSource;

        FortunesHandler(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void get() {
            List<Fortune> fortunes = offLoop(() -> fortunes(dataSource));
            fortunes.add(new Fortune(0, "Additional fortune added at request time."));
            fortunes.sort(Comparator.comparing(Fortune::message));
            render("hello/fortunes.jte", Map.of("fortunes", fortunes));
        }
    }

    /**
     * A row of {@code world}.
     *
     * @param id its id
     * @param randomNumber its number
     */
    record World(int id, int randomNumber) {}

    static World world(DataSource dataSource, int id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, randomnumber FROM world WHERE id = ?")) {
            s.setInt(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no world row " + id);
                }
                return new World(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    static List<Fortune> fortunes(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, message FROM fortune");
                ResultSet rs = s.executeQuery()) {
            List<Fortune> out = new ArrayList<>(16);
            while (rs.next()) {
                out.add(new Fortune(rs.getInt(1), rs.getString(2)));
            }
            return out;
        }
    }
}
