package dev.squall.auth

import dev.squall.kotlin.SuspendRequestHandler
import dev.squall.testing.ExpectLog
import dev.squall.testing.FakeService
import dev.squall.testing.SquallTest
import dev.squall.testing.TestClient
import dev.squall.web.Application
import dev.squall.web.CookieOptions
import dev.squall.web.RequestHandler
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * "Sign in with GitHub" from a Kotlin [SuspendRequestHandler] awaiting the auth futures, against the fakes of
 * github.com and api.github.com of auth's tests. In package dev.squall.auth to reach those (package-private) fakes.
 */
@SquallTest(cookies = true)
class SuspendGitHubLoginTest {
    private val fake = FakeGitHub()

    @FakeService(host = "github.com", https = true)
    fun fakeGitHub(): Application = fake.web()

    @FakeService(host = "api.github.com", https = true)
    fun fakeGitHubApi(): Application = fake.api()

    fun app(): Application {
        val github = GitHubAuth.builder(FakeGitHub.CLIENT_ID, FakeGitHub.CLIENT_SECRET).build()
        return Application.builder()
            .cookieSecret("a test secret that is long enough to sign cookies")
            .route("/auth/github", { GitHubLogin(github) })
            .route("/", {
                object : RequestHandler() {
                    override fun get() {
                        val user = getSignedCookie("user")
                        write(if (user == null) "anonymous" else "hello $user")
                    }
                }
            })
            .build()
    }

    /** The docs' "sign in with GitHub" handler, coroutine style. */
    class GitHubLogin(private val github: GitHubAuth) : SuspendRequestHandler() {
        override suspend fun get() {
            if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                github.authorizeRedirect(this, "/auth/github")
                return
            }
            val token = github.client().exchangeCode(this, "/auth/github").await()
            val user = github.user(token.accessToken()).await()
            setSignedCookie("user", "${user.login()} ${user.email()}", CookieOptions.builder().httpOnly(true).build())
            redirect("/")
        }
    }

    @Test
    fun signsInWithGitHubFromASuspendHandler(client: TestClient) {
        val authorize = Browser.location(client.fetch("/auth/github"))
        assertTrue(authorize.startsWith("https://github.com/login/oauth/authorize?response_type=code"), authorize)
        val callback = Browser.location(client.fetch(authorize))
        assertEquals("/", Browser.location(client.fetch(callback)))
        assertEquals("hello octocat octocat@github.com", client.fetch("/").bodyText())
        assertEquals(1, fake.oauth.tokenCalls.get())
        assertEquals(null, client.cookie("squall_auth_github"), "the state cookie is deleted on the callback")
    }

    @Test
    fun aForgedStateFailsTheAwaitWithAnAuthError(client: TestClient) {
        val callback = Browser.callbackUrl(client, "/auth/github")
        ExpectLog.expect("dev.squall.general", "state does not match").use {
            assertEquals(403, client.fetch(Browser.withParam(callback, "state", "attacker")).code())
        }
        assertEquals(0, fake.oauth.tokenCalls.get())
    }
}
