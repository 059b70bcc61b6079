package dev.squall.async;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link Coroutines#launchNow}: on the loop's thread the coroutine runs within the caller's task; elsewhere it is queued. */
class CoroutineStartNowTest extends LoopTestSupport {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void onTheLoopThreadACoroutineThatDoesNotWaitCompletesBeforeStartNowReturns() throws Exception {
        boolean done = on(() -> {
            Coroutine<String> c = Coroutines.launchNow(loop, () -> {
                events.add("body, inEventLoop=" + loop.inEventLoop() + " virtual="
                        + Thread.currentThread().isVirtual());
                return "v";
            });
            events.add("returned");
            return c.future().isDone();
        });
        assertTrue(done);
        assertEquals(List.of("body, inEventLoop=true virtual=true", "returned"), events);
    }

    @Test
    void onTheLoopThreadTheCoroutineRunsUntilItsFirstPendingAwaitThenTheCallerContinues() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> result = on(() -> {
            Coroutine<String> c = Coroutines.launchNow(loop, () -> {
                events.add("before await");
                String v = await(pending);
                events.add("after await");
                return v;
            });
            events.add("caller continues");
            return c.future();
        });
        assertEquals(List.of("before await", "caller continues"), events);
        assertFalse(result.isDone());
        pending.complete("x");
        assertEquals("x", get(result));
        assertEquals(List.of("before await", "caller continues", "after await"), events);
    }

    @Test
    void queuedLoopTasksRunAfterAStartNowCoroutineButBeforeALaunchedOne() throws Exception {
        CompletableFuture<Void> both = on(() -> {
            loop.execute(() -> events.add("queued task"));
            CompletableFuture<?> launched = Coroutines.async(loop, () -> events.add("launched"));
            CompletableFuture<?> now =
                    Coroutines.launchNow(loop, () -> events.add("startNow")).future();
            return CompletableFuture.allOf(launched, now);
        });
        get(both);
        assertEquals(List.of("startNow", "queued task", "launched"), events);
    }

    @Test
    void fromAnotherThreadStartNowQueuesTheCoroutineOnTheLoop() throws Exception {
        Coroutine<String> c =
                Coroutines.launchNow(loop, () -> Thread.currentThread().isVirtual() + " " + loop.inEventLoop());
        assertEquals("true true", get(c.future()));
    }

    @Test
    void insideACoroutineStartNowQueuesTheInnerOneInsteadOfNestingIt() throws Exception {
        CompletableFuture<String> outer = Coroutines.async(loop, () -> {
            Coroutine<String> inner = Coroutines.launchNow(loop, () -> {
                events.add("inner");
                return "inner done";
            });
            events.add("outer continues");
            return await(inner.future());
        });
        assertEquals("inner done", get(outer));
        assertEquals(List.of("outer continues", "inner"), events);
    }

    @Test
    void aStartNowCoroutineCanBeCancelledWhileItWaits() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Coroutine<String> c = on(() -> Coroutines.launchNow(loop, () -> await(pending)));
        c.cancel();
        assertTrue(failureOf(c.future()) instanceof java.util.concurrent.CancellationException);
        assertTrue(pending.isCancelled());
    }
}
