package dev.squall.testing

import dev.squall.http.HttpHandler
import dev.squall.loop.IOLoop
import dev.squall.testing.SquallExtensionTest.onlyFailure
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Kotlin `suspend fun` [AsyncTest]s: coroutines on the test loop's dispatcher. */
@SquallTest
class SuspendTestTest {
    companion object {
        @JvmStatic fun app(): HttpHandler = HttpHandler { request, response -> TestClientTest.handle(request, response) }
    }

    @AsyncTest suspend fun aSuspendBodyRunsOnTheLoop(loop: IOLoop, client: TestClient) {
        assertSame(loop, IOLoop.current())
        delay(5)
        assertSame(loop, IOLoop.current())
        assertEquals("Hello, world", client.fetchAsync("/").await().bodyText())
        assertSame(loop, IOLoop.current())
    }

    @Test fun aSuspendBodyThatThrowsFailsTheTest() {
        val failure = onlyFailure(Samples.run(SuspendFails::class.java))
        assertEquals("expected: <200> but was: <404>", failure.message)
    }

    @Test fun aSuspendBodyThatNeverEndsTimesOutAndIsCancelled() {
        val failure = onlyFailure(Samples.run(SuspendsForever::class.java))
        assertTrue(failure.message!!.startsWith("waitsForever() did not finish within 300 ms"), failure.message)
        assertTrue(SuspendsForever.cancelled.get(5, TimeUnit.SECONDS) is CancellationException)
    }

    @Test fun delaysFollowVirtualTimeWhenTheTestAdvancesIt() {
        Samples.run(DelaysInVirtualTime::class.java).testEvents().assertStatistics { it.succeeded(1).failed(0) }
    }

    @Samples.Sample @SquallTest
    class SuspendFails {
        companion object {
            @JvmStatic fun app(): HttpHandler = HttpHandler { request, response -> TestClientTest.handle(request, response) }
        }

        @AsyncTest suspend fun missingPage(client: TestClient) {
            assertEquals(200, client.fetchAsync("/missing").await().code())
        }
    }

    @Samples.Sample @SquallTest @SquallTimeout(value = 300, unit = TimeUnit.MILLISECONDS)
    class SuspendsForever {
        companion object {
            val cancelled = java.util.concurrent.CompletableFuture<Throwable>()
        }

        @AsyncTest suspend fun waitsForever() {
            try {
                delay(Long.MAX_VALUE)
            } catch (e: CancellationException) {
                cancelled.complete(e)
                throw e
            }
        }
    }

    @Samples.Sample @SquallTest(virtualTime = true)
    class DelaysInVirtualTime {
        // An hour of delay in virtual time: the loop's clock is advanced from another thread, as a test would
        // from its own thread; a delay on kotlinx's default executor would take the full hour.
        @AsyncTest suspend fun anHourPassesAtOnce(loop: IOLoop, time: VirtualTime) {
            Thread.ofPlatform().start { time.advance(java.time.Duration.ofHours(1)) }
            val start = loop.nanoTime()
            delay(3_600_000)
            assertTrue(loop.nanoTime() - start >= TimeUnit.HOURS.toNanos(1))
        }
    }
}
