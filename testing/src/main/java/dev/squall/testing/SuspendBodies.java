package dev.squall.testing;

import dev.squall.kotlin.LoopsKt;
import dev.squall.loop.IOLoop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.jvm.functions.Function2;
import kotlinx.coroutines.CoroutineScope;
import org.jspecify.annotations.Nullable;

/**
 * Runs a Kotlin {@code suspend fun} test method as a coroutine on the test's loop. Loaded only for such a method
 * (after {@link AsyncBodies} checked that squall-kotlin is there), so that Java users need neither Kotlin nor
 * {@code squall-kotlin}.
 */
final class SuspendBodies {
    private SuspendBodies() {}

    /**
     * Starts {@code method} on {@code loop}'s dispatcher with {@code args} and the coroutine's continuation.
     *
     * @return a future completed on the loop with the function's value or failure; cancelling it cancels the coroutine
     */
    static CompletableFuture<@Nullable Object> start(
            IOLoop loop, Method method, @Nullable Object target, Object[] args) {
        Function2<CoroutineScope, Continuation<? super @Nullable Object>, @Nullable Object> body =
                (scope, continuation) -> {
                    Object[] all = Arrays.copyOf(args, args.length + 1);
                    all[args.length] = continuation;
                    try {
                        method.setAccessible(true);
                        return method.invoke(target, all); // the value, or COROUTINE_SUSPENDED
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        throw TestScope.Sneaky.rethrow(cause != null ? cause : e);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot call " + method, e);
                    }
                };
        return LoopsKt.future(loop, EmptyCoroutineContext.INSTANCE, body);
    }
}
