package dev.squall.samples.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void migratingTwiceAppliesEachFileOnce() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:migrations-test;DB_CLOSE_DELAY=-1");
        assertEquals(1, Migrations.migrate(h2));
        assertEquals(1, Migrations.migrate(h2));
        try (Connection c = h2.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void statementsAreSplitAtTheSemicolonsThatEndLines() {
        assertEquals(
                List.of("CREATE TABLE a (x INT)", "INSERT INTO a VALUES ('a;b')"),
                Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES ('a;b');\n"));
    }

    @Test
    void slugsAreLowerCaseAsciiWords() {
        assertEquals("hello-world", BlogStore.slugOf("Hello, World!"));
        assertEquals("entry", BlogStore.slugOf("¡¿!"));
        assertEquals(
                BlogStore.MAX_SLUG_LENGTH, BlogStore.slugOf("a".repeat(200)).length());
    }
}
