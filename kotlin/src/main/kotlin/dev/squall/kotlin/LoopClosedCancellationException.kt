package dev.squall.kotlin

import dev.squall.loop.IOLoop
import dev.squall.loop.LoopClosedException
import kotlinx.coroutines.CancellationException

/**
 * Cancels a coroutine whose loop closed while it still had work to do there: it was dispatched to the
 * loop, or waited on one of the loop's timers, when the loop stopped. The coroutine finishes its
 * cancellation (its `finally` blocks) off the loop, on a serial fallback dispatcher; see [LoopDispatcher].
 *
 * Its [cause] is the loop package's [LoopClosedException], the one error for a closed loop everywhere in
 * Squall. This wrapper exists because kotlinx.coroutines cancels a `Job` only with a
 * `CancellationException`, while the loop's exception is a `RejectedExecutionException` (what an
 * `Executor` throws): one class cannot be both.
 *
 * Close a loop after the coroutines that use it are done (cancel their scope first) to never see it.
 *
 * @property loopName the name of the loop that closed
 */
public class LoopClosedCancellationException(loop: IOLoop) : CancellationException(closedLoopMessage(loop)) {
    public val loopName: String = loop.name()

    init {
        initCause(LoopClosedException(loop, closedLoopMessage(loop)))
    }
}

private fun closedLoopMessage(loop: IOLoop): String =
    "loop " + loop.name() + " is closed, so this coroutine cannot continue on it and was cancelled; " +
        "cancel the coroutines (or their scope) that run on a loop before closing the loop"
