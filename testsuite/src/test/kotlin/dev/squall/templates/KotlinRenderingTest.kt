package dev.squall.templates

import dev.squall.kotlin.SuspendRequestHandler
import dev.squall.locale.Locale
import dev.squall.locale.Locales
import dev.squall.locale.Translations
import dev.squall.templates.jte.JteTemplates
import dev.squall.testing.SquallTest
import dev.squall.testing.SquallTimeout
import dev.squall.testing.TestApp
import dev.squall.testing.TestClient
import dev.squall.web.Application
import dev.squall.web.UIModule
import java.nio.file.Path
import kotlinx.coroutines.delay
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Kotlin handlers (suspend functions) render Java and Kotlin templates, with a UI module and translations. */
@SquallTest
@SquallTimeout(180) // compiling a .kte template starts the Kotlin compiler: slow on a loaded machine
class KotlinRenderingTest {
    class Badge : UIModule() {
        override fun render(vararg args: Any?): String = "<span class=\"badge\">${page().xhtmlEscape(args[0].toString())}</span>"
        override fun embeddedCss(): String = ".badge { font-weight: bold }"
    }

    class Page(private val template: String) : SuspendRequestHandler() {
        override suspend fun get() {
            delay(1) // suspends, so the render happens after a resumption on the loop
            render(template, mapOf("name" to "<Kotlin>"))
        }
    }

    class SpanishUser : SuspendRequestHandler() {
        override fun getUserLocale(): Locale? = application().locales().get("es")

        override suspend fun get() {
            write(renderString("page.jte", mapOf("name" to "x")))
        }
    }

    @TestApp private val app: Application = Application.builder()
        .templates(ENGINE)
        .locales(Locales.builder().add("es", Translations.csv("\"Home\",\"Inicio\"\n".toByteArray(), "es.csv")).build())
        .uiModule("Badge", ::Badge)
        .route("/jte", { Page("page.jte") })
        .route("/kte", { Page("kpage.kte") })
        .route("/user-locale", ::SpanishUser)
        .debug(true) // templates compiled on demand: only the one a test renders
        .logFunction { }
        .build()

    private fun checkPage(body: String) {
        assertTrue(body.contains("<p>&lt;Kotlin&gt;</p><span class=\"badge\">&lt;Kotlin&gt;</span>"), body)
        assertTrue(body.contains("<style type=\"text/css\">\n.badge { font-weight: bold }\n</style>\n</head>"), body)
    }

    @Test fun aSuspendHandlerRendersAJavaTemplate(client: TestClient) {
        val r = client.fetch(client.request("/jte").header("Accept-Language", "es").build())
        assertEquals(200, r.code())
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"))
        assertTrue(r.bodyText().contains("<title>Inicio</title>"), r.bodyText())
        checkPage(r.bodyText())
    }

    @Test fun aSuspendHandlerRendersAKotlinTemplate(client: TestClient) {
        val r = client.fetch("/kte")
        assertEquals(200, r.code(), r.bodyText())
        assertTrue(r.bodyText().contains("<title>Home</title>"), r.bodyText())
        checkPage(r.bodyText())
    }

    @Test fun getUserLocaleWinsOverTheBrowser(client: TestClient) {
        val r = client.fetch(client.request("/user-locale").header("Accept-Language", "en").build())
        assertTrue(r.bodyText().contains("<title>Inicio</title>"), r.bodyText())
    }

    companion object {
        val ENGINE: JteTemplates = JteTemplates.fromDirectory(Path.of("src/test/jte"))
    }
}
