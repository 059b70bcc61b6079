package dev.squall.benchmarks.db;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The peer that {@code benchmarks/db.sh} measures Squall's {@code bench} sample against: Vert.x 5 with its
 * reactive PostgreSQL client on ONE event loop, answering TechEmpower's {@code GET /db} (one random
 * {@code world} row as JSON) and {@code GET /fortunes} (every fortune plus one, sorted, through jte, escaped),
 * set up as Vert.x's own TechEmpower entry is (prepared queries cached, pipelining on the connection, prebuilt
 * header values, a {@code Date} refreshed once a second). {@code db.sh} starts it with the system properties
 * Vert.x's own benchmark entries use ({@code vertx.disableContextTimings}, {@code vertx.threadChecks=false},
 * {@code vertx.disableTCCL}, Netty's buffer checks off), as {@code VertxHello} sets them.
 *
 * <pre>{@code
 * java -cp benchmarks-db/target/benchmarks-db.jar dev.squall.benchmarks.db.VertxDb --port=8080 \
 *     --db=postgresql://postgres@127.0.0.1:5432/hello_world --pool-size=16
 * }</pre>
 */
public final class VertxDb {
    private static final CharSequence SERVER = HttpHeaders.createOptimized("Vert.x/5.0.7");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=UTF-8");
    private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=UTF-8");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static final int WORLD_ROWS = 10_000;

    /**
     * A row of {@code fortune}.
     *
     * @param id its id
     * @param message its text
     */
    public record Fortune(int id, String message) {}

    private final PreparedQuery<RowSet<Row>> world;
    private final PreparedQuery<RowSet<Row>> fortunes;
    private final TemplateEngine templates =
            TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.squall.benchmarks.db.jte");
    private CharSequence date = formatDate();

    private VertxDb(Pool pool) {
        world = pool.preparedQuery("SELECT id, randomnumber FROM world WHERE id = $1");
        fortunes = pool.preparedQuery("SELECT id, message FROM fortune");
    }

    /**
     * Starts the server and returns.
     *
     * @param args {@code --port=N}, {@code --address=A}, {@code --db=postgresql://user@host:port/db},
     *     {@code --pool-size=N}
     * @throws Exception if the server cannot listen within 10 s
     */
    public static void main(String[] args) throws Exception {
        int port = 8080;
        String address = "127.0.0.1";
        String db = "";
        int poolSize = 16;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--address=")) {
                address = arg.substring("--address=".length());
            } else if (arg.startsWith("--db=")) {
                db = arg.substring("--db=".length());
            } else if (arg.startsWith("--pool-size=")) {
                poolSize = Integer.parseInt(arg.substring("--pool-size=".length()));
            } else if (!arg.equals("--loops=1")) {
                System.err.println("unknown argument " + arg + "; usage: java -cp benchmarks-db.jar "
                        + VertxDb.class.getName() + " --db=postgresql://user@host:port/db [--port=N] [--address=A]"
                        + " [--pool-size=N] (always one event loop)");
                System.exit(2);
            }
        }
        if (db.isEmpty()) {
            System.err.println("--db=postgresql://user@host:port/db is required");
            System.exit(2);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        PgConnectOptions connect =
                PgConnectOptions.fromUri(db).setCachePreparedStatements(true).setPipeliningLimit(256);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize))
                .connectingTo(connect)
                .using(vertx)
                .build();
        VertxDb app = new VertxDb(pool);
        vertx.setPeriodic(1000, id -> app.date = formatDate());
        // as VertxHello: no h2c upgrade check, strict thread mode (one event loop, no locks)
        HttpServerOptions options =
                new HttpServerOptions().setHttp2ClearTextEnabled(false).setStrictThreadMode(true);
        HttpServer server = vertx.createHttpServer(options).requestHandler(app::handle);
        server.listen(port, address).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println("Vert.x listening on http://" + address + ":" + server.actualPort() + "/ (pool " + poolSize
                + ", 1 event loop)");
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/db" -> db(request.response());
            case "/fortunes" -> fortunes(request.response());
            default -> headers(request.response().setStatusCode(404)).end("Not Found");
        }
    }

    private void db(HttpServerResponse response) {
        int id = ThreadLocalRandom.current().nextInt(WORLD_ROWS) + 1;
        world.execute(Tuple.of(id)).onComplete(ar -> {
            if (ar.failed()) {
                headers(response.setStatusCode(500)).end(String.valueOf(ar.cause()));
                return;
            }
            Row row = ar.result().iterator().next();
            Buffer body =
                    Buffer.buffer("{\"id\":" + row.getInteger(0) + ",\"randomNumber\":" + row.getInteger(1) + "}");
            headers(response).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
        });
    }

    private void fortunes(HttpServerResponse response) {
        fortunes.execute().onComplete(ar -> {
            if (ar.failed()) {
                headers(response.setStatusCode(500)).end(String.valueOf(ar.cause()));
                return;
            }
            List<Fortune> list = new ArrayList<>(16);
            for (Row row : ar.result()) {
                list.add(new Fortune(row.getInteger(0), row.getString(1)));
            }
            list.add(new Fortune(0, "Additional fortune added at request time."));
            list.sort(Comparator.comparing(Fortune::message));
            StringOutput out = new StringOutput(4096);
            templates.render("vertxdb/fortunes.jte", Map.of("fortunes", list), out);
            headers(response).putHeader(HttpHeaders.CONTENT_TYPE, HTML).end(Buffer.buffer(out.toString()));
        });
    }

    private HttpServerResponse headers(HttpServerResponse response) {
        return response.putHeader(HttpHeaders.SERVER, SERVER).putHeader(HttpHeaders.DATE, date);
    }

    private static CharSequence formatDate() {
        return HttpHeaders.createOptimized(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }
}
