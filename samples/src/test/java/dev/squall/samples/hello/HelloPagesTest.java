package dev.squall.samples.hello;

import static dev.squall.testing.TextAssertions.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

/** The hello sample's pages, from its precompiled templates. */
@SquallTest
class HelloPagesTest {
    Application app() {
        return HelloApp.app(false);
    }

    @Test
    void fortunesAreEscapedSortedAndInALayout(TestClient client) {
        String body = FortunesPage.assertFortunesPage(client.fetch("/fortunes"));
        assertTrue(body.startsWith("<!DOCTYPE html>\n<html lang=\"en_US\" dir=\"ltr\">"), body);
        assertContainsAll(body, "<title>Fortunes</title>");
        assertTrue(
                body.contains(
                                "<tr><td>11</td><td>&lt;script&gt;alert(&#34;This should not be displayed in a browser alert box.&#34;);&lt;/script&gt;</td></tr>")
                        || body.contains(
                                "<tr><td>11</td><td>&lt;script&gt;alert(\"This should not be displayed in a browser alert box.\");&lt;/script&gt;</td></tr>"),
                body);
    }

    @Test
    void theWelcomePageHasAModuleAndSpeaksSpanish(TestClient client) {
        HttpResponse r = client.fetch("/welcome?name=%3CAna%3E", b -> b.header("Accept-Language", "es-ES,en;q=0.5"));
        assertEquals(200, r.code());
        String body = r.bodyText();
        assertContainsAll(
                body,
                "<title>Bienvenida</title>",
                "<p class=\"greeting\">¡Hola, &lt;Ana&gt;!</p>",
                "<style type=\"text/css\">\n.greeting { font-size: 2em }\n</style>\n</head>",
                "Servidor iniciado hace ");
    }
}
