package dev.squall.kotlin

import dev.squall.testing.SquallTest
import dev.squall.testing.TestApp
import dev.squall.testing.TestClient
import dev.squall.web.Application
import dev.squall.web.Authenticated
import dev.squall.web.CookieOptions
import dev.squall.web.HttpMethod
import kotlinx.coroutines.delay
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Cookies, signed cookies, the current user, @Authenticated and XSRF from Kotlin's suspend handlers. */
@SquallTest(cookies = true)
class SuspendSecurityTest {
    /** The user is looked up in a suspending prepare(), as Tornado's async prepare sets current_user. */
    open class SiteHandler : SuspendRequestHandler() {
        override suspend fun prepare() {
            val name = getSignedCookie("user")
            delay(1) // a database lookup
            setCurrentUser(name)
        }
    }

    class Login : SiteHandler() {
        override suspend fun get() {
            write(xsrfFormHtml())
        }

        override suspend fun post() {
            setSignedCookie("user", getArgument("name"), CookieOptions.builder().httpOnly(true).build())
            redirect(nextUrl("/"))
        }
    }

    class Home : SiteHandler() {
        @Authenticated
        override suspend fun get() {
            write("hello ${currentUser()}")
        }
    }

    /** The programmatic form of @Authenticated. */
    class Account : SiteHandler() {
        override fun requiresAuthentication(method: HttpMethod) = true

        override suspend fun get() {
            write("account of ${currentUser()}")
        }
    }

    @TestApp private val app: Application = Application.builder()
        .cookieSecret("kotlin test secret")
        .loginUrl("/login")
        .xsrfCookies(true)
        .route("/login", ::Login)
        .route("/", ::Home)
        .route("/account", ::Account)
        .logFunction { }
        .build()

    @Test
    fun aVisitorIsRedirectedThenSignsInAndStaysSignedIn(client: TestClient) {
        assertEquals("/login?next=%2F", client.fetch("/").header("Location"))
        assertEquals("/login?next=%2Faccount", client.fetch("/account").header("Location"))

        val form = client.fetch("/login").bodyText()
        val token = form.substringAfter("value=\"").substringBefore('"')
        val login = client.fetch(
            client.request("/login?next=/account").method("POST").form(mapOf("_xsrf" to token, "name" to "kay")).build(),
        )
        assertEquals(302, login.code())
        assertEquals("/account", login.header("Location"))
        assertTrue(login.headers().getAll("Set-Cookie").any { it.startsWith("user=") && it.contains("HttpOnly") })

        assertEquals("hello kay", client.fetch("/").bodyText())
        assertEquals("account of kay", client.fetch("/account").bodyText())
    }

    @Test
    fun aPostWithoutTheTokenIsRefused(client: TestClient) {
        val r = client.fetch(client.request("/login").method("POST").form(mapOf("name" to "kay")).build())
        assertEquals(403, r.code())
        assertEquals("XSRF token missing", r.reason())
    }
}
