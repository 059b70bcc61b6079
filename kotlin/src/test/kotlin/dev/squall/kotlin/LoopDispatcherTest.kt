package dev.squall.kotlin

import dev.squall.internal.loop.LoopInternals
import dev.squall.loop.IOLoop
import dev.squall.loop.ManualClock
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class LoopDispatcherTest {
    private val uncaught = CopyOnWriteArrayList<Throwable>()
    private val clock = ManualClock()
    private val loop: IOLoop = IOLoop.builder().name("kt-loop").clock(clock).daemon(true)
        .exceptionHandler { _, t -> uncaught.add(t) }.build()

    @AfterEach fun closeLoop() {
        loop.close()
        assertEquals(emptyList<Throwable>(), uncaught)
    }

    /** Waits until everything queued on the loop so far has run. */
    private fun settle() = loop.runSync(WAIT) { }

    @Test fun coroutinesRunOnTheLoopThread() {
        val seen = loop.runSync(WAIT) { Thread.currentThread() to IOLoop.current() }
        assertSame(LoopInternals.thread(loop), seen.first)
        assertSame(loop, seen.second)
    }

    @Test fun aCoroutineResumedFromAnotherThreadContinuesOnTheLoop() {
        val foreign = CompletableFuture<String>()
        val after = loop.future { foreign.await() to Thread.currentThread() }
        settle()
        Thread.ofPlatform().start { foreign.complete("value") }
        assertEquals("value" to LoopInternals.thread(loop), after.get(5, TimeUnit.SECONDS))
    }

    @Test fun awaitingAFrameworkFutureResumesOnTheLoop() {
        val foreign = CompletableFuture<Int>()
        val result = loop.future {
            // adopt() hands out a future that completes on this loop, as every framework future does.
            val n = loop.adopt(foreign).await()
            n to Thread.currentThread()
        }
        settle()
        Thread.ofVirtual().start { foreign.complete(7) }
        val (n, thread) = result.get(5, TimeUnit.SECONDS)
        assertEquals(7, n)
        assertSame(LoopInternals.thread(loop), thread)
    }

    @Test fun loopCodeCompletingAFutureResumesTheAwaitingCoroutineImmediately() {
        val order = mutableListOf<String>()
        val future = CompletableFuture<Unit>()
        loop.launch {
            future.await()
            order += "coroutine resumed"
        }
        settle()
        loop.execute {
            future.complete(Unit)
            order += "completer continues"
        }
        settle()
        assertEquals(listOf("coroutine resumed", "completer continues"), order)
    }

    @Test fun launchOnTheLoopRunsUntilTheFirstSuspensionBeforeReturning() {
        val order = mutableListOf<String>()
        loop.runSync(WAIT) {
            loop.launch {
                order += "started"
                yield()
                order += "after yield"
            }
            order += "launch returned"
        }
        settle()
        assertEquals(listOf("started", "launch returned", "after yield"), order)
    }

    @Test fun yieldLetsOtherLoopTasksRunFirst() {
        val order = mutableListOf<String>()
        loop.runSync(WAIT) {
            loop.execute { order += "loop task" }
            yield()
            order += "after yield"
        }
        assertEquals(listOf("loop task", "after yield"), order)
    }

    @Test fun coroutinesDispatchedFromOneThreadRunInThatOrder() {
        val order = CopyOnWriteArrayList<Int>()
        val jobs = (0 until 100).map { i -> loop.launch { order += i } }
        loop.runSync(WAIT) { jobs.forEach { it.join() } }
        assertEquals((0 until 100).toList(), order)
    }

    @Test fun longResumptionChainsDoNotGrowTheStack() {
        // Nested resumption costs well over 100 bytes of stack per link: 20 000 links would overflow the
        // loop thread's stack many times over if each resumed the next recursively.
        val n = 20_000
        val links = List(n + 1) { CompletableFuture<Unit>() }
        loop.runSync(30.seconds) {
            for (i in 0 until n) {
                loop.launch {
                    links[i].await()
                    links[i + 1].complete(Unit) // resumes coroutine i + 1 on this same thread
                }
            }
        }
        loop.execute { links[0].complete(Unit) }
        links[n].get(30, TimeUnit.SECONDS)
    }

    @Test fun delayWaitsOnTheLoopClockNotTheWallClock() {
        val done = loop.future {
            delay(1.hours)
            Thread.currentThread()
        }
        settle()
        clock.advance(59.minutes)
        settle()
        assertFalse(done.isDone, "delay(1.hours) must not end after 59 virtual minutes")
        clock.advance(1.minutes)
        assertSame(LoopInternals.thread(loop), done.get(5, TimeUnit.SECONDS))
    }

    @Test fun withTimeoutTimesOutOnTheLoopClock() {
        val outcome = loop.future {
            try {
                withTimeout(30.seconds) { awaitCancellation() }
            } catch (e: TimeoutCancellationException) {
                Thread.currentThread()
            }
        }
        settle()
        assertFalse(outcome.isDone)
        clock.advance(30.seconds)
        assertSame(LoopInternals.thread(loop), outcome.get(5, TimeUnit.SECONDS))
    }

    @Test fun cancellingADelayedCoroutineEndsItWithoutAdvancingTheClock() {
        val job = loop.launch { delay(1.hours) }
        settle()
        job.cancel()
        loop.runSync(WAIT) { job.join() }
        assertTrue(job.isCancelled)
    }

    @Test fun theDispatcherIsOnePerLoopAndEqualForTheSameLoop() {
        assertSame(loop.dispatcher, loop.asCoroutineDispatcher())
        IOLoop.builder().daemon(true).build().use { other -> assertFalse(other.dispatcher == loop.dispatcher) }
    }

    @Test fun withContextOfTheSameLoopStaysOnTheLoopWithoutASuspension() {
        val order = mutableListOf<String>()
        loop.runSync(WAIT) {
            loop.launch {
                withContext(loop.dispatcher) { order += "inside withContext" }
                order += "after withContext"
            }
            order += "launch returned"
        }
        assertEquals(listOf("inside withContext", "after withContext", "launch returned"), order)
    }

    // --- when the loop closes ---

    @Test fun aCoroutineResumedAfterItsLoopClosedIsCancelledWithLoopClosedCancellationException() {
        val foreign = CompletableFuture<Unit>()
        val cancelled = CompletableFuture<Pair<Throwable, Thread>>()
        val job = loop.launch {
            try {
                foreign.await()
            } catch (e: CancellationException) {
                cancelled.complete(e to Thread.currentThread())
                throw e
            }
        }
        settle()
        loop.close()
        foreign.complete(Unit)
        val (cause, thread) = cancelled.get(5, TimeUnit.SECONDS)
        assertInstanceOf(LoopClosedCancellationException::class.java, cause)
        assertInstanceOf(dev.squall.loop.LoopClosedException::class.java, cause.cause, "the loop's one closed-loop error")
        assertNotSame(LoopInternals.thread(loop), thread, "the cancellation runs on the fallback, the loop is gone")
        assertTrue(job.isCancelled)
    }

    @Test fun aCoroutineWaitingInDelayWhenTheLoopClosesIsCancelled() {
        val cancelled = CompletableFuture<Throwable>()
        loop.launch {
            try {
                delay(1.hours)
            } catch (e: CancellationException) {
                cancelled.complete(e)
            }
        }
        settle()
        loop.close()
        assertInstanceOf(LoopClosedCancellationException::class.java, cancelled.get(5, TimeUnit.SECONDS))
    }

    @Test fun aCoroutineDispatchedWhileTheLoopStopsIsCancelledNotLost() {
        val cancelled = CompletableFuture<Throwable>()
        loop.launch {
            try {
                loop.stop()
                // More tasks than the loop runs in one iteration: the loop ends after this iteration and
                // drops the rest, including the task that would have resumed this coroutine after yield.
                repeat(100_000) { loop.execute {} }
                yield()
                cancelled.completeExceptionally(AssertionError("resumed on a stopped loop"))
            } catch (e: CancellationException) {
                cancelled.complete(e)
            }
        }
        assertInstanceOf(LoopClosedCancellationException::class.java, cancelled.get(5, TimeUnit.SECONDS))
    }

    @Test fun launchingOnAClosedLoopCancelsTheCoroutineBeforeItRuns() {
        loop.close()
        val ran = CompletableDeferred<Unit>()
        val job = loop.launch { ran.complete(Unit) }
        val cause = CompletableFuture<Throwable?>()
        job.invokeOnCompletion { cause.complete(it) }
        assertInstanceOf(LoopClosedCancellationException::class.java, cause.get(5, TimeUnit.SECONDS))
        assertFalse(ran.isCompleted)
    }

    @Test fun delayOnAClosedLoopThrowsLoopClosedCancellationException() {
        loop.close()
        val thrown = CompletableFuture<Throwable>()
        loop.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                delay(1.seconds)
            } catch (e: CancellationException) {
                thrown.complete(e)
            }
        }
        assertInstanceOf(LoopClosedCancellationException::class.java, thrown.get(5, TimeUnit.SECONDS))
    }

    @Test fun withTimeoutOnAClosedLoopTimesOutAtOnce() {
        loop.close()
        val thrown = CompletableFuture<Throwable>()
        loop.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                withTimeout(1.hours) { awaitCancellation() }
            } catch (e: CancellationException) {
                thrown.complete(e)
            }
        }
        assertInstanceOf(TimeoutCancellationException::class.java, thrown.get(5, TimeUnit.SECONDS))
    }

    private companion object {
        val WAIT = 5.seconds
    }
}
