package dev.squall.kotlin

import java.util.concurrent.Executors
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.withContext

/**
 * Runs blocking code — a JDBC query, a file read, a CPU-heavy computation, a library without an async
 * API — on a fresh virtual thread, and resumes the calling coroutine with its result. The loop is not
 * held meanwhile: it keeps serving other connections, timers and coroutines. Back in a loop coroutine,
 * the code after `blocking { }` runs on the loop again (the caller's dispatcher).
 *
 * ```kotlin
 * override suspend fun get() {
 *     val user = blocking { users.byId(pathArg("id")) }   // JDBC on a virtual thread
 *     write(user.name)                                     // back on the loop
 * }
 * ```
 *
 * The block must not touch loop-confined state (the handler's response, other handlers' data): it runs
 * on another thread, concurrently with the loop.
 *
 * Cancellation does not interrupt the block: a blocking call (a JDBC statement, a pooled connection's
 * socket) that is interrupted midway often leaves its resource broken. When the coroutine is cancelled
 * while the block runs, the block finishes, its result is dropped and `blocking` throws the
 * `CancellationException`. Where interrupting is safe, use `runInterruptible(BlockingDispatcher) { }`.
 *
 * @param block the blocking work, run on a virtual thread named `squall-blocking-N`
 * @return what [block] returned
 * @throws Throwable what [block] threw (in kotlinx.coroutines debug mode, a copy of the same type and
 *   message that also shows the calling coroutine's stack)
 */
public suspend fun <T> blocking(block: () -> T): T = withContext(BlockingDispatcher) { block() }

/**
 * The dispatcher behind [blocking]: each dispatched step runs on a new virtual thread named
 * `squall-blocking-N`. Virtual threads make blocking cheap (a parked virtual thread holds no carrier
 * thread), so there is no pool to size. Use it directly for `withContext` or `runInterruptible`.
 */
public val BlockingDispatcher: CoroutineDispatcher =
    Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("squall-blocking-", 0).factory())
        .asCoroutineDispatcher()
