package dev.squall.kotlin

import dev.squall.loop.IOLoop
import kotlinx.coroutines.CancellationException

/**
 * Cancels a coroutine whose loop closed while it still had work to do there: it was dispatched to the
 * loop, or waited on one of the loop's timers, when the loop stopped. The coroutine finishes its
 * cancellation (its `finally` blocks) off the loop, on a serial fallback dispatcher; see [LoopDispatcher].
 *
 * Close a loop after the coroutines that use it are done (cancel their scope first) to never see it.
 *
 * @property loopName the name of the loop that closed
 */
public class LoopClosedException(loop: IOLoop) : CancellationException(
    "loop " + loop.name() + " is closed, so this coroutine cannot continue on it and was cancelled; " +
        "cancel the coroutines (or their scope) that run on a loop before closing the loop",
) {
    public val loopName: String = loop.name()
}
