/**
 * The event loop: {@link dev.squall.loop.IOLoop} (one thread, one selector, timers and a task queue),
 * {@link dev.squall.loop.LoopGroup} (one loop per core), {@link dev.squall.loop.PeriodicCallback} and the
 * {@link dev.squall.loop.Clock} that loops read time from.
 *
 * <h2>Threads</h2>
 * Loop state is confined to the loop's thread. The way in from any other thread is
 * {@link dev.squall.loop.IOLoop#execute(Runnable)} and the hand-offs built on it
 * ({@code tryExecute}, {@code runOnLoop}, {@code complete}, {@code adopt}); the other methods safe from any
 * thread are listed in {@link dev.squall.loop.IOLoop}'s "Threading" section ({@code callLater}/{@code callAt},
 * {@code stop}, {@code close}, {@code runSync} off the loop, the accessors), and
 * {@link dev.squall.loop.Timeout#cancel()}, {@link dev.squall.loop.PeriodicCallback#start()}/{@code stop()},
 * {@link dev.squall.loop.LoopGroup}, {@link dev.squall.loop.ManualClock#advance} and
 * {@link dev.squall.loop.BlockingWatchdog} are thread-safe. Channel registration belongs to the loop thread.
 *
 * <p>This package depends on no other Squall package ({@code PackageLayeringTest} checks it): the loop is the
 * bottom layer, which is why {@link dev.squall.loop.AsyncTimeoutException} lives here.
 */
@NullMarked
package dev.squall.loop;

import org.jspecify.annotations.NullMarked;
