package dev.squall.testing;

import dev.squall.async.Coroutines;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/** Starts the bodies of {@link AsyncTest} methods on the test's loop, in each of the three styles. */
final class AsyncBodies {
    /** The type a Kotlin suspend function takes last; named, so that Java-only users need no Kotlin. */
    static final String CONTINUATION = "kotlin.coroutines.Continuation";

    private AsyncBodies() {}

    /**
     * Fails fast where JUnit would skip: Jupiter 5.13 and later check a {@code @TestFactory}'s declared return
     * type at discovery and do not run one that returns a {@link CompletionStage} (only a warning says so).
     *
     * @param jupiterVersion the running Jupiter's version, e.g. {@code 5.11.4} (null when unknown: no check)
     * @throws PreconditionViolationException naming the first such method and the way out
     */
    static void checkStageTestsCanRun(Class<?> testClass, @Nullable String jupiterVersion) {
        if (jupiterVersion == null || !atLeast(jupiterVersion, 5, 13)) {
            return;
        }
        for (Method m :
                AnnotationSupport.findAnnotatedMethods(testClass, AsyncTest.class, HierarchyTraversalMode.TOP_DOWN)) {
            if (CompletionStage.class.isAssignableFrom(m.getReturnType())) {
                throw new PreconditionViolationException("@AsyncTest method " + m.getName() + " returns a "
                        + m.getReturnType().getSimpleName() + ", which JUnit Jupiter " + jupiterVersion + " does not "
                        + "run (from 5.13 it checks what a test factory returns); declare it void and await the stage "
                        + "in it: @AsyncTest void " + m.getName() + "(...) { await(stage); }");
            }
        }
    }

    /** Whether a version string such as {@code 5.13.0-M1} is at least {@code major.minor}. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isAsyncTest(Method method) {
        return AnnotationSupport.isAnnotated(method, AsyncTest.class);
    }

    /** Whether {@code method} is a Kotlin suspend function: its last parameter is the continuation. */
    static boolean isSuspend(Method method) {
        Class<?>[] types = method.getParameterTypes();
        return types.length > 0 && types[types.length - 1].getName().equals(CONTINUATION);
    }

    /** Runs a {@code void} body as a coroutine on {@code loop}; the future completes when it returns. */
    static CompletableFuture<@Nullable Object> coroutine(IOLoop loop, Invocation<@Nullable Void> invocation) {
        return Coroutines.async(loop, () -> {
            try {
                return invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw TestScope.Sneaky.rethrow(t);
            }
        });
    }

    /**
     * Starts a value-returning body on {@code loop}: a Kotlin suspend function as a coroutine on the loop's
     * dispatcher, otherwise a method returning a {@link CompletionStage}, called on the loop. Blocks until the
     * method was called; call it under the test's time limit.
     *
     * @throws PreconditionViolationException if the method returns anything else
     */
    static CompletableFuture<@Nullable Object> start(
            IOLoop loop, Invocation<?> invocation, ReflectiveInvocationContext<Method> context)
            throws InterruptedException, ExecutionException {
        Method method = context.getExecutable();
        if (isSuspend(method)) {
            try {
                Class.forName("dev.squall.kotlin.LoopsKt", false, AsyncBodies.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PreconditionViolationException(
                        "@AsyncTest suspend fun " + method.getName() + " needs "
                                + "squall-kotlin (dev.squall:squall-kotlin) on the test class path",
                        e);
            }
            invocation.skip();
            List<@Nullable Object> args = context.getArguments();
            Object[] withoutContinuation = Arrays.copyOf(args.toArray(), args.size() - 1);
            return SuspendBodies.start(loop, method, context.getTarget().orElse(null), withoutContinuation);
        }
        if (!CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            throw new PreconditionViolationException("@AsyncTest method " + method.getName() + " returns "
                    + method.getReturnType().getSimpleName() + "; an @AsyncTest returns a CompletionStage, or void "
                    + "to run as a coroutine, or is a Kotlin suspend function");
        }
        CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
        CompletableFuture<@Nullable Void> called = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                Object stage;
                try {
                    stage = invocation.proceed();
                } finally {
                    called.complete(null);
                }
                if (stage == null) {
                    throw new IllegalStateException("@AsyncTest method " + method.getName() + " returned null "
                            + "instead of a CompletionStage");
                }
                CompletionStage<?> returned = (CompletionStage<?>) stage;
                result.whenComplete((value, failure) -> {
                    if (result.isCancelled()) {
                        cancel(returned); // the test gave up on it: stop what it does
                    }
                });
                TestScope.relay(returned, result);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        // JUnit insists that the method was called by the time the interceptor returns; the stage may take longer.
        called.get();
        return result;
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException e) {
            // A stage that cannot be cancelled runs on until the loop closes.
        }
    }

    /**
     * Waits (on the harness's test thread, which enforces the time limit) for a body started on the loop, and
     * rethrows its failure as it is. On timeout the harness interrupts this wait; the body is then cancelled.
     */
    static @Nullable Object await(CompletableFuture<@Nullable Object> body) throws Throwable {
        try {
            return body.get();
        } catch (ExecutionException e) {
            throw Futures.unwrap(e);
        } catch (InterruptedException e) {
            body.cancel(true);
            throw e;
        }
    }
}
