package dev.squall.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.squall.httpclient.HttpResponse;
import dev.squall.samples.blog.PostgresServer;
import dev.squall.samples.hello.Fortune;
import dev.squall.samples.hello.FortunesPage;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code bench} sample's two TechEmpower routes on a real PostgreSQL, with the tables db.sh loads. */
@SquallTest
class BenchSampleTest {
    HikariDataSource pool;

    @BeforeEach
    void loadTables() throws Exception {
        pool = new HikariDataSource();
        pool.setJdbcUrl(PostgresServer.get().newDatabase());
        pool.setMaximumPoolSize(2);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE world (id integer PRIMARY KEY, randomnumber integer NOT NULL)");
            s.execute("INSERT INTO world SELECT x, x * 7 % 10000 FROM generate_series(1, 10000) x");
            s.execute("CREATE TABLE fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO fortune VALUES (?, ?)")) {
                for (Fortune f : Fortune.ROWS) {
                    insert.setInt(1, f.id());
                    insert.setString(2, f.message());
                    insert.executeUpdate();
                }
            }
        }
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    Application app() {
        return BenchSample.app(pool);
    }

    @Test
    void dbAnswersOneRandomRowAsJson(TestClient client) {
        HttpResponse r = client.fetch("/db");
        assertEquals(200, r.code());
        assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
        String body = r.bodyText();
        assertTrue(body.matches("\\{\"id\":([0-9]+),\"randomNumber\":([0-9]+)}"), body);
        int id = Integer.parseInt(body.substring(6, body.indexOf(',')));
        int number = Integer.parseInt(body.substring(body.lastIndexOf(':') + 1, body.length() - 1));
        assertEquals(id * 7 % 10000, number, body);
    }

    @Test
    void fortunesAreTheRowsPlusOneSortedAndEscaped(TestClient client) {
        FortunesPage.assertFortunesPage(client.fetch("/fortunes"));
    }
}
