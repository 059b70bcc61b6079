/**
 * Asynchronous code on the event loop, as Tornado's {@code gen}, {@code locks} and {@code queues}.
 *
 * <ul>
 *   <li>{@link dev.squall.async.Coroutines}: Java coroutines — {@code launch} a virtual thread that holds its
 *       loop while it runs, and {@code await} futures in straight-line code; {@link dev.squall.async.Coroutine}
 *       is a running one's handle (cancel).</li>
 *   <li>{@link dev.squall.async.Async}: blocking work made explicit ({@code blocking}), and the combinators
 *       {@code all}, {@code any}, {@code withTimeout}, {@code sleep}; {@link dev.squall.async.WaitIterator}
 *       hands out outcomes as they complete.</li>
 *   <li>Coordination on one loop: {@link dev.squall.async.Lock}, {@link dev.squall.async.Semaphore},
 *       {@link dev.squall.async.BoundedSemaphore}, {@link dev.squall.async.Event},
 *       {@link dev.squall.async.Condition}, {@link dev.squall.async.Queue},
 *       {@link dev.squall.async.PriorityQueue}, {@link dev.squall.async.LifoQueue}.</li>
 * </ul>
 *
 * <p>Everything here is loop-confined unless its javadoc says otherwise: call it on the loop's thread or in a
 * coroutine of that loop. The coordination classes bind to the loop of their first use and fail with a clear
 * {@link java.lang.IllegalStateException} when used from anywhere else. Every future handed out completes on
 * the loop, so continuations chained on it run there. Time (timeouts, {@code sleep}) is read from the loop's
 * {@link dev.squall.loop.Clock}, so a {@link dev.squall.loop.ManualClock} moves it in tests.
 *
 * <p>The class names follow Tornado; {@code Lock}, {@code Semaphore}, {@code Condition}, {@code Queue} and
 * {@code PriorityQueue} also exist in {@code java.util(.concurrent)}: import these by name, not with a wildcard
 * next to those packages.
 */
@NullMarked
package dev.squall.async;

import org.jspecify.annotations.NullMarked;
