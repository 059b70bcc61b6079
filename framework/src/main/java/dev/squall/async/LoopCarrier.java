package dev.squall.async;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;

/**
 * Virtual threads whose scheduler is an {@link Executor} of ours, so that a coroutine can run on its loop's own
 * thread: an {@code await} is then a continuation yield and resume on one OS thread (about 0.6 µs of CPU)
 * instead of a park/unpark hand-off between two threads (10–15 µs). See {@link Coroutine} for how it is used.
 *
 * <p>The JDK has no public API for it in Java 21–25: the builder that takes a scheduler,
 * {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}, is package-private. It is reachable when the
 * JVM runs with {@value #FLAG} (set by {@code ./squall}, the samples' and benchmarks' jar manifests, and the
 * second Surefire run of the coroutine tests). Detected once, at class initialisation; without the flag, on a
 * JDK older than 24 (where {@code synchronized} pins a virtual thread to its carrier, which would turn an
 * {@code await} inside a {@code synchronized} block into a blocked loop) or with
 * {@code -Dsquall.coroutines=handoff}, coroutines keep their own carrier and hand the loop over (the
 * "hand-off" mode; same semantics, slower).
 */
final class LoopCarrier {
    /** The JVM option that makes the builder reachable. */
    static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";
    /** The system property that forces a mode: {@code loop} (the default when possible) or {@code handoff}. */
    static final String MODE_PROPERTY = "squall.coroutines";
    /** The first JDK on which {@code synchronized} does not pin a virtual thread (JEP 491). */
    private static final int MIN_FEATURE = 24;

    private static final @Nullable MethodHandle NEW_BUILDER;
    private static final @Nullable Executor DEFAULT_SCHEDULER;
    /** Why the loop-carrier mode is off, or null when it is on. */
    static final @Nullable String UNAVAILABLE;

    static {
        MethodHandle newBuilder = null;
        Executor defaultScheduler = null;
        String unavailable = null;
        String mode = System.getProperty(MODE_PROPERTY, "loop");
        if ("handoff".equals(mode)) {
            unavailable = "-D" + MODE_PROPERTY + "=handoff";
        } else if (Runtime.version().feature() < MIN_FEATURE) {
            unavailable = "JDK " + Runtime.version().feature() + " pins virtual threads in synchronized blocks";
        } else {
            try {
                Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builder, MethodHandles.lookup());
                newBuilder = lookup.findConstructor(builder, MethodType.methodType(void.class, Executor.class))
                        .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
                Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
                MethodHandles.Lookup vt = MethodHandles.privateLookupIn(virtualThread, MethodHandles.lookup());
                defaultScheduler =
                        (Executor) vt.findStaticVarHandle(virtualThread, "DEFAULT_SCHEDULER", ForkJoinPool.class)
                                .get();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // IllegalAccessException without the flag; anything else: a JDK whose internals differ.
                newBuilder = null;
                defaultScheduler = null;
                unavailable = "the JVM was started without " + FLAG + " ("
                        + e.getClass().getSimpleName() + ")";
            }
        }
        NEW_BUILDER = newBuilder;
        DEFAULT_SCHEDULER = defaultScheduler;
        UNAVAILABLE = unavailable;
    }

    private LoopCarrier() {}

    /** Returns whether coroutines run on their loop's thread. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /**
     * Returns an unstarted virtual thread that {@code scheduler} runs: each time the thread is ready to run (it
     * started, or was unparked, or yielded), the JDK hands {@code scheduler} a task that runs it on the calling
     * thread until it parks, yields or ends. Virtual threads started from inside it inherit {@code scheduler}.
     */
    static Thread newThread(Executor scheduler, String name, Runnable body) {
        MethodHandle nb = NEW_BUILDER;
        if (nb == null) {
            throw new IllegalStateException("coroutines cannot run on the loop thread: " + UNAVAILABLE);
        }
        try {
            Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) nb.invokeExact(scheduler);
            return builder.name(name).unstarted(body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("could not create a virtual thread carried by the loop", t);
        }
    }

    /**
     * Returns the JDK's own virtual-thread scheduler, which runs the virtual threads started inside a coroutine
     * (they inherit the coroutine's scheduler, which forwards them here).
     */
    static Executor defaultScheduler() {
        Executor s = DEFAULT_SCHEDULER;
        if (s == null) {
            throw new IllegalStateException("coroutines cannot run on the loop thread: " + UNAVAILABLE);
        }
        return s;
    }

    /**
     * Returns the carriers of coroutines while they are off their loop (in {@code offLoop}, or after their loop
     * closed): daemon platform threads, created as needed and kept 60 s when idle. Not the JDK's scheduler: on
     * its carrier threads the JDK resubmits a yielding virtual thread to that pool directly, not to the
     * thread's own scheduler, so the coroutine could never come back to its loop.
     */
    static Executor offLoop() {
        return OffLoop.CARRIERS;
    }

    /** Created on first use: most programs never call offLoop. */
    private static final class OffLoop {
        static final Executor CARRIERS = Executors.newCachedThreadPool(Thread.ofPlatform()
                .name("squall-offloop-carrier-", 1)
                .daemon(true)
                .factory());
    }
}
