package dev.squall.kotlin

import dev.squall.loop.AsyncTimeoutException
import dev.squall.loop.IOLoop
import dev.squall.loop.ManualClock
import dev.squall.loop.Timeout
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch

/**
 * Starts a coroutine on this loop, as `CoroutineScope(loop.dispatcher + context).launch(start, block)`.
 * Called on the loop, the coroutine starts at once and runs until its first suspension before this
 * returns (see [LoopDispatcher]); from another thread it is queued on the loop.
 *
 * The coroutine has no parent unless [context] gives one: pass a [Job] (for example a scope's) to tie
 * its lifetime to something that cancels it. A failure that nothing handles goes to the
 * `CoroutineExceptionHandler` in [context], else to the thread's uncaught-exception handler.
 *
 * @param context added to the loop's dispatcher
 * @param start how to start, [CoroutineStart.DEFAULT] by default
 * @param block the coroutine body, run on the loop
 * @return the coroutine's job
 */
public fun IOLoop.launch(
    context: CoroutineContext = EmptyCoroutineContext,
    start: CoroutineStart = CoroutineStart.DEFAULT,
    block: suspend CoroutineScope.() -> Unit,
): Job = CoroutineScope(dispatcher + context).launch(start = start, block = block)

/**
 * Starts a coroutine on this loop and returns its result as a [CompletableFuture] — the bridge from
 * Kotlin suspend code to Java code, chained handlers and everything that takes a `CompletionStage`.
 * The future completes on this loop (the coroutine's last step runs there); cancelling the future
 * cancels the coroutine.
 *
 * @param context added to the loop's dispatcher; the coroutine has no parent unless it gives a [Job]
 * @param block the coroutine body, run on the loop
 * @return a future completed on the loop with [block]'s value or failure
 */
public fun <T> IOLoop.future(
    context: CoroutineContext = EmptyCoroutineContext,
    block: suspend CoroutineScope.() -> T,
): CompletableFuture<T> = CoroutineScope(dispatcher + context).future(block = block)

/**
 * Runs [block] as a coroutine on this loop and blocks the calling thread until it completes, as
 * Tornado's `IOLoop.run_sync` with a coroutine. For mains, scripts and tests; never on a loop thread.
 *
 * ```kotlin
 * val page = loop.runSync(10.seconds) { client.fetch(url).await().bodyText() }
 * ```
 *
 * @param timeout the longest wait; when it passes the coroutine is cancelled
 * @param block the coroutine body, run on the loop
 * @return [block]'s value
 * @throws AsyncTimeoutException if [block] did not complete within [timeout]
 * @throws IllegalStateException if called on a loop thread, where blocking would deadlock
 * @throws Throwable [block]'s failure (unchecked ones as they are, checked ones wrapped in a
 *   `CompletionException`)
 */
public fun <T> IOLoop.runSync(timeout: Duration, block: suspend CoroutineScope.() -> T): T {
    check(IOLoop.currentOrNull() == null) {
        "runSync() was called on loop thread '" + Thread.currentThread().name + "' and would block it; " +
            "call the suspend function directly from a coroutine, or start one with loop.launch { }"
    }
    val result = future(block = block)
    try {
        return result.get(timeout.inWholeNanoseconds, TimeUnit.NANOSECONDS)
    } catch (e: TimeoutException) {
        result.cancel(false)
        throw AsyncTimeoutException("runSync: the coroutine did not complete within $timeout and was cancelled")
    } catch (e: InterruptedException) {
        result.cancel(false)
        Thread.currentThread().interrupt()
        throw CompletionException("interrupted while waiting in runSync; the coroutine was cancelled", e)
    } catch (e: ExecutionException) {
        val cause = e.cause ?: e
        throw if (cause is RuntimeException || cause is Error) cause else CompletionException(cause)
    }
}

/**
 * Runs [task] on the loop after [delay] of the loop's clock; [IOLoop.callLater] with a Kotlin duration.
 *
 * @param delay how long to wait
 * @param task the callback, run on the loop
 * @return a handle that cancels the timer
 */
public fun IOLoop.callLater(delay: Duration, task: Runnable): Timeout = callLater(delay.toJavaDuration(), task)

/**
 * Moves this virtual clock forward by a Kotlin duration, waking its loops: `clock.advance(1.hours)`.
 *
 * @param duration how far to move; must not be negative
 * @throws IllegalArgumentException if [duration] is negative
 */
public fun ManualClock.advance(duration: Duration) {
    require(!duration.isNegative()) { "cannot move a clock backwards: $duration" }
    advance(duration.toJavaDuration())
}
