package dev.squall.kotlin

import dev.squall.internal.loop.LoopInternals
import dev.squall.loop.IOLoop
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class BlockingTest {
    private val loop: IOLoop = IOLoop.builder().name("kt-blocking").daemon(true).build()

    @AfterEach fun closeLoop() = loop.close()

    @Test fun blockingRunsOnAVirtualThreadOffTheLoop() {
        val inside = loop.runSync(WAIT) {
            blocking { Triple(Thread.currentThread(), Thread.currentThread().isVirtual, IOLoop.currentOrNull()) }
        }
        assertNotSame(LoopInternals.thread(loop), inside.first)
        assertTrue(inside.second, "runs on a virtual thread")
        assertNull(inside.third, "blocking code is not on a loop")
    }

    @Test fun theCoroutineContinuesOnTheLoopWithTheBlocksResult() {
        val after = loop.runSync(WAIT) {
            val answer = blocking { 6 * 7 }
            answer to Thread.currentThread()
        }
        assertEquals(42 to LoopInternals.thread(loop), after)
    }

    @Test fun blockingDoesNotHoldTheLoop() {
        val started = CountDownLatch(1)
        val release = CountDownLatch(1)
        val result = loop.future {
            blocking {
                started.countDown()
                release.await() // a "JDBC call" that waits until the test lets it go
                "row"
            }
        }
        assertTrue(started.await(5, TimeUnit.SECONDS))
        // The blocking call still runs, yet the loop serves other work.
        assertEquals("loop is free", loop.runSync(WAIT) { "loop is free" })
        assertTrue(!result.isDone, "the blocking call is still running")
        release.countDown()
        assertEquals("row", result.get(5, TimeUnit.SECONDS))
    }

    @Test fun aFailureInTheBlockIsThrownToTheCoroutine() {
        val thrown = assertThrows<IllegalStateException> {
            loop.runSync(WAIT) { blocking { throw IllegalStateException("connection refused") } }
        }
        assertEquals("connection refused", thrown.message)
    }

    @Test fun cancellationLetsTheBlockFinishAndThenThrows() {
        val started = CountDownLatch(1)
        val release = CountDownLatch(1)
        val blockFinished = CompletableFuture<Boolean>()
        val outcome = CompletableFuture<Throwable>()
        val job = loop.launch {
            try {
                blocking {
                    started.countDown()
                    release.await()
                    blockFinished.complete(!Thread.currentThread().isInterrupted)
                }
            } catch (e: CancellationException) {
                outcome.complete(e)
            }
        }
        assertTrue(started.await(5, TimeUnit.SECONDS))
        job.cancel()
        release.countDown()
        assertTrue(blockFinished.get(5, TimeUnit.SECONDS), "the block ran to its end, not interrupted")
        assertInstanceOf(CancellationException::class.java, outcome.get(5, TimeUnit.SECONDS))
    }

    @Test fun blockingWorksOutsideALoopToo() {
        val caller = Thread.currentThread()
        val ran = kotlinx.coroutines.runBlocking { blocking { Thread.currentThread() } }
        assertNotSame(caller, ran)
        assertTrue(ran.isVirtual)
    }

    private companion object {
        val WAIT = 5.seconds
    }
}
