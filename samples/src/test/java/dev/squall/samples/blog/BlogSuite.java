package dev.squall.samples.blog;

import static dev.squall.samples.Pages.fetchOk;
import static dev.squall.testing.TextAssertions.assertContainsAll;
import static dev.squall.testing.TextAssertions.assertContainsNone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The blog through HTTP, one behaviour per test, on a fresh database each time. Run twice: on H2
 * ({@link BlogH2Test}) and on a real PostgreSQL server ({@link BlogPostgresTest}).
 */
@SquallTest(cookies = true)
@SquallTimeout(30) // sign-up and login each run PBKDF2 with 210,000 iterations, slow on a loaded machine
abstract class BlogSuite {
    static final String SECRET = "a test secret that is long enough to sign cookies";
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final int POOL_SIZE = 2;
    static final Duration POOL_TIMEOUT = Duration.ofMillis(1500);
    private static final Path STATIC = BlogApp.extractStaticFiles();

    HikariDataSource pool;

    /** Returns the JDBC URL of a new, empty database. */
    abstract String newDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        pool = BlogDatabase.open(newDatabase(), POOL_SIZE, POOL_TIMEOUT);
    }

    @AfterEach
    void closeDatabase() {
        pool.close();
    }

    Application app() {
        return BlogApp.app(new BlogStore(pool), SECRET, STATIC);
    }

    // ---------------------------------------------------------------------------------------------
    // helpers: a browser's steps

    static String xsrf(TestClient client) {
        if (client.cookie("_xsrf") == null) {
            client.fetch("/auth/login"); // any form sets the cookie
        }
        String token = client.cookie("_xsrf");
        assertNotNull(token, "the form page set no _xsrf cookie");
        return token;
    }

    static HttpResponse post(TestClient client, String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_xsrf", xsrf(client));
        return client.fetch(client.request(path).method("POST").form(form).build());
    }

    static void signUp(TestClient client) {
        HttpResponse r = post(
                client, "/auth/create", Map.of("email", "ada@example.com", "name", "Ada", "password", "correct horse"));
        assertEquals(302, r.code(), r.bodyText());
        assertNotNull(client.cookie("author"));
    }

    static String compose(TestClient client, String title, String markdown) {
        HttpResponse r = post(client, "/compose", Map.of("title", title, "markdown", markdown));
        assertEquals(302, r.code(), r.bodyText());
        String location = r.header("Location");
        assertNotNull(location);
        return location;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void anEmptyBlogOffersTheFirstSignUp(TestClient client) {
        assertContainsAll(fetchOk(client, "/"), "<a href=\"/auth/create\">Sign up as the first author</a>");
    }

    @Test
    void theFirstAuthorSignsUpAndPublishesAnEntry(TestClient client) {
        signUp(client);
        assertEquals("/entry/hello-world", compose(client, "Hello, World!", "Some *Markdown* here."));
        assertContainsAll(
                fetchOk(client, "/entry/hello-world"),
                "<title>Hello, World!</title>",
                "<p>Some <em>Markdown</em> here.</p>",
                "by Ada");
    }

    @Test
    void onlyTheFirstAuthorMaySignUp(TestClient client) {
        signUp(client);
        assertEquals("/auth/login", client.fetch("/auth/create").header("Location"));
        HttpResponse again =
                post(client, "/auth/create", Map.of("email", "eve@example.com", "name", "Eve", "password", "12345678"));
        assertEquals(403, again.code());
    }

    @Test
    void composingNeedsASignedInAuthor(TestClient client) {
        HttpResponse get = client.fetch("/compose");
        assertEquals(302, get.code());
        assertEquals("/auth/login?next=%2Fcompose", get.header("Location"));
        assertEquals(
                403,
                post(client, "/compose", Map.of("title", "t", "markdown", "m")).code());
    }

    @Test
    void aFormPostWithoutTheXsrfTokenIsRefused(TestClient client) {
        xsrf(client);
        HttpResponse r = client.fetch(client.request("/auth/login")
                .method("POST")
                .form(Map.of("email", "ada@example.com", "password", "correct horse"))
                .build());
        assertEquals(403, r.code());
    }

    @Test
    void signInChecksThePasswordAndSignOutForgetsTheAuthor(TestClient client) {
        signUp(client);
        assertEquals(302, post(client, "/auth/logout", Map.of()).code());
        assertNull(client.cookie("author"));
        assertEquals(302, client.fetch("/compose").code());

        HttpResponse wrong = post(client, "/auth/login", Map.of("email", "ada@example.com", "password", "wrong horse"));
        assertEquals(403, wrong.code());
        assertTrue(wrong.bodyText().contains("Wrong e-mail address or password."), wrong.bodyText());
        HttpResponse unknown =
                post(client, "/auth/login", Map.of("email", "bob@example.com", "password", "correct horse"));
        assertEquals(403, unknown.code());
        assertNull(client.cookie("author"));

        HttpResponse right = post(
                client, "/auth/login?next=%2Fcompose", Map.of("email", "ada@example.com", "password", "correct horse"));
        assertEquals(302, right.code());
        assertEquals("/compose", right.header("Location"));
        assertEquals(200, client.fetch("/compose").code());
    }

    @Test
    void markdownCannotStoreAScript(TestClient client) {
        signUp(client);
        String location = compose(
                client,
                "<script>alert('title')</script>",
                "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))"
                        + " ![i](javascript:alert(4)) <a href=\"javascript:alert(5)\">a</a>");
        String body = client.fetch(location).bodyText();
        assertContainsNone(body, "<script>", "<img src=x", "href=\"javascript:", "src=\"javascript:");
        assertContainsAll(body, "<a rel=\"nofollow\" href=\"\">click</a>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void theHomePageShowsTheLatestFiveAndTheArchiveAll(TestClient client) {
        signUp(client);
        for (int i = 1; i <= 6; i++) {
            compose(client, "Entry " + i, "Text " + i);
        }
        String home = client.fetch("/").bodyText();
        assertFalse(home.contains("Entry 1<"), home);
        for (int i = 2; i <= 6; i++) {
            assertTrue(home.contains(">Entry " + i + "</a>"), home);
        }
        assertTrue(home.indexOf(">Entry 6<") < home.indexOf(">Entry 2<"), "newest first");
        String archive = fetchOk(client, "/archive"); // the chained-style handler
        for (int i = 1; i <= 6; i++) {
            assertContainsAll(archive, "<a href=\"/entry/entry-" + i + "\">Entry " + i + "</a>");
        }
    }

    @Test
    void editingAnEntryKeepsItsSlug(TestClient client) {
        signUp(client);
        compose(client, "First title", "first text");
        String form = client.fetch("/compose?id=1").bodyText();
        assertTrue(form.contains("value=\"First title\""), form);
        HttpResponse r = post(client, "/compose", Map.of("id", "1", "title", "Second title", "markdown", "new text"));
        assertEquals("/entry/first-title", r.header("Location"));
        String body = client.fetch("/entry/first-title").bodyText();
        assertContainsAll(body, "Second title", "<p>new text</p>");
        assertEquals("/entry/first-title-2", compose(client, "First title", "again"));
    }

    @Test
    void aMissingEntryIsTheNotFoundPage(TestClient client) {
        HttpResponse r = client.fetch("/entry/no-such-entry");
        assertEquals(404, r.code());
        assertContainsAll(r.bodyText(), "There is no such page here.", "blog.css?v=" /* the layout */);
        assertEquals(404, client.fetch("/no/such/page").code());
    }

    @Test
    void theAtomFeedIsWellFormedAndComplete(TestClient client) throws Exception {
        signUp(client);
        compose(client, "Cats & <dogs>", "Hello **feed**");
        compose(client, "Second", "More");
        HttpResponse r = client.fetch("/feed");
        assertEquals(200, r.code());
        assertEquals("application/atom+xml; charset=UTF-8", r.header("Content-Type"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc =
                f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().toByteArray()));
        Element feed = doc.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        // RFC 4287 4.1.1: atom:feed has exactly one id, title and updated, and an author or every entry has one
        assertAbsolute(child(feed, "id"));
        assertEquals("Squall blog", child(feed, "title"));
        assertRfc3339(child(feed, "updated"));
        List<Element> entries = children(feed, "entry");
        assertEquals(2, entries.size());
        List<String> titles = new ArrayList<>();
        for (Element e : entries) {
            assertAbsolute(child(e, "id"));
            titles.add(child(e, "title"));
            assertRfc3339(child(e, "updated"));
            assertRfc3339(child(e, "published"));
            assertEquals("Ada", child(children(e, "author").get(0), "name"));
            assertEquals("html", children(e, "content").get(0).getAttribute("type"));
            assertTrue(children(e, "link").get(0).getAttribute("href").startsWith("http://"));
        }
        assertEquals(List.of("Second", "Cats & <dogs>"), titles);
        assertEquals("<p>Hello <strong>feed</strong></p>\n", child(entries.get(1), "content"));
    }

    @Test
    void theStylesheetHasAVersionedUrl(TestClient client) {
        String home = client.fetch("/").bodyText();
        int at = home.indexOf("/static/blog.css?v=");
        assertTrue(at > 0, home);
        String url = home.substring(at, home.indexOf('"', at));
        HttpResponse css = client.fetch(url);
        assertEquals(200, css.code());
        assertTrue(css.header("Cache-Control").contains("immutable"), css.header("Cache-Control"));
    }

    @Test
    void anExhaustedPoolAnswers503WhileOtherPagesAreServed(TestClient client) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                held.add(pool.getConnection());
            }
            long start = System.nanoTime();
            CompletableFuture<HttpResponse> home = client.fetchAsync("/");
            // the loop is free while that request waits for a connection: other pages are served meanwhile
            assertEquals(200, client.fetch("/auth/login").code());
            assertEquals(404, client.fetch("/entry/x/y").code());
            assertFalse(home.isDone(), "answered before the pool's timeout");
            HttpResponse r = home.get();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(503, r.code());
            assertEquals("1", r.header("Retry-After"));
            assertTrue(r.bodyText().contains("The database is busy"), r.bodyText());
            assertTrue(
                    millis >= POOL_TIMEOUT.toMillis() - 50 && millis < POOL_TIMEOUT.toMillis() + 5000, millis + " ms");
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertEquals(200, client.fetch("/").code(), "served again once connections are free");
    }

    // ---------------------------------------------------------------------------------------------

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "exactly one atom:" + name + " in " + parent.getLocalName());
        return found.get(0).getTextContent();
    }

    private static void assertAbsolute(String id) {
        assertTrue(URI.create(id).isAbsolute(), id);
    }

    private static void assertRfc3339(String date) {
        OffsetDateTime.parse(date, DateTimeFormatter.ISO_OFFSET_DATE_TIME); // throws if not RFC 3339
        assertTrue(date.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)"), date);
    }
}
