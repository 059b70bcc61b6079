package dev.squall.samples.blog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Brings a database's schema up to date: the numbered SQL files {@code /blog/migrations/V1.sql},
 * {@code V2.sql}, ... on the class path are applied in order, each in one transaction with the row that records
 * it in {@code schema_version}, and each exactly once.
 *
 * <p>Hand-written rather than Flyway: the blog needs only "apply the next numbered file", which is 80 lines
 * here against a 1 MB dependency (and Flyway splits its database support into one module per database). What
 * it leaves out: checksums of applied files, undo, and a lock for two processes migrating the same database at
 * once (start one process first). The files hold plain statements separated by a {@code ;} at the end of a
 * line, in the SQL that H2 and PostgreSQL share.
 */
public final class Migrations {
    /** Where the files are on the class path. */
    public static final String RESOURCE_DIRECTORY = "/blog/migrations/";

    private Migrations() {}

    /**
     * Applies every migration newer than the database's version. Blocking: call it off the loop (at start, or
     * on a virtual thread).
     *
     * @param dataSource the database
     * @return the schema version after migrating
     * @throws SQLException if a statement fails; that migration is rolled back where the database can roll back
     *     DDL (PostgreSQL), and the version stays at the last one applied
     */
    public static int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INT PRIMARY KEY, applied TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            int version = currentVersion(c);
            for (String sql = load(version + 1); sql != null; sql = load(version + 1)) {
                version++;
                apply(c, version, sql);
            }
            return version;
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, int version, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
                PreparedStatement record =
                        c.prepareStatement("INSERT INTO schema_version (version, applied) VALUES (?, ?)")) {
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
            record.setInt(1, version);
            record.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            record.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration V" + version + ".sql failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Splits a file at the {@code ;} that end lines, dropping {@code --} comment lines. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString());
        }
        return out;
    }

    private static @Nullable String load(int version) {
        try (InputStream in = Migrations.class.getResourceAsStream(RESOURCE_DIRECTORY + "V" + version + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
