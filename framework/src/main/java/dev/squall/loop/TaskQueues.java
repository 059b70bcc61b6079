package dev.squall.loop;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An {@link IOLoop}'s task queues: tasks from other threads, and tasks submitted on the loop itself (the
 * loop's thread, or a coroutine holding the loop), which need no synchronisation. {@link IOLoop#tryExecute}
 * chooses the queue; the loop runs them here.
 */
final class TaskQueues {
    /** Tasks from other threads. */
    final ConcurrentLinkedQueue<Runnable> external = new ConcurrentLinkedQueue<>();
    /** Tasks submitted on the loop: touched by the loop (or the coroutine holding it) only. */
    final ArrayDeque<Runnable> local = new ArrayDeque<>();

    /** Runs up to {@link IOLoop#MAX_TASKS_PER_ITERATION} tasks, so that I/O is never starved. Loop thread. */
    void run(IOLoop loop) {
        boolean virtualTime = !loop.clock().isRealTime();
        for (int budget = IOLoop.MAX_TASKS_PER_ITERATION; budget > 0; budget--) {
            // Local tasks first, after every task: work a task spawned on the loop runs before anything
            // another thread submitted later, which keeps causal order.
            Runnable task = local.poll();
            if (task == null) {
                task = external.poll();
                if (task == null) {
                    return;
                }
                if (virtualTime) {
                    // A thread that advanced a ManualClock and then submitted this task expects the timers
                    // that became due to have fired first, even if the loop was mid-iteration.
                    loop.runDueTimers();
                }
            }
            loop.runTask(task);
        }
    }

    /**
     * At shutdown: tasks still queued run no more. Completions among them fail their futures, so that no waiter
     * of a future handed to {@link IOLoop#complete} (adopt, Async.blocking) is left pending; other tasks are
     * dropped.
     */
    void rejectAll(IOLoop loop) {
        rejectQueued(loop, local);
        rejectQueued(loop, external);
        rejectQueued(loop, local); // queued by the futures failed just now
    }

    private static void rejectQueued(IOLoop loop, Queue<Runnable> tasks) {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            if (task instanceof Completion<?> completion) {
                try {
                    completion.reject(loop);
                } catch (Throwable t) {
                    loop.handleException(t);
                }
            }
        }
    }
}
