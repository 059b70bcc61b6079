package dev.squall.kotlin

import dev.squall.loop.IOLoop
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonDisposableHandle
import dev.squall.loop.Timeout
import java.time.Duration

/**
 * The [CoroutineDispatcher] of this loop: coroutines dispatched here run on the loop's thread, one piece
 * at a time between suspensions, exactly like the loop's own callbacks — so they may touch loop-confined
 * state (handlers, responses, anything owned by the loop) without locks. It is also the coroutine's
 * [Delay], so `delay` and `withTimeout` use the loop's timers and therefore the loop's clock (a
 * [dev.squall.loop.ManualClock] drives them in virtual time).
 *
 * ```kotlin
 * val loop = IOLoop.create()
 * loop.launch {                                    // or: CoroutineScope(loop.dispatcher).launch { }
 *     val rows = blocking { jdbc.query("select 1") } // off the loop, on a virtual thread
 *     delay(100.milliseconds)                        // a loop timer
 *     println("back on ${Thread.currentThread().name}")
 * }
 * ```
 *
 * Safe from any thread. There is one dispatcher per loop (equal instances for the same loop).
 */
public val IOLoop.dispatcher: LoopDispatcher
    get() = LoopDispatcher.of(this)

/**
 * Returns this loop's [CoroutineDispatcher]; the same object as [dispatcher], named as kotlinx.coroutines
 * names the conversion for executors. Safe from any thread.
 *
 * @return the loop's dispatcher
 */
public fun IOLoop.asCoroutineDispatcher(): LoopDispatcher = LoopDispatcher.of(this)

/**
 * A [CoroutineDispatcher] and [Delay] backed by one [IOLoop]. Get it with [IOLoop.dispatcher].
 *
 * ## Running immediately when already on the loop
 * [isDispatchNeeded] is false on the loop's thread (and in a Java coroutine holding the loop): a
 * coroutine resumed by loop code — a future completed by a loop callback, a channel send from another
 * loop coroutine — continues right there instead of being queued as a new loop task. Ktor's Netty
 * dispatcher and Vert.x's context dispatcher make the same choice. Measured with
 * `LoopDispatchMeasurement` (test sources; 200 000 operations per round, best of 5 rounds after 3
 * warm-up rounds, JDK 25, a 2-core machine shared with other builds at load ~11, so read the ratios,
 * not the absolute values), in ns per operation:
 *
 * | scenario | run immediately (this) | always dispatch | kotlinx `Executor` dispatcher on `loop.execute` |
 * |---|---|---|---|
 * | `await()` a future completed by a loop task | 304 | 491 | 313 |
 * | ping-pong over a rendezvous `Channel` | 429 | 943 | 682 |
 * | `launch { }` + `join()` from loop code | 249 | 1013 | 829 |
 *
 * Always dispatching costs a queue round trip per resumption: up to 4× on coroutine-to-coroutine hand-offs,
 * little where the loop task that completes the future is the bulk of the work.
 *
 * Stack depth stays bounded: when the dispatcher says no dispatch is needed, kotlinx.coroutines resumes
 * through its thread-local *unconfined event loop*, which queues a resumption made while another one is
 * already running on the same thread instead of nesting it (the trampoline `Dispatchers.Unconfined`
 * uses). A chain of 20 000 coroutines each resuming the next runs iteratively, not recursively
 * (`LoopDispatcherTest.longResumptionChainsDoNotGrowTheStack`), so no depth guard of our own is needed.
 * What the choice changes is order, never the thread: loop code that completes a future runs the
 * awaiting coroutine's next step before its own next statement (`loopCodeCompletingAFuture...` in the
 * tests), as a plain callback registered on that future would. [kotlinx.coroutines.yield] still gives
 * the loop back: it always queues the coroutine behind the loop work queued before it.
 *
 * Coroutines dispatched from other threads are queued in this dispatcher's own queue, drained by a loop
 * task at most [MAX_TASKS_PER_DRAIN] at a time so that I/O is not starved; they run in the order they
 * were dispatched.
 *
 * ## When the loop closes
 * A closed loop runs no more code, so a coroutine bound to it can never continue there. Rather than
 * leaving it suspended forever, the dispatcher **cancels the coroutine's [Job] with a
 * [LoopClosedCancellationException]** and lets it finish its cancellation (its `finally` blocks, its parent's
 * bookkeeping) on a fallback dispatcher, `Dispatchers.IO.limitedParallelism(1)`: serial, so that no two
 * pieces of formerly loop-confined code ever run at once. This covers coroutines dispatched after the
 * loop closed, those dispatched while it was stopping (the loop drops its queued tasks), and those
 * waiting in `delay` on the loop's timers (the loop drops its timers): all are cancelled when the loop's
 * thread ends. On a closed loop `delay` throws [LoopClosedCancellationException] at once and `withTimeout` times out
 * at once. A coroutine without a [Job] (or inside `NonCancellable`) cannot be cancelled this way; it goes
 * on running on the fallback.
 */
