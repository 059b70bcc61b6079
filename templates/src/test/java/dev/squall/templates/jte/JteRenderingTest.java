package dev.squall.templates.jte;

import static dev.squall.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.async.Async;
import dev.squall.httpclient.HttpResponse;
import dev.squall.locale.Locales;
import dev.squall.locale.Translations;
import dev.squall.template.TemplateException;
import dev.squall.testing.ExpectLog;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import dev.squall.web.UIModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Handlers rendering jte templates from a directory, over HTTP on the harness. */
@SquallTest
@SquallTimeout(60) // the first test of a run compiles the templates
class JteRenderingTest {
    static final Path TEMPLATES = Path.of("src/test/jte");

    static Locales spanish() {
        try (InputStream in = JteRenderingTest.class.getResourceAsStream("/locale/es.csv")) {
            return Locales.builder()
                    .add("es", Translations.csv(in.readAllBytes(), "es.csv"))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One engine for all tests: compiling templates takes seconds on a loaded machine. */
    static final JteTemplates ENGINE = JteTemplates.fromDirectory(TEMPLATES);

    static Application.Builder base(boolean debug) {
        return Application.builder()
                .templates(ENGINE)
                .locales(spanish())
                .staticPath(Path.of("src/test/static"))
                .xsrfCookies(true)
                .debug(debug)
                .uiModule("Entry", EntryModule::new)
                .route("/home", Home::new)
                .route("/escape", Escaping::new)
                .route("/helpers", Helpers::new)
                .route("/story/(?<id>[0-9]+)", Home::new, "story")
                .route("/broken", Broken::new)
                .route("/note", Note::new)
                .route("/async", AsyncHome::new)
                .route("/coroutine", CoroutineHome::new)
                .route("/string", AsString::new)
                .logFunction(h -> {});
    }

    Application app() {
        return base(false).build();
    }

    static final List<String> ENTRIES = List.of("first <one>", "second", "third");

    static final class Home extends RequestHandler {
        @Override
        public void get() {
            render("home.jte", Map.of("entries", ENTRIES));
        }
    }

    static final class AsyncHome extends AsyncRequestHandler {
        @Override
        public CompletionStage<?> get() {
            return Async.sleep(Duration.ofMillis(1)).thenRun(() -> render("home.jte", Map.of("entries", ENTRIES)));
        }
    }

    static final class CoroutineHome extends CoroutineRequestHandler {
        @Override
        public void get() {
            await(Async.sleep(Duration.ofMillis(1)));
            render("home.jte", Map.of("entries", ENTRIES));
        }
    }

    static final class AsString extends RequestHandler {
        @Override
        public void get() {
            String text = renderString("note.txt.jte", Map.of("name", "<Ann>"));
            write("[" + text.strip() + "]");
        }
    }

    static final class Escaping extends RequestHandler {
        @Override
        public void get() {
            render("escape.jte", Map.of("text", getArgument("text")));
        }
    }

    static final class Helpers extends RequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            return "ann";
        }

        @Override
        public void get() {
            render("helpers.jte", Map.of("data", Map.of("a", "</script>")));
        }
    }

    static final class Broken extends RequestHandler {
        @Override
        public void get() {
            write("not this");
            render("broken.jte", Map.of("zero", 0));
        }
    }

    static final class Note extends RequestHandler {
        @Override
        public void get() {
            render("note.txt.jte", Map.of("name", "Ann"));
        }
    }

    public static final class EntryModule extends UIModule {
        @Override
        public String render(@Nullable Object... args) {
            return renderString("modules/entry.jte", Map.of("entry", java.util.Objects.requireNonNull(args[0])));
        }

        @Override
        public List<String> javascriptFiles() {
            return List.of("entry.js", "/shared/common.js");
        }

        @Override
        public List<String> cssFiles() {
            return List.of("https://cdn.example.com/entry.css");
        }

        @Override
        public @Nullable String embeddedJavascript() {
            return "initEntries();";
        }

        @Override
        public @Nullable String embeddedCss() {
            return ".entry { color: red }";
        }

        @Override
        public @Nullable String htmlHead() {
            return "<meta name=\"entries\" content=\"yes\">";
        }

        @Override
        public @Nullable String htmlBody() {
            return "<div id=\"entry-footer\"></div>";
        }
    }

    // ---------------------------------------------------------------------------------------------------

    /** Fetches a page that must be there, asking for {@code languages}; returns its text. */
    private static String pageIn(TestClient client, String path, String languages) {
        HttpResponse r = client.fetch(path, b -> b.header("Accept-Language", languages));
        assertEquals(200, r.code(), () -> path + ": " + r.bodyText());
        return r.bodyText();
    }

    @Test
    void textIsEscapedInTextAttributesUrlsAndScripts(TestClient client) {
        HttpResponse r = client.fetch("/escape?text=" + "%22%3E%3Cb%3E%27%26%3C%2Fscript%3E");
        assertEquals(200, r.code());
        String body = r.bodyText();
        // Text: markup escaped. Attributes (also URLs): quotes escaped, so the value cannot end the attribute.
        assertTrue(
                body.contains(
                        "<p title=\"&#34;>&lt;b>&#39;&amp;&lt;/script>\">\"&gt;&lt;b&gt;'&amp;&lt;/script&gt;</p>"),
                body);
        assertTrue(body.contains("<a href=\"/search?q=&#34;>&lt;b>&#39;&amp;&lt;/script>\">"), body);
        // Inside <script>, escaped for a JavaScript string: no quote ends the string, no </script> the block.
        assertTrue(body.contains("<script>var s = \"\\\"><b>\\'&<\\/script>\";</script>"), body);
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
    }

