package dev.squall.loop;

import dev.squall.internal.loop.LoopInternals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An event loop: one thread, one NIO {@link Selector}, a timer queue and a task queue — Tornado's
 * {@code IOLoop} for the JVM.
 *
 * <pre>{@code
 * IOLoop loop = IOLoop.create();
 * loop.execute(() -> System.out.println("on the loop: " + IOLoop.current()));
 * String answer = loop.runSync(() -> CompletableFuture.completedFuture("42"), Duration.ofSeconds(1));
 * loop.close();
 * }</pre>
 *
 * <h2>Threading</h2>
 * Safe from any thread: {@link #execute(Runnable)} — the one way in — and the hand-offs built on it
 * ({@link #tryExecute}, {@link #runOnLoop}, {@link #complete}, {@link #adopt}), {@link #callLater} and
 * {@link #callAt} (which hop onto the loop through {@code execute}), {@link Timeout#cancel()}, {@link #wakeup()},
 * {@link #stop()}, {@link #close()}, {@link #awaitTermination}, {@link #runSync} (from any thread but a loop's)
 * and the read-only accessors ({@link #name()}, {@link #clock()}, {@link #nanoTime()}, {@link #inEventLoop()},
 * {@link #isClosed()}). Loop thread only: {@link #register}. Timer callbacks, tasks and
 * {@link #adopt(CompletionStage)} continuations run on the loop's thread.
 *
 * <h2>Getting back onto the loop</h2>
 * Code that finishes work on another thread (a virtual thread, another library's callback) returns to the
 * loop through one of these; they differ only in what happens when the loop is already closed, which the
 * caller states:
 * <ul>
 *   <li>{@link #execute(Runnable)} queues a task, or throws {@link LoopClosedException};</li>
 *   <li>{@link #tryExecute(Runnable)} queues a task, or returns false;</li>
 *   <li>{@link #runOnLoop(Runnable)} runs a task at once when the caller is on the loop, else queues it, or
 *       returns false — {@code if (!loop.runOnLoop(task)) { fallback }} states the closed-loop policy;</li>
 *   <li>{@link #complete} completes a future on the loop, or fails it with {@link LoopClosedException};</li>
 *   <li>{@link #adopt(CompletionStage)} turns a foreign stage into a future completed on the loop.</li>
 * </ul>
 * A task still queued when the loop closes is dropped with the rest of its queue (see {@link #stop()}), except
 * a completion queued by {@link #complete} (and so by {@link #adopt}), whose future then fails with
 * {@link LoopClosedException}: a future handed to the loop never stays pending because the loop went away.
 *
 * <p>Code running on the loop never blocks. A callback that throws is reported to the loop's exception
 * handler (by default: logged with its stack trace) and the loop goes on.
 */
public final class IOLoop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.squall.loop");
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    /** Tasks run per iteration before the loop polls I/O again, so that I/O is never starved. */
    static final int MAX_TASKS_PER_ITERATION = 4096;

    static {
        LoopInternals.install(new LoopAccess());
    }

    private final String name;
    private final Clock clock;
    private final ReadyKeys selector;
    private final LoopThread thread;
    private final BiConsumer<IOLoop, Throwable> exceptionHandler;

    private final TaskQueues tasks = new TaskQueues();

    private final TimerQueue timers = new TimerQueue();

    /** True while the loop sleeps (or is about to) in select and must be woken by producers. */
    private final AtomicBoolean sleeping = new AtomicBoolean();

    private volatile boolean stopRequested;
    private volatile boolean closed;
    private final CountDownLatch terminated = new CountDownLatch(1);

    /** A thread that currently runs on this loop's behalf (a coroutine holding the loop), or null. */
    private volatile @Nullable Thread delegate;
    /** When the current task began, for the watchdog and the HTTP connection's request times. */
    final BusyMark busy = new BusyMark();

    private IOLoop(Builder builder) {
        this.name = builder.name != null ? builder.name : "squall-loop-" + LOOP_IDS.incrementAndGet();
        this.clock = builder.clock;
        this.exceptionHandler = builder.exceptionHandler;
        try {
            this.selector = new ReadyKeys(Selector.open());
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a selector for " + name, e);
        }
        this.thread = new LoopThread(this, name);
        this.thread.setDaemon(builder.daemon);
        clock.attach(this);
        thread.start();
    }

    /**
     * Creates and starts a loop on a new non-daemon thread with the system clock.
     *
     * @return the running loop
     */
    public static IOLoop create() {
        return builder().build();
    }

    /**
     * Returns a builder for a loop with a chosen name, clock, daemon flag or exception handler.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the loop the calling code runs on.
     *
     * @return the current loop
     * @throws IllegalStateException if the caller is not on a loop thread (nor a coroutine holding one)
     */
    public static IOLoop current() {
        IOLoop loop = currentOrNull();
        if (loop == null) {
            throw new IllegalStateException("IOLoop.current() was called on thread '"
                    + Thread.currentThread().getName()
                    + "', which is not an event loop; pass the loop explicitly or hop onto it with loop.execute(...)");
        }
        return loop;
    }

    /**
     * Returns the loop the calling code runs on, or null when the caller is not on a loop.
     *
     * @return the current loop or null
     */
    public static @Nullable IOLoop currentOrNull() {
        if (Thread.currentThread() instanceof LoopThread lt) {
            return lt.loop;
        }
        return LoopAccess.CURRENT.get();
    }

    /** Returns the loop's name, which is also its thread's name. */
    public String name() {
        return name;
    }

    /** Returns the clock this loop reads time from. */
    public Clock clock() {
        return clock;
    }

    /** Returns the loop's monotonic time in nanoseconds ({@link Clock#nanoTime()} of its clock). */
    public long nanoTime() {
        return clock.nanoTime();
    }

    /**
     * Returns whether the caller runs on this loop: its thread, or a coroutine currently holding it.
     *
     * @return true on the loop
     */
    public boolean inEventLoop() {
        Thread t = Thread.currentThread();
        return t == thread || t == delegate;
    }

    // The coroutine and diagnostics plumbing, reached by other packages through LoopInternals (not API).

    void setDelegate(@Nullable Thread thread) {
        this.delegate = thread;
    }

    @Nullable
    Thread delegate() {
        return delegate;
    }

    Thread thread() {
        return thread;
    }

    /**
     * Runs {@code task} on the loop, after the tasks already queued. Safe from any thread; wakes the
     * selector only when the loop is asleep. Tasks submitted from one thread run in submission order.
     *
     * @param task the task
     * @throws LoopClosedException if the loop is closed (a {@code RejectedExecutionException})
     */
    @Override
    public void execute(Runnable task) {
        if (!tryExecute(task)) {
            throw new LoopClosedException(this, "loop " + name + " is closed; the task was not run");
        }
    }

    /**
     * Queues {@code task} as {@link #execute(Runnable)} does, but reports a closed loop instead of throwing.
     * Safe from any thread. On the loop's own thread it always queues.
     *
     * @param task the task
     * @return true if the task was queued, false if the loop is closed and the task will not run
     */
    public boolean tryExecute(Runnable task) {
        Thread current = Thread.currentThread();
        // A coroutine holding the loop is loop code: its tasks are local too (the loop thread runs it, or waits
        // for it to hand the loop back, so the plain deque is never touched by two threads at once).
        if (current == thread || current == delegate) {
            tasks.local.add(task);
            return true;
        }
        if (closed) {
            return false;
        }
        tasks.external.add(task);
        if (closed && tasks.external.remove(task)) {
            return false; // the loop closed meanwhile, and its shutdown had not taken the task yet
        }
        wakeup();
        return true;
    }

    /**
     * Runs {@code task} on this loop: at once, on the calling thread, if the caller is on the loop (its thread
     * or a coroutine holding it), else queued as {@link #execute(Runnable)}. Safe from any thread. A task run
     * at once that throws, throws to the caller; a queued one goes to the loop's exception handler.
     *
     * <pre>{@code
     * loop.runOnLoop(() -> waiters.remove(w));              // closed loop: nothing left to clean up
     * if (!loop.runOnLoop(() -> close(cause))) {            // closed loop: do it here instead
     *     closeInternal(cause);
     * }
     * }</pre>
     *
     * @param task the task
     * @return true if the task ran or was queued, false if the loop is closed and the task was not run; the
     *     caller decides what that means (drop it, fail a future, run a fallback)
     */
    public boolean runOnLoop(Runnable task) {
        if (inEventLoop()) {
            task.run();
            return true;
        }
        return tryExecute(task);
    }

    /**
     * Completes {@code future} on this loop with {@code value}, or with {@code error} if it is not null: at once
     * if the caller is on the loop, else through {@link #execute(Runnable)}, so that continuations chained on
     * the future run on the loop. Safe from any thread. If the loop is closed, the future fails at once, on
     * the calling thread, with a {@link LoopClosedException} (with {@code error}, if any, as a suppressed
     * exception); if it closes before running the queued completion, it fails the future so as it shuts down.
     * Either way a waiter learns that its loop is gone instead of waiting for ever. The error is passed on
     * as it is; unwrap a {@code whenComplete} failure with {@link Futures#unwrap(Throwable)} first.
     *
     * @param future the future to complete
     * @param value its value when {@code error} is null
     * @param error its failure, or null
     * @param <T> the value type
     */
    public <T extends @Nullable Object> void complete(
            CompletableFuture<T> future, @Nullable T value, @Nullable Throwable error) {
        if (inEventLoop()) {
            Completion.completeNow(future, value, error);
            return;
        }
        Completion<T> completion = new Completion<>(future, value, error);
        if (!tryExecute(completion)) {
            completion.reject(this);
        }
    }

    /**
     * Wakes the loop if it is asleep in its selector. Safe from any thread.
     */
    public void wakeup() {
        if (sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code task} after {@code delay} on the loop.
     *
     * @param delay how long to wait, measured on the loop's clock
     * @param task the callback
     * @return a handle that cancels the timer
     * @throws LoopClosedException if called off the loop and the loop is closed
     */
    public Timeout callLater(Duration delay, Runnable task) {
        return callAt(clock.nanoTime() + Math.max(0, delay.toNanos()), task);
    }

    /**
     * Runs {@code task} on the loop when its clock reaches {@code deadlineNanos}.
     *
     * @param deadlineNanos a deadline on the {@link #nanoTime()} scale
     * @param task the callback
     * @return a handle that cancels the timer
     * @throws LoopClosedException if called off the loop and the loop is closed
     */
    public Timeout callAt(long deadlineNanos, Runnable task) {
        if (inEventLoop()) {
            return timers.add(this, deadlineNanos, task);
        }
        Timeout t = new Timeout(this, deadlineNanos, -1, task);
        // The handle is claimed when the loop's own timer fires, so cancel() stays exact from any thread.
        execute(() -> timers.add(this, deadlineNanos, () -> {
            if (t.claim()) {
                task.run();
            }
        }));
        return t;
    }

    void timerCancelled() {
        if (Thread.currentThread() != thread) {
            return; // cancelled from elsewhere: removed lazily when it comes due
        }
        timers.cancelled();
    }

    /**
     * Registers a channel with this loop's selector. Loop thread only.
     *
     * @param channel a non-blocking channel
     * @param ops the interest set
     * @param handler called on the loop when the channel is ready
     * @return the selection key
     * @throws ClosedChannelException if the channel is closed
     * @throws IllegalStateException if called off the loop
     */
    public SelectionKey register(SelectableChannel channel, int ops, Selectable handler) throws ClosedChannelException {
        checkInEventLoop("register");
        return selector.register(channel, ops, handler);
    }

    /**
     * Returns a future that completes on this loop with the outcome of a stage that may complete on any
     * thread (a JDBC call on a virtual thread, another library's future). Continuations chained on the
     * result run on the loop. A failure is unwrapped with {@link Futures#unwrap(Throwable)}. Safe from any
     * thread; if the loop is closed when the stage completes, the result fails with
     * {@link LoopClosedException} (see {@link #complete}).
     *
     * @param stage the foreign stage
     * @param <T> the value type
     * @return a future completed on this loop
     */
    public <T extends @Nullable Object> CompletableFuture<T> adopt(CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((v, e) -> complete(result, v, e == null ? null : Futures.unwrap(e)));
        return result;
    }

    /**
     * Runs {@code fn} on the loop and blocks the calling thread until the stage it returns completes, as
     * Tornado's {@code run_sync}. For mains, scripts and tests.
     *
     * @param fn supplies the stage, called on the loop
     * @param timeout the longest wait
     * @param <T> the value type
     * @return the stage's value
     * @throws AsyncTimeoutException if the stage did not complete within {@code timeout}
     * @throws IllegalStateException if called on a loop thread, where blocking would deadlock
     * @throws LoopClosedException if the loop is closed
     * @throws RuntimeException the stage's failure, unwrapped if it was unchecked, else wrapped in a
     *     {@link CompletionException}
     */
    public <T> T runSync(Supplier<? extends CompletionStage<T>> fn, Duration timeout) {
        if (currentOrNull() != null) {
            throw new IllegalStateException("runSync() was called on loop thread '"
                    + Thread.currentThread().getName()
                    + "' and would block it; chain the future with thenCompose, or await() it in a coroutine");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                fn.get()
                        .whenComplete(
                                (v, e) -> Completion.completeNow(result, v, e == null ? null : Futures.unwrap(e)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AsyncTimeoutException("runSync: the operation did not complete within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting in runSync", e);
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        }
    }

    /**
     * Asks the loop to stop after the current iteration. Pending tasks and timers are dropped; registered
     * channels stay open until {@link #close()}. Safe from any thread.
     */
    public void stop() {
        stopRequested = true;
        wakeup();
        selector.wakeup();
    }

    /** Returns whether the loop has been closed or has stopped running. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops the loop, closes its selector and every channel registered with it, and (when called from
     * another thread) waits up to 10 s for the loop thread to end. Safe from any thread; idempotent.
     */
    @Override
    public void close() {
        stop();
        if (!inEventLoop()) {
            try {
                if (!terminated.await(10, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "loop {0} did not stop within 10 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until the loop thread has ended.
     *
     * @param timeout the longest wait
     * @return true if it ended in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void checkInEventLoop(String what) {
        if (!inEventLoop()) {
            throw new IllegalStateException(what + "() must be called on loop " + name + ", not on thread '"
                    + Thread.currentThread().getName() + "'; hop onto the loop with loop.execute(...)");
        }
    }

    private void run() {
        try {
            while (!stopRequested) {
                long timeoutMillis = selectTimeoutMillis();
                if (timeoutMillis == 0) {
                    selector.selectNow();
                } else {
                    sleeping.set(true);
                    // Re-check after announcing sleep: a producer that enqueued before seeing sleeping=true
                    // would not wake us.
                    if (!tasks.external.isEmpty() || stopRequested) {
                        sleeping.set(false);
                        selector.selectNow();
                    } else {
                        selector.select(timeoutMillis < 0 ? 0 : timeoutMillis);
                        sleeping.set(false);
                    }
                }
                selector.dispatchReady(this);
                runDueTimers();
                tasks.run(this);
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "loop " + name + " died", t);
        } finally {
            shutdown();
        }
    }

    /** 0 = poll without sleeping; -1 = sleep until woken; else milliseconds until the next timer. */
    private long selectTimeoutMillis() {
        if (!tasks.local.isEmpty() || !tasks.external.isEmpty()) {
            return 0;
        }
        Timeout next = timers.peekLive();
        if (next == null) {
            return -1;
        }
        long waitNanos = next.deadlineNanos - clock.nanoTime();
        if (waitNanos <= 0) {
            return 0;
        }
        if (!clock.isRealTime()) {
            return -1; // virtual time: ManualClock.advance wakes us
        }
        return Math.max(1, (waitNanos + 999_999) / 1_000_000);
    }

    void runDueTimers() {
        if (timers.isEmpty()) {
            return;
        }
        // Only timers due at the start of this pass run now, so a timer that reschedules itself at "now"
        // cannot spin the loop forever.
        long now = clock.nanoTime();
        Timeout t;
        while ((t = timers.pollDue(now)) != null) {
            runTask(t.task);
        }
    }

    void runTask(Runnable task) {
        busy.mark(System.nanoTime());
        try {
            task.run();
        } catch (Throwable t) {
            handleException(t);
        } finally {
            busy.mark(0);
        }
    }

    void handleException(Throwable t) {
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
        try {
            exceptionHandler.accept(this, t);
        } catch (Throwable inHandler) {
            LOG.log(Level.ERROR, "exception handler of loop " + name + " threw", inHandler);
        }
    }

    private void shutdown() {
        closed = true;
        selector.closeAll(name);
        tasks.rejectAll(this);
        timers.clear();
        terminated.countDown();
    }

    @Override
    public String toString() {
        return "IOLoop[" + name + (closed ? ", closed" : "") + "]";
    }

    /** The loop's thread; lets {@link #currentOrNull()} find the loop without a thread-local lookup. */
    private static final class LoopThread extends Thread {
        final IOLoop loop;

        LoopThread(IOLoop loop, String name) {
            super(name);
            this.loop = loop;
        }

        @Override
        public void run() {
            loop.run();
        }
    }

    // Why this file is over ~600 lines: the public Builder below is ~65 of them, and ~190 of the other ~585 are
    // the public API's javadoc (thread-safety of each method). The selector, task queues, queued completions,
    // busy mark and internal access are already their own package-private classes (ReadyKeys, TaskQueues,
    // Completion, BusyMark, LoopAccess); what is left is the loop itself.

    /** Builds an {@link IOLoop}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private @Nullable String name;
        private Clock clock = Clock.SYSTEM;
        private boolean daemon;
        private BiConsumer<IOLoop, Throwable> exceptionHandler =
                (loop, t) -> LOG.log(Level.ERROR, "uncaught exception in a callback on " + loop.name(), t);

        private Builder() {}

        /**
         * Names the loop and its thread.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the clock the loop reads time from; the default is {@link Clock#SYSTEM}.
         *
         * @param clock the clock, e.g. a {@link ManualClock} for virtual time
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Makes the loop thread a daemon thread (default false: a running loop keeps the JVM alive).
         *
         * @param daemon whether the thread is a daemon
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Sets what happens when a callback throws; the default logs the exception with its stack trace
         * at ERROR. Called on the loop thread. The loop goes on either way.
         *
         * @param handler receives the loop and the exception
         * @return this builder
         */
        public Builder exceptionHandler(BiConsumer<IOLoop, Throwable> handler) {
            this.exceptionHandler = handler;
            return this;
        }

        /**
         * Creates and starts the loop.
         *
         * @return the running loop
         * @throws UncheckedIOException if no selector can be opened
         */
        public IOLoop build() {
            return new IOLoop(this);
        }
    }
}
