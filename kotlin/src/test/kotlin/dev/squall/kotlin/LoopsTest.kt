package dev.squall.kotlin

import dev.squall.loop.AsyncTimeoutException
import dev.squall.loop.IOLoop
import dev.squall.loop.ManualClock
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class LoopsTest {
    private val clock = ManualClock()
    private val loop: IOLoop = IOLoop.builder().name("kt-loops").clock(clock).daemon(true).build()

    @AfterEach fun closeLoop() = loop.close()

    @Test fun futureCompletesOnTheLoop() {
        val foreign = CompletableFuture<String>()
        val result = loop.future { foreign.await().uppercase() }
        val completedOn = result.thenApply { Thread.currentThread() }
        Thread.ofVirtual().start { foreign.complete("ok") }
        // Wait on the dependent, not on `result`: a thread waiting in result.get() helps run result's dependents
        // once it wakes, and could run the thenApply itself.
        assertSame(loop.thread(), completedOn.get(5, TimeUnit.SECONDS))
        assertEquals("OK", result.getNow(null))
    }

    @Test fun cancellingTheFutureCancelsTheCoroutine() {
        val cancelled = CompletableFuture<Throwable>()
        val result = loop.future<Unit> {
            try {
                awaitCancellation()
            } catch (e: CancellationException) {
                cancelled.complete(e)
                throw e
            }
        }
        loop.runSync(WAIT) { }
        result.cancel(false)
        assertInstanceOf(CancellationException::class.java, cancelled.get(5, TimeUnit.SECONDS))
    }

    @Test fun launchWithAParentJobIsCancelledWithIt() {
        val parent = Job()
        val child = loop.launch(parent) { awaitCancellation() }
        parent.cancel()
        loop.runSync(WAIT) { child.join() }
        assertTrue(child.isCancelled)
    }

    @Test fun runSyncReturnsTheCoroutinesValue() {
        assertEquals(42, loop.runSync(WAIT) { 42 })
    }

    @Test fun runSyncThrowsTheCoroutinesFailureUnwrapped() {
        val thrown = assertThrows<IllegalArgumentException> { loop.runSync(WAIT) { throw IllegalArgumentException("bad id") } }
        assertEquals("bad id", thrown.message)
    }

    @Test fun runSyncWrapsACheckedFailure() {
        val thrown = assertThrows<CompletionException> { loop.runSync(WAIT) { throw java.io.IOException("disk") } }
        assertInstanceOf(java.io.IOException::class.java, thrown.cause)
    }

    @Test fun runSyncTimesOutAndCancelsTheCoroutine() {
        val cancelled = CompletableFuture<Throwable>()
        assertThrows<AsyncTimeoutException> {
            loop.runSync(50.milliseconds) {
                try {
                    awaitCancellation()
                } catch (e: CancellationException) {
                    cancelled.complete(e)
                    throw e
                }
            }
        }
        assertInstanceOf(CancellationException::class.java, cancelled.get(5, TimeUnit.SECONDS))
    }

    @Test fun runSyncOnTheLoopIsRefusedWithAnExplanation() {
        val thrown = loop.runSync(WAIT) { runCatching { loop.runSync(WAIT) { } }.exceptionOrNull() }
        assertInstanceOf(IllegalStateException::class.java, thrown)
        assertTrue(thrown!!.message!!.contains("would block it"), thrown.message)
    }

    @Test fun callLaterTakesAKotlinDurationOnTheLoopClock() {
        val fired = CompletableFuture<Thread>()
        loop.runSync(WAIT) { loop.callLater(2.minutes) { fired.complete(Thread.currentThread()) } }
        clock.advance(2.minutes)
        assertSame(loop.thread(), fired.get(5, TimeUnit.SECONDS))
    }

    @Test fun advancingAManualClockBackwardsIsRefused() {
        assertThrows<IllegalArgumentException> { clock.advance((-1).seconds) }
    }

    private companion object {
        val WAIT = 5.seconds
    }
}
