/**
 * The event loop: {@link dev.squall.loop.IOLoop} (one thread, one selector, timers and a task queue),
 * {@link dev.squall.loop.LoopGroup} (one loop per core), {@link dev.squall.loop.PeriodicCallback} and the
 * {@link dev.squall.loop.Clock} that loops read time from.
 *
 * <p>Everything here is confined to a loop's thread except {@link dev.squall.loop.IOLoop#execute(Runnable)},
 * which any thread may call.
 */
@NullMarked
package dev.squall.loop;

import org.jspecify.annotations.NullMarked;