    @Test
    void aPageWithALayoutAUiModuleAndTranslations(TestClient client) {
        String body = pageIn(client, "/home", "es-AR,en;q=0.5");
        assertContainsAll(
                body,
                "<html lang=\"es\">",
                "<title>Inicio</title>",
                "<h1>Inicio</h1>",
                "<div class=\"entry\">first &lt;one&gt;</div>",
                "<p>3 entradas</p>");
        assertFalse(body.contains("<aside>"), body);
    }

    @Test
    void englishIsTheDefaultLocale(TestClient client) {
        String body = client.fetch("/home").bodyText();
        assertContainsAll(body, "<title>Home</title>", "<p>3 entries</p>");
    }

    @Test
    void uiModuleResourcesGoOnceBeforeHeadAndBodyEnd(TestClient client) {
        String body = client.fetch("/home").bodyText();
        String head = body.substring(0, body.indexOf("</head>"));
        assertTrue(
                head.endsWith(
                        "<link href=\"https://cdn.example.com/entry.css\" type=\"text/css\" rel=\"stylesheet\"/>\n"
                                + "<style type=\"text/css\">\n.entry { color: red }\n</style>\n"
                                + "<meta name=\"entries\" content=\"yes\">\n"),
                head);
        String end = body.substring(body.indexOf("</main>"), body.indexOf("</body>"));
        assertTrue(end.contains("<script src=\"/static/entry.js?v="), end);
        assertTrue(
                end.endsWith("\" type=\"text/javascript\"></script>"
                        + "<script src=\"/shared/common.js\" type=\"text/javascript\"></script>\n"
                        + "<script type=\"text/javascript\">\n//<![CDATA[\ninitEntries();\n//]]>\n</script>\n"
                        + "<div id=\"entry-footer\"></div>\n"),
                end);
        assertEquals(
                1, body.split("entry.js", -1).length - 1, "the module was used three times, its file is linked once");
    }

    @Test
    void everyHandlerStyleRendersTheSamePage(TestClient client) {
        // The XSRF token is masked afresh for every response: compare the pages without it.
        String plain = withoutToken(client.fetch("/home").bodyText());
        assertTrue(plain.contains("<input type=\"hidden\" name=\"_xsrf\""), plain);
        assertEquals(plain, withoutToken(client.fetch("/async").bodyText()));
        assertEquals(plain, withoutToken(client.fetch("/coroutine").bodyText()));
    }

    static String withoutToken(String page) {
        return page.replaceAll("name=\"_xsrf\" value=\"[^\"]*\"", "name=\"_xsrf\"");
    }

    @Test
    void renderStringReturnsTheText(TestClient client) {
        assertEquals("[Hello &lt;Ann&gt;]", client.fetch("/string").bodyText());
    }

    @Test
    void theContentTypeComesFromTheTemplateName(TestClient client) {
        HttpResponse r = client.fetch("/note");
        assertEquals("text/plain; charset=UTF-8", r.header("Content-Type"));
        assertEquals("Hello Ann", r.bodyText().strip());
    }

    @Test
    void everyNamespaceHelper(TestClient client) {
        String body = pageIn(client, "/helpers", "es");
        assertContainsAll(
                body,
                "user=ann\n",
                "method=GET\n",
                "story=/story/42\n",
                "static=/static/app.css?v=",
                "xsrf=<input type=\"hidden\" name=\"_xsrf\" value=\"2|",
                "locale=es Español\n",
                "translate=Cerrar sesión\n",
                "pgettext=Post\n",
                "url=a+b%26c\n",
                "json={\"a\":\"<\\/script>\"}\n");
        assertTrue(
                body.contains("linkify=see <a href=\"http://www.example.com\">www.example.com</a> &amp; &lt;b&gt;\n"),
                body);
        assertContainsAll(body, "squeeze=[a b]\n", "unescape=&lt;b&gt;\n", "date=hace 3 minutos\n");
    }

    @Test
    void aFailingTemplateIsA500NamingTemplateAndLineNeverHalfAPage(TestClient client) {
        try (ExpectLog log = ExpectLog.expect("dev.squall.application", JteRenderingTest::namesBrokenLine3)) {
            HttpResponse r = client.fetch("/broken");
            assertEquals(500, r.code());
            assertFalse(r.bodyText().contains("before"), r.bodyText());
            assertFalse(r.bodyText().contains("not this"), r.bodyText());
            assertFalse(r.bodyText().contains("broken.jte"), "no details outside debug mode: " + r.bodyText());
            assertEquals(1, log.records().size());
        }
    }

    static boolean namesBrokenLine3(java.util.logging.LogRecord record) {
        return record.getThrown() instanceof TemplateException e
                && e.getMessage().contains("broken.jte:3")
                && e.getMessage().contains("ArithmeticException");
    }

    @Test
    void theExceptionCarriesTemplateAndLine() {
        TemplateException e = org.junit.jupiter.api.Assertions.assertThrows(
                TemplateException.class, () -> ENGINE.renderString("broken.jte", Map.of("zero", 0), null));
        assertEquals("broken.jte", e.template());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("ArithmeticException"), e.getMessage());
    }
}
