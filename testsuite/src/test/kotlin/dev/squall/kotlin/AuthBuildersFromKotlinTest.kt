package dev.squall.kotlin

import dev.squall.auth.FacebookAuth
import dev.squall.auth.GitHubAuth
import dev.squall.auth.OAuth1Client
import dev.squall.auth.OAuth2Client
import dev.squall.auth.OidcProvider
import dev.squall.auth.TwitterAuth
import java.time.Duration
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/**
 * The auth builders' shared setters (timeout, httpClient: declared once, in a package-private base) called from
 * Kotlin outside dev.squall.auth, as a user's code does: they compile, link and return each builder's own type.
 */
class AuthBuildersFromKotlinTest {
    private val limit = Duration.ofSeconds(3)

    @Test
    fun theSharedSettersChainFromKotlin() {
        val github = GitHubAuth.builder("id", "secret").timeout(limit).httpClient(null).scopes(listOf("read:user")).build()
        assertEquals(limit, github.client().timeout())
        val oauth2 = OAuth2Client.builder("Example")
            .httpClient(null)
            .timeout(limit)
            .clientId("id")
            .authorizeUrl("https://example.com/authorize")
            .tokenUrl("https://example.com/token")
            .build()
        assertEquals(limit, oauth2.timeout())
        FacebookAuth.builder("app", "secret").timeout(limit).httpClient(null).graphVersion("v21.0").build()
        TwitterAuth.builder("key", "secret").httpClient(null).timeout(limit).apiUrl("https://api.x.com/").build()
        OAuth1Client.builder("Example").timeout(limit).httpClient(null)
        OidcProvider.builder("https://sso.example.com/").timeout(limit).httpClient(null).clientId("id").build()
    }

    @Test
    fun aZeroTimeoutIsRefusedByEveryBuilder() {
        val e = assertThrows(IllegalArgumentException::class.java) { GitHubAuth.builder("id", "secret").timeout(Duration.ZERO) }
        assertEquals("timeout must be positive, got PT0S", e.message)
        assertThrows(IllegalArgumentException::class.java) { OidcProvider.builder("https://sso.example.com").timeout(Duration.ofSeconds(-1)) }
        assertThrows(IllegalArgumentException::class.java) { OAuth1Client.builder("Example").timeout(Duration.ZERO) }
    }
}
