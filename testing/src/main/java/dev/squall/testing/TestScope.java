package dev.squall.testing;

import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;
import org.opentest4j.AssertionFailedError;

/**
 * Everything the harness holds for one test: its loop (and clock), the resources to close at the end, the
 * exceptions loop callbacks threw, and the test's time limit. Created before the first {@code @BeforeEach}
 * and closed after the last {@code @AfterEach}.
 */
final class TestScope implements ExtensionContext.Store.CloseableResource {
    /**
     * How long the harness waits for the loop to run what is queued when a test body has ended (or the test's
     * limit, if shorter).
     */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How much longer than the test's limit a harness wait on the test thread lasts: the harness's own
     * watchdog fires first and reports where the test was waiting.
     */
    static final Duration WAIT_GRACE = Duration.ofSeconds(1);
    /** How long closing waits for a test thread that outlived its timeout to end. */
    static final Duration ABANDONED_THREAD_JOIN = Duration.ofSeconds(2);

    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    private static final ThreadLocal<TestScope> CURRENT = new ThreadLocal<>();

    private final String testName;
    private final Class<?> testClass;
    private final Timeouts.Limit limit;
    private final @Nullable ManualClock clock;
    private final IOLoop loop;
    private final TestLoop testLoop;
    private final @Nullable VirtualTime virtualTime;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Throwable> callbackExceptions = new CopyOnWriteArrayList<>();
    private final RequestTracker requests = new RequestTracker();
    /** Test threads still running after a timeout; closing waits for them briefly. */
    private final List<Thread> abandonedThreads = new CopyOnWriteArrayList<>();

    private volatile long deadlineNanos;
    private volatile boolean timedOut;
    private boolean closed;

    TestScope(String testName, Class<?> testClass, Timeouts.Limit limit, boolean virtualTime) {
        this.testName = testName;
        this.testClass = testClass;
        this.limit = limit;
        this.clock = virtualTime ? new ManualClock() : null;
        IOLoop.Builder builder = IOLoop.builder()
                .name("squall-test-loop-" + LOOP_IDS.incrementAndGet())
                .daemon(true)
                .exceptionHandler((l, t) -> callbackExceptions.add(t));
        if (clock != null) {
            builder.clock(clock);
        }
        this.loop = builder.build();
        resources.push(loop);
        this.testLoop = new TestLoop(this);
        this.virtualTime = clock != null ? new VirtualTime(this, clock) : null;
        this.deadlineNanos = System.nanoTime() + limit.limit().toNanos();
    }

    /** Returns the scope of the test whose thread calls this, or null outside a {@link SquallTest}. */
    static @Nullable TestScope current() {
        return CURRENT.get();
    }

    IOLoop loop() {
        return loop;
    }

    TestLoop testLoop() {
        return testLoop;
    }

    @Nullable
    VirtualTime virtualTime() {
        return virtualTime;
    }

    @Nullable
    ManualClock clock() {
        return clock;
    }

    String testName() {
        return testName;
    }

    /** Returns what tracks the test client's asynchronous requests on their way to the application. */
    RequestTracker requests() {
        return requests;
    }

    Timeouts.Limit limit() {
        return limit;
    }

    /**
     * Registers a resource to close when the test ends; resources close in reverse order of registration,
     * before the loop.
     */
    synchronized <T extends AutoCloseable> T register(T resource) {
        if (closed) {
            throw new IllegalStateException("the test " + testName + " has ended; close " + resource + " yourself");
        }
        resources.push(resource);
        return resource;
    }

    /** Forgets a resource that was closed early by its owner. */
    synchronized void unregister(AutoCloseable resource) {
        resources.remove(resource);
    }

    /** Returns and forgets the callback exceptions recorded so far. */
    List<Throwable> takeCallbackExceptions() {
        List<Throwable> taken = new ArrayList<>();
        for (Throwable t : callbackExceptions) {
            if (callbackExceptions.remove(t)) {
                taken.add(t);
            }
        }
        return taken;
    }

