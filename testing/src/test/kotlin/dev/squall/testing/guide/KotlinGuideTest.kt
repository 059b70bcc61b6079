package dev.squall.testing.guide

import dev.squall.kotlin.future
import dev.squall.testing.AsyncTest
import dev.squall.testing.SquallTest
import dev.squall.testing.TestClient
import dev.squall.testing.TestLoop
import dev.squall.testing.VirtualTime
import dev.squall.web.Application
import java.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

// guide: kotlin
@SquallTest
class KotlinGuideTest {
    companion object {
        @JvmStatic fun app(): Application = Hello.app()
    }

    @Test fun saysHello(client: TestClient) {
        val r = client.fetch("/")
        assertEquals(200, r.code())
        assertEquals("Hello, world", r.bodyText())
    }

    @Test fun suspendCodeRunsOnTheLoopInVirtualTime(loop: TestLoop, time: VirtualTime) {
        val reminder = loop.call { loop.loop().future { delay(1.hours); "stand up" } }
        time.advance(Duration.ofHours(1))
        assertEquals("stand up", loop.join(reminder))
    }

    @AsyncTest suspend fun aSuspendTestRunsOnTheLoop(client: TestClient) {
        delay(5)
        assertEquals("Hello, world", client.fetchAsync("/").await().bodyText())
    }
}
