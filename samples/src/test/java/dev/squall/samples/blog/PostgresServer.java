package dev.squall.samples.blog;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server for the tests: Debian's {@code postgresql} package ({@code .ci/run} installs it),
 * a cluster made with {@code initdb} in a temporary directory, started with {@code pg_ctl} on a free port of
 * 127.0.0.1 with trust authentication, and stopped (immediately) and deleted when the test JVM exits. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the {@code postgres} user and the commands run
 * through {@code runuser}.
 *
 * <p>Without PostgreSQL the tests that need it fail when {@code CI=true} and are skipped, loudly, elsewhere.
 */
public final class PostgresServer implements java.io.Closeable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final boolean asPostgresUser;
    final int port;

    private PostgresServer(Path bin, Path dir, boolean asPostgresUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    private static @org.jspecify.annotations.Nullable PostgresServer instance;

    /**
     * Returns the test JVM's server, starting it on first use (a shutdown hook stops it); skips or fails the test
     * if PostgreSQL is missing.
     */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    System.err.println("could not stop the tests' PostgreSQL: " + e.getMessage());
                }
            }));
            instance = server;
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "blog_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    private static PostgresServer start() {
        Path bin = findBinaries();
        if (bin == null) {
            String why = "PostgreSQL's initdb and pg_ctl were not found (/usr/lib/postgresql/*/bin); "
                    + "install Debian's postgresql package (apt-get install postgresql), as .ci/run does";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            System.err.println("*** SKIPPING the PostgreSQL tests: " + why);
            Assumptions.abort(why);
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("squall-pg");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, dir, root, port);
            server.pg(
                    "initdb",
                    "-D",
                    dir.resolve("data").toString(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync");
            server.pg(
                    "pg_ctl",
                    "-D",
                    dir.resolve("data").toString(),
                    "-l",
                    dir.resolve("log").toString(),
                    "-w",
                    "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start");
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void pg(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command, true);
    }

    private static void run(List<String> command, boolean quiet) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + out);
            }
            if (!quiet) {
                System.err.print(out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
    }

    private static @org.jspecify.annotations.Nullable Path findBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
