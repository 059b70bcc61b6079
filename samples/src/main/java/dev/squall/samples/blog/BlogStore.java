package dev.squall.samples.blog;

import dev.squall.web.HttpError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The blog's queries, in plain JDBC. Every method blocks on the database: handlers call them inside
 * {@code offLoop} (coroutine style) or {@code Async.blocking} (chained style), never on the loop. A connection
 * comes from the pool for one method call; when the pool has none free within its {@code connectionTimeout},
 * the call fails with an {@link HttpError} 503 (which the handlers answer with {@code Retry-After}) instead of
 * waiting longer.
 */
public final class BlogStore {
    /** The longest slug kept; longer titles are cut. */
    public static final int MAX_SLUG_LENGTH = 80;

    private static final String ENTRY_COLUMNS =
            "e.id, a.name, e.slug, e.title, e.markdown, e.html, e.published, e.updated";
    private static final String ENTRY_FROM = " FROM entries e JOIN authors a ON a.id = e.author_id";

    private final DataSource dataSource;

    /**
     * Creates the store.
     *
     * @param dataSource the pool; its schema must be migrated ({@link Migrations})
     */
    public BlogStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Returns the newest entries first.
     *
     * @param limit how many at most
     * @return the entries
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public List<Entry> latest(int limit) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement("SELECT " + ENTRY_COLUMNS + ENTRY_FROM
                        + " ORDER BY e.published DESC, e.id DESC FETCH FIRST ? ROWS ONLY")) {
            s.setInt(1, limit);
            return entries(s);
        }
    }

    /**
     * Returns one entry.
     *
     * @param slug its URL name
     * @return the entry, or null if there is none
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Entry bySlug(String slug) throws SQLException {
        return one("e.slug = ?", slug);
    }

    /**
     * Returns one entry.
     *
     * @param id its row id
     * @return the entry, or null if there is none
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Entry byId(long id) throws SQLException {
        return one("e.id = ?", id);
    }

    /**
     * Saves a new entry under a slug made from its title (unique: {@code -2}, {@code -3}, ... appended when
     * taken), in one transaction.
     *
     * @param author who writes it
     * @param title its title
     * @param markdown its text
     * @return the entry as stored
     * @throws SQLException if the insert fails
     * @throws HttpError 503 if no connection was free in time
     */
    public Entry create(Author author, String title, String markdown) throws SQLException {
        OffsetDateTime now = now();
        String html = Markdown.toHtml(markdown);
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                String slug = freeSlug(c, slugOf(title));
                long id;
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO entries (author_id, slug, title, markdown, html, published, updated)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
                    s.setLong(1, author.id());
                    s.setString(2, slug);
                    s.setString(3, title);
                    s.setString(4, markdown);
                    s.setString(5, html);
                    s.setObject(6, now);
                    s.setObject(7, now);
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                return new Entry(id, author.name(), slug, title, markdown, html, now.toInstant(), now.toInstant());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Changes an entry's title and text; its slug stays, so links keep working.
     *
     * @param id the entry's row id
     * @param title the new title
     * @param markdown the new text
     * @return the entry as stored, or null if there is no such entry
     * @throws SQLException if the update fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Entry update(long id, String title, String markdown) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE entries SET title = ?, markdown = ?, html = ?, updated = ? WHERE id = ?")) {
            s.setString(1, title);
            s.setString(2, markdown);
            s.setString(3, Markdown.toHtml(markdown));
            s.setObject(4, now());
            s.setLong(5, id);
            if (s.executeUpdate() == 0) {
                return null;
            }
        }
        return byId(id);
    }

    /**
     * Returns whether any author has signed up (the sign-up page is only for the first).
     *
     * @return true once an author exists
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public boolean hasAuthors() throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM authors");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /**
     * Signs up the first author: inserts only while the table is empty, in one statement, so two racing
     * sign-ups cannot both succeed.
     *
     * @param email the login name
     * @param name the name shown
     * @param passwordHash from {@link Passwords#hash}
     * @return the author, or null if one exists already
     * @throws SQLException if the insert fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Author createFirstAuthor(String email, String name, String passwordHash) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement("INSERT INTO authors (email, name, password_hash)"
                        + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM authors)")) {
            s.setString(1, email);
            s.setString(2, name);
            s.setString(3, passwordHash);
            if (s.executeUpdate() == 0) {
                return null;
            }
        }
        Login login = login(email);
        return login == null ? null : login.author();
    }

    /**
     * Returns an author.
     *
     * @param id the row id
     * @return the author, or null if there is none
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Author author(long id) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement("SELECT id, email, name FROM authors WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Author(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    /**
     * An author and their password hash, for checking a login.
     *
     * @param author the author
     * @param passwordHash the stored hash
     */
    public record Login(Author author, String passwordHash) {}

    /**
     * Looks up an author by e-mail for a login.
     *
     * @param email the login name
     * @return the author and hash, or null if there is none
     * @throws SQLException if the query fails
     * @throws HttpError 503 if no connection was free in time
     */
    public @Nullable Login login(String email) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s =
                        c.prepareStatement("SELECT id, email, name, password_hash FROM authors WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? new Login(new Author(rs.getLong(1), rs.getString(2), rs.getString(3)), rs.getString(4))
                        : null;
            }
        }
    }

    /**
     * Makes a URL name from a title: lower-case ASCII letters and digits, other runs of characters as one
     * {@code -}, at most {@value #MAX_SLUG_LENGTH} characters; {@code entry} if nothing is left.
     *
     * @param title the title
     * @return the slug
     */
    public static String slugOf(String title) {
        StringBuilder sb = new StringBuilder();
        for (char ch : title.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                sb.append(ch);
            } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
                sb.append('-');
            }
            if (sb.length() == MAX_SLUG_LENGTH) {
                break;
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-') {
            sb.setLength(sb.length() - 1);
        }
        return sb.length() == 0 ? "entry" : sb.toString();
    }

    private Connection connection() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLTransientConnectionException e) {
            // HikariCP's connectionTimeout ran out: every connection is busy. Answer 503 (with Retry-After,
            // see BlogHandler) rather than let requests queue for ever behind a slow database.
            throw new HttpError(503, "Database Busy", "no database connection free in time: " + e.getMessage());
        }
    }

    private static String freeSlug(Connection c, String base) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT slug FROM entries WHERE slug = ? OR slug LIKE ?")) {
            s.setString(1, base);
            s.setString(2, base + "-%");
            List<String> taken = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
            String slug = base;
            for (int n = 2; taken.contains(slug); n++) {
                slug = base + "-" + n;
            }
            return slug;
        }
    }

    private @Nullable Entry one(String condition, Object value) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s =
                        c.prepareStatement("SELECT " + ENTRY_COLUMNS + ENTRY_FROM + " WHERE " + condition)) {
            s.setObject(1, value);
            List<Entry> found = entries(s);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    private static List<Entry> entries(PreparedStatement s) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class).toInstant()));
            }
        }
        return out;
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