@OptIn(InternalCoroutinesApi::class)
public class LoopDispatcher private constructor(
    /** The loop this dispatcher runs coroutines on. */
    public val loop: IOLoop,
) : CoroutineDispatcher(), Delay {
    private val queue = ConcurrentLinkedQueue<Task>()
    private val drainScheduled = AtomicBoolean()
    private val drainer = Runnable { drain() }

    /** Timers scheduled on the loop and not yet fired or cancelled; settled when the loop ends. */
    private val pendingTimers: MutableSet<LoopTimer> = ConcurrentHashMap.newKeySet()

    /** Set (once) by the termination watcher after the loop's thread has ended. */
    @Volatile private var terminated = false

    /**
     * Returns whether [block] must be queued on the loop: false when the caller already runs on the loop
     * (it then runs immediately, see the class documentation), true on any other thread.
     *
     * @param context the coroutine's context (unused)
     * @return true off the loop
     */
    override fun isDispatchNeeded(context: CoroutineContext): Boolean = !loop.inEventLoop()

    /**
     * Queues [block] to run on the loop. If the loop is closed (or closes before [block] runs), cancels
     * the coroutine's job with a [LoopClosedCancellationException] and runs [block] on the serial fallback instead.
     * Safe from any thread; never throws.
     *
     * @param context the coroutine's context
     * @param block the coroutine step to run
     */
    override fun dispatch(context: CoroutineContext, block: Runnable) {
        if (terminated) {
            runOnClosedLoop(context, block)
            return
        }
        queue.add(Task(context, block))
        if (drainScheduled.compareAndSet(false, true)) {
            // A closed loop: the termination watcher hands the queue to the fallback.
            loop.tryExecute(drainer)
        }
        // The watcher sets `terminated` before it drains, so a task added after its drain is seen here.
        if (terminated) {
            drainToFallback()
        }
    }

    /**
     * Resumes [continuation] after [timeMillis] milliseconds of the loop's clock, with a loop timer. Safe
     * from any thread. On a closed loop the continuation is cancelled with a [LoopClosedCancellationException].
     */
    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val timer = DelayedResume(continuation)
        if (schedule(timer, timeMillis)) {
            continuation.invokeOnCancellation { timer.cancel() }
        }
    }

    /**
     * Runs [block] after [timeMillis] milliseconds of the loop's clock (used by `withTimeout`), on the
     * loop. On a closed loop no timer can fire, so [block] runs at once, on the fallback.
     *
     * @return a handle that cancels the timer
     */
    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val timer = TimeoutTimer(block, context)
        return if (schedule(timer, timeMillis)) timer else NonDisposableHandle
    }

    /** Returns true if [timer] now waits on the loop; false if the loop was closed and it was settled. */
    private fun schedule(timer: LoopTimer, timeMillis: Long): Boolean {
        if (terminated) {
            timer.onLoopClosed()
            return false
        }
        pendingTimers.add(timer)
        // The deadline is taken now and the timer set on the loop (at once when called there); a timer cancelled
        // before the loop got to it is not set at all.
        val deadline = loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeMillis.coerceIn(0, MAX_DELAY_MILLIS))
        val scheduled = loop.runOnLoop {
            if (pendingTimers.contains(timer)) {
                timer.timeout = loop.callAt(deadline, timer)
            }
        }
        if (!scheduled) { // a closed loop: settle the timer here, unless the termination watcher did
            if (pendingTimers.remove(timer)) {
                timer.onLoopClosed()
            }
            return false
        }
        if (terminated && pendingTimers.remove(timer)) {
            timer.onLoopClosed()
            return false
        }
        return true
    }

    private fun drain() {
        // Cleared before polling: a dispatch racing with this drain schedules another one.
        drainScheduled.set(false)
        // Only steps queued before this drain began run in it: a coroutine that yields (or is resumed
        // again) while the drain runs goes behind the loop work queued meanwhile, in the next drain.
        val end = Task(EmptyCoroutineContext, null)
        queue.add(end)
        try {
            var ran = 0
            while (ran < MAX_TASKS_PER_DRAIN) {
                val task = queue.poll() ?: return
                if (task === end) {
                    return
                }
                val block = task.block ?: continue // the end marker of a drain that stopped at its budget
                ran++
                block.run()
            }
        } finally {
            if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                loop.tryExecute(drainer) // a closed loop: settled by the termination watcher
            }
        }
    }

    private fun drainToFallback() {
        while (true) {
            val task = queue.poll() ?: return
            val block = task.block ?: continue
            runOnClosedLoop(task.context, block)
        }
    }

    private fun runOnClosedLoop(context: CoroutineContext, block: Runnable) {
        context[Job]?.cancel(LoopClosedCancellationException(loop))
        CLOSED_LOOP_FALLBACK.dispatch(context, block)
    }

    private fun onLoopTerminated() {
        terminated = true
        DISPATCHERS.remove(loop, this)
        drainToFallback()
        for (timer in pendingTimers) {
            if (pendingTimers.remove(timer)) {
                timer.onLoopClosed()
            }
        }
    }

    private fun watchTermination() {
        if (loop.isClosed) {
            onLoopTerminated()
            return
        }
        // A parked virtual thread costs a few hundred bytes; it ends with the loop.
        Thread.ofVirtual().name("squall-dispatcher-watch-" + loop.name()).start {
            while (true) {
                try {
                    if (loop.awaitTermination(WATCH_INTERVAL)) {
                        break
                    }
                } catch (interrupted: InterruptedException) {
                    // nobody interrupts this thread on purpose; keep watching
                }
            }
            onLoopTerminated()
        }
    }

    /** Equal to any dispatcher of the same loop, so `withContext(loop.dispatcher)` never switches needlessly. */
    override fun equals(other: Any?): Boolean = other is LoopDispatcher && other.loop === loop

    override fun hashCode(): Int = System.identityHashCode(loop)

    override fun toString(): String = "LoopDispatcher[" + loop.name() + "]"

    /** A dispatched coroutine step; with a null block, the end marker of a drain. */
    private class Task(val context: CoroutineContext, val block: Runnable?)

    /** A timer on the loop that must be settled if the loop ends before it fires. */
    private abstract inner class LoopTimer : Runnable {
        @Volatile var timeout: Timeout? = null

        /** Fired by the loop. */
        final override fun run() {
            if (pendingTimers.remove(this)) {
                fire()
            }
        }

        fun cancel() {
            if (pendingTimers.remove(this)) {
                timeout?.cancel()
            }
        }

        abstract fun fire()

        abstract fun onLoopClosed()
    }

    private inner class DelayedResume(private val continuation: CancellableContinuation<Unit>) : LoopTimer() {
        override fun fire() {
            // On the loop thread: isDispatchNeeded is false, so this resumes the coroutine right here.
            continuation.resume(Unit)
        }

        override fun onLoopClosed() {
            val cause = LoopClosedCancellationException(loop)
            continuation.context[Job]?.cancel(cause)
            continuation.cancel(cause)
        }
    }

    private inner class TimeoutTimer(private val block: Runnable, private val context: CoroutineContext) :
        LoopTimer(), DisposableHandle {
        override fun fire() = block.run()

        override fun onLoopClosed() = CLOSED_LOOP_FALLBACK.dispatch(context, block)

        override fun dispose() = cancel()
    }

    public companion object {
        /** Most coroutine steps one loop task runs before it lets the loop poll I/O again. */
        public const val MAX_TASKS_PER_DRAIN: Int = 1024

        /** Delays are capped at about 73 years so that deadlines on the loop's nanosecond clock cannot overflow. */
        private const val MAX_DELAY_MILLIS: Long = Long.MAX_VALUE / 4 / 1_000_000

        private val WATCH_INTERVAL = Duration.ofDays(1)

        private val DISPATCHERS = ConcurrentHashMap<IOLoop, LoopDispatcher>()

        /** Where coroutines of a closed loop finish their cancellation: serial, like the loop was. */
        private val CLOSED_LOOP_FALLBACK: CoroutineDispatcher =
            Dispatchers.IO.limitedParallelism(1, "squall-closed-loop")

        internal fun of(loop: IOLoop): LoopDispatcher {
            DISPATCHERS[loop]?.let { return it }
            if (loop.isClosed) {
                return LoopDispatcher(loop).also { it.onLoopTerminated() }
            }
            var created: LoopDispatcher? = null
            val dispatcher = DISPATCHERS.computeIfAbsent(loop) { LoopDispatcher(it).also { d -> created = d } }
            created?.watchTermination()
            return dispatcher
        }
    }
}
