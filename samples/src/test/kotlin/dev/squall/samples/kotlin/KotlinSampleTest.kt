package dev.squall.samples.kotlin

import dev.squall.loop.IOLoop
import dev.squall.testing.AsyncTest
import dev.squall.testing.SquallTest
import dev.squall.testing.TestClient
import dev.squall.web.Application
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The kotlin sample served by the harness. */
@SquallTest
class KotlinSampleTest {
    companion object {
        @JvmStatic fun app(): Application = KotlinSample.app(SlowDirectory(0), 5.milliseconds)
    }

    @Test fun greetsAfterTheBlockingLookupAndTheTimerAndSaysWhereEachRan(client: TestClient, loop: IOLoop) {
        val response = client.fetch("/?name=Ada")
        assertEquals(200, response.code())
        assertEquals("application/json; charset=UTF-8", response.header("Content-Type"))
        assertEquals(
            """{"greeting":"Hello, Ada","lookedUpOnVirtualThread":true,"respondedOnLoop":"${loop.name()}","waitedMillis":5}""",
            response.bodyText(),
        )
    }

    @AsyncTest suspend fun greetsTheWorldByDefault(client: TestClient) {
        assertTrue(client.fetchAsync("/").await().bodyText().contains("\"greeting\":\"Hello, world\""))
    }
}