    /** Returns how long a harness wait may still block: the time left to the test's deadline plus a grace. */
    Duration waitBudget() {
        long left = deadlineNanos - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left)).plus(WAIT_GRACE);
    }

    /**
     * Waits for {@code future} on the calling (test) thread within the test's time limit and returns its value,
     * rethrowing its failure as it is (checked exceptions included).
     */
    <T> T join(CompletableFuture<T> future, String what) {
        Duration budget = waitBudget();
        try {
            return future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw Sneaky.rethrow(Futures.unwrap(e));
        } catch (TimeoutException e) {
            throw new AssertionFailedError(what + " did not complete within the test's time limit of "
                    + Timeouts.format(limit.limit()) + " (" + limit.source() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError(
                    "interrupted while waiting for " + what + (timedOut ? "; the test had run out of time" : ""), e);
        }
    }

    /**
     * Waits until the loop has run everything queued on it before this call, and the timers due by now,
     * within the test's time limit.
     *
     * @throws AssertionFailedError if the loop stays busy past the test's time limit
     */
    void settle() {
        join(settleFuture(), "the loop's queued tasks");
    }

    /**
     * Settles the loop after a method body ended, waiting at most {@link #SETTLE_TIMEOUT}.
     *
     * @throws AssertionFailedError naming what the loop was doing if it stays busy
     */
    void settleAfterBody() throws InterruptedException {
        if (loop.isClosed()) {
            return;
        }
        CompletableFuture<Void> done = settleFuture();
        Duration wait = SETTLE_TIMEOUT.compareTo(limit.limit()) < 0 ? SETTLE_TIMEOUT : limit.limit();
        try {
            done.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: a settle future never fails", e);
        } catch (TimeoutException e) {
            if (loop.isClosed()) {
                return;
            }
            StringBuilder m = new StringBuilder("the test loop '")
                    .append(loop.name())
                    .append("' was still busy ")
                    .append(Timeouts.format(wait))
                    .append(" after ")
                    .append(testName)
                    .append(" ended; a callback blocks or loops forever. It was at:\n");
            appendStack(m, LoopInternals.thread(loop).getStackTrace(), null);
            timedOut = true;
            throw new AssertionFailedError(m.toString());
        }
    }

    /**
     * Returns a future that completes once the loop has run what is queued now, the timers due now, and the
     * tasks those queued. The hops matter: a task submitted from this thread may run between a due timer and
     * the tasks it queued; a zero-delay timer set from the loop fires only once the loop's task queue is
     * empty; and the last local hop lets the tasks queued by timers that fired alongside it run first.
     */
    private CompletableFuture<Void> settleFuture() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!loop.tryExecute(() -> loop.callLater(Duration.ZERO, () -> loop.execute(() -> done.complete(null))))) {
            done.complete(null); // nothing more can run on a closed loop
        }
        return done;
    }

    /**
     * Runs one method invocation (test or lifecycle) on a fresh test thread and waits for it within the time
     * limit. On timeout, fails with the stacks of the test thread and of the loop thread.
     */
    <T> @Nullable T invoke(Invocation<T> invocation, String what) throws Throwable {
        CompletableFuture<@Nullable T> result = new CompletableFuture<>();
        deadlineNanos = System.nanoTime() + limit.limit().toNanos();
        Thread body = Thread.ofPlatform().daemon().name("squall-test: " + what).unstarted(() -> {
            CURRENT.set(this);
            try {
                result.complete(invocation.proceed());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                CURRENT.remove();
            }
        });
        body.start();
        try {
            return result.get(limit.limit().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            if (result.isDone()) {
                return result.getNow(null);
            }
            timedOut = true;
            StackTraceElement[] bodyStack = body.getStackTrace();
            StackTraceElement[] loopStack = LoopInternals.thread(loop).getStackTrace();
            boolean loopBusy = LoopInternals.busySinceNanos(loop) != 0;
            body.interrupt();
            abandonedThreads.add(body);
            throw timeoutFailure(what, body, bodyStack, loopStack, loopBusy);
        } catch (InterruptedException e) {
            body.interrupt();
            abandonedThreads.add(body);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Whether an invocation ran out of time; the loop may then be stuck, so the harness does not settle it. */
    boolean timedOut() {
        return timedOut;
    }

    private AssertionFailedError timeoutFailure(
            String what, Thread body, StackTraceElement[] bodyStack, StackTraceElement[] loopStack, boolean loopBusy) {
        StringBuilder m = new StringBuilder();
        m.append(what)
                .append(" did not finish within ")
                .append(Timeouts.format(limit.limit()))
                .append(" (")
                .append(limit.source());
        if (limit.source().equals("the default")) {
            m.append("; raise it with @SquallTimeout or e.g. ")
                    .append(Timeouts.ENVIRONMENT_VARIABLE)
                    .append("=10s");
        }
        m.append(").\nThe test thread '").append(body.getName()).append("' was waiting here:\n");
        appendStack(m, bodyStack, testClass);
        m.append("The loop thread '")
                .append(loop.name())
                .append(
                        loopBusy
                                ? "' was running a task (a callback that blocks or loops forever stalls everything on the loop):\n"
                                : "' was idle, waiting for I/O or a timer:\n");
        appendStack(m, loopStack, null);
        if (clock != null && !loopBusy) {
            m.append("The loop runs in virtual time: timers fire only when the test calls VirtualTime.advance(...).\n");
        }
        List<Throwable> thrown = List.copyOf(callbackExceptions);
        if (!thrown.isEmpty()) {
            m.append(thrown.size())
                    .append(" callback(s) on the loop threw meanwhile (attached as suppressed), first: ")
                    .append(thrown.get(0))
                    .append('\n');
        }
        AssertionFailedError failure = new AssertionFailedError(m.toString());
        // Point the failure at where the test was stuck, as JUnit's preemptive timeout does.
        failure.setStackTrace(bodyStack);
        for (Throwable t : takeCallbackExceptions()) {
            failure.addSuppressed(t);
        }
        return failure;
    }

    /**
     * Appends a stack, cut after the deepest frame of {@code cutAfter} (the test class) so that JUnit's own
     * frames do not bury the line that matters.
     */
    static void appendStack(StringBuilder m, StackTraceElement[] stack, @Nullable Class<?> cutAfter) {
        int end = stack.length;
        if (cutAfter != null) {
            String name = cutAfter.getName();
            for (int i = stack.length - 1; i >= 0; i--) {
                String c = stack[i].getClassName();
                if (c.equals(name) || c.startsWith(name + "$")) {
                    end = i + 1;
                    break;
                }
            }
        }
        end = Math.min(end, 60);
        for (int i = 0; i < end; i++) {
            m.append("\tat ").append(stack[i]).append('\n');
        }
        if (end < stack.length) {
            m.append("\t... ").append(stack.length - end).append(" more\n");
        }
    }

    /**
     * Builds the failure for callback exceptions recorded during a test that otherwise passed.
     *
     * @param thrown at least one exception
     */
    AssertionFailedError callbackFailure(List<Throwable> thrown) {
        Throwable first = thrown.get(0);
        String m = (thrown.size() == 1 ? "A callback" : thrown.size() + " callbacks") + " on the test loop '"
                + loop.name() + "' threw: " + first + "\nLoop callbacks must not throw. If the test expects it, take "
                + "the exception with TestLoop.takeCallbackExceptions() and assert on it.";
        AssertionFailedError failure = new AssertionFailedError(m, first);
        for (int i = 1; i < thrown.size(); i++) {
            failure.addSuppressed(thrown.get(i));
        }
        return failure;
    }

    /**
     * Closes every registered resource in reverse order (the loop last), waits briefly for test threads that
     * outlived a timeout, and fails if closing threw or callbacks threw after the last check.
     *
     * @throws Throwable the first problem, with the others suppressed
     */
    void closeAndCheck() throws Throwable {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        Throwable failure = null;
        if (!timedOut) {
            try {
                settleAfterBody();
            } catch (Throwable t) {
                failure = t;
            }
        }
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        synchronized (this) {
            closed = true;
        }
        for (Thread t : abandonedThreads) {
            t.join(ABANDONED_THREAD_JOIN.toMillis());
            if (t.isAlive()) {
                System.getLogger("dev.squall.testing")
                        .log(
                                System.Logger.Level.WARNING,
                                "test thread {0} is still running after the test timed out and its resources were closed",
                                t.getName());
            }
        }
        List<Throwable> late = takeCallbackExceptions();
        if (!late.isEmpty()) {
            AssertionFailedError f = callbackFailure(late);
            if (failure == null) {
                failure = f;
            } else {
                failure.addSuppressed(f);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** JUnit's safety net: closes what is left if the extension's own close did not run. */
    @Override
    public void close() throws Throwable {
        closeAndCheck();
    }

    /** Completes {@code target} as {@code stage} completes, with its failure unwrapped. */
    static <T> void relay(CompletionStage<? extends T> stage, CompletableFuture<T> target) {
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                target.completeExceptionally(Futures.unwrap(failure));
            } else {
                target.complete(value);
            }
        });
    }

    /** Rethrows any throwable, checked ones included, without wrapping: tests see the real failure. */
    static final class Sneaky {
        private Sneaky() {}

        static RuntimeException rethrow(Throwable t) {
            Sneaky.<RuntimeException>doThrow(t);
            return new IllegalStateException("unreachable", t);
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> void doThrow(Throwable t) throws E {
            throw (E) t;
        }
    }
}
