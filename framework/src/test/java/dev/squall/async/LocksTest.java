package dev.squall.async;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.AsyncTimeoutException;
import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocksTest extends LoopTestSupport {

    // ---------------------------------------------------------------------------------------- Lock

    @Test
    void aFreeLockIsAcquiredAtOnce() {
        Lock lock = new Lock();
        assertTrue(on(() -> lock.acquire().isDone() && lock.isLocked()));
    }

    @Test
    void waitersGetTheLockInArrivalOrderAsItIsReleased() {
        Lock lock = new Lock();
        List<String> order = new ArrayList<>();
        onLoop(() -> {
            lock.acquire();
            lock.acquire().thenRun(() -> order.add("first"));
            lock.acquire().thenRun(() -> order.add("second"));
        });
        onLoop(lock::release);
        assertEquals(List.of("first"), on(() -> List.copyOf(order)));
        onLoop(lock::release);
        assertEquals(List.of("first", "second"), on(() -> List.copyOf(order)));
    }

    @Test
    void closingAPermitReleasesTheLockExactlyOnce() {
        Lock lock = new Lock();
        boolean locked = on(() -> {
            Permit p = lock.acquire().join();
            p.close();
            p.close(); // second close: nothing
            return lock.isLocked();
        });
        assertFalse(locked);
        assertTrue(on(() -> lock.acquire().isDone()), "the lock was released twice or not at all");
    }

    @Test
    void releasingAnUnlockedLockThrows() {
        Lock lock = new Lock();
        IllegalStateException e = on(() -> assertThrows(IllegalStateException.class, lock::release));
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    @Test
    void acquireWithATimeoutFailsWithAsyncTimeoutExceptionOnTheLoopsClock() throws Exception {
        Lock lock = new Lock();
        CompletableFuture<Permit> waiter = on(() -> {
            lock.acquire();
            return lock.acquire(Duration.ofSeconds(1));
        });
        advance(Duration.ofMillis(999));
        assertFalse(waiter.isDone());
        advance(Duration.ofMillis(1));
        assertInstanceOf(AsyncTimeoutException.class, failureOf(waiter));
    }

    @Test
    void aWaiterThatTimedOutDoesNotReceiveTheLockLater() throws Exception {
        Lock lock = new Lock();
        CompletableFuture<Permit> gaveUp = on(() -> {
            lock.acquire();
            return lock.acquire(Duration.ofSeconds(1));
        });
        advance(Duration.ofSeconds(1));
        failureOf(gaveUp);
        onLoop(lock::release);
        assertFalse(on(lock::isLocked), "the lock went to a waiter that had timed out");
    }

    @Test
    void aCancelledWaiterIsSkipped() throws Exception {
        Lock lock = new Lock();
        List<CompletableFuture<Permit>> waiters = on(() -> {
            lock.acquire();
            return List.of(lock.acquire(), lock.acquire());
        });
        waiters.get(0).cancel(false); // from the test thread: the lock learns of it through the loop
        onLoop(lock::release);
        assertTrue(get(waiters.get(1)) != null);
    }

    @SuppressWarnings("try") // the permit is held for its scope, not read
    @Test
    void theLockKeepsTwoCoroutinesCriticalSectionsApartAcrossAwaits() throws Exception {
        Lock lock = new Lock();
        List<String> trace = new ArrayList<>();
        List<CompletableFuture<Void>> both = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            both.add(Coroutines.async(loop, () -> {
                for (int i = 0; i < 3; i++) {
                    try (Permit held = await(lock.acquire())) {
                        trace.add(name + "<");
                        CompletableFuture<Void> elsewhere = new CompletableFuture<>();
                        Thread.ofPlatform().start(() -> elsewhere.complete(null));
                        await(elsewhere); // gives the loop away while holding the lock
                        trace.add(name + ">");
                    }
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> f : both) {
            get(f);
        }
        List<String> t = on(() -> List.copyOf(trace));
        assertEquals(12, t.size());
        for (int i = 0; i < t.size(); i += 2) {
            assertEquals(t.get(i).charAt(0), t.get(i + 1).charAt(0), "critical sections overlapped: " + t);
        }
    }

    @Test
    void aLockUsedOffTheLoopSaysSo() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(e.getMessage().contains("Lock.acquire() was called on thread"), e.getMessage());
        assertTrue(e.getMessage().contains("neither an event loop nor a coroutine"), e.getMessage());
    }

    @Test
    void aLockUsedOnTwoLoopsNamesBoth() {
        Lock lock = new Lock();
        onLoop(lock::acquire);
        try (IOLoop other = IOLoop.builder().name("other-loop").daemon(true).build()) {
            IllegalStateException e = other.runSync(
                    () -> CompletableFuture.completedFuture(assertThrows(IllegalStateException.class, lock::release)),
                    WAIT);
            assertTrue(
                    e.getMessage().contains("'other-loop'") && e.getMessage().contains("'test-loop'"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------- Semaphore

    @Test
    void aSemaphoreHandsOutItsPermitsThenQueuesWaiters() {
        Semaphore s = new Semaphore(2);
        List<Boolean> done = on(() ->
                List.of(s.acquire().isDone(), s.acquire().isDone(), s.acquire().isDone()));
        assertEquals(List.of(true, true, false), done);
        assertEquals(0, (int) on(s::available));
    }

    @Test
    void aReleasedPermitGoesToTheLongestWaiter() {
        Semaphore s = new Semaphore(0);
        List<CompletableFuture<Permit>> waiters = on(() -> List.of(s.acquire(), s.acquire()));
        onLoop(s::release);
        assertTrue(waiters.get(0).isDone());
        assertFalse(waiters.get(1).isDone());
        assertEquals(0, (int) on(s::available));
    }

    @Test
    void semaphoreAcquireWithATimeoutFailsWithAsyncTimeoutException() throws Exception {
        Semaphore s = new Semaphore(0);
        CompletableFuture<Permit> waiter = on(() -> s.acquire(Duration.ofMillis(50)));
        advance(Duration.ofMillis(50));
        Throwable e = failureOf(waiter);
        assertInstanceOf(AsyncTimeoutException.class, e);
        assertTrue(e.getMessage().contains("Semaphore.acquire() timed out after PT0.05S"), e.getMessage());
    }

    @Test
    void aPlainSemaphoreMayBeReleasedAboveItsInitialCount() {
        Semaphore s = new Semaphore(1);
        onLoop(s::release);
        assertEquals(2, (int) on(s::available));
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedTooOften() {
        BoundedSemaphore s = new BoundedSemaphore(1);
        onLoop(() -> s.acquire().join().close());
        IllegalStateException e = on(() -> assertThrows(IllegalStateException.class, s::release));
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        assertEquals(1, (int) on(s::available));
    }

    @Test
    void aSemaphoreRefusesANegativeCount() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    }

    // ---------------------------------------------------------------------------------------- Event

    @Test
    void waitersOfAnEventCompleteWhenItIsSet() {
        Event event = new Event();
        List<CompletableFuture<?>> waiters = on(() -> List.of(event.waitFor(), event.waitFor()));
        assertFalse(waiters.get(0).isDone() || waiters.get(1).isDone());
        onLoop(event::set);
        assertTrue(waiters.get(0).isDone() && waiters.get(1).isDone());
    }

    @Test
    void waitingForASetEventCompletesAtOnceUntilItIsCleared() {
        Event event = new Event();
        onLoop(event::set);
        assertTrue(on(() -> event.isSet() && event.waitFor().isDone()));
        onLoop(event::clear);
        assertFalse(on(() -> event.isSet() || event.waitFor().isDone()));
    }

    @Test
    void eventWaitWithATimeoutFailsWithAsyncTimeoutException() throws Exception {
        Event event = new Event();
        CompletableFuture<?> waiter = on(() -> event.waitFor(Duration.ofSeconds(3)));
        advance(Duration.ofSeconds(2));
        assertFalse(waiter.isDone());
        advance(Duration.ofSeconds(1));
        assertInstanceOf(AsyncTimeoutException.class, failureOf(waiter));
    }

    @Test
    void aCoroutineAwaitsAnEventSetByAnotherCoroutine() throws Exception {
        Event ready = new Event();
        CompletableFuture<String> waiter = Coroutines.async(loop, () -> {
            await(ready.waitFor());
            return "woken";
        });
        Coroutines.async(loop, () -> {
            ready.set();
            return null;
        });
        assertEquals("woken", get(waiter));
    }

    // ---------------------------------------------------------------------------------------- Condition

    @Test
    void signalWakesTheLongestWaiterWithTrue() throws Exception {
        Condition c = new Condition();
        List<CompletableFuture<Boolean>> waiters = on(() -> List.of(c.waitFor(), c.waitFor()));
        onLoop(c::signal);
        assertTrue(get(waiters.get(0)));
        assertFalse(waiters.get(1).isDone());
    }

    @Test
    void signalNWakesNWaiters() {
        Condition c = new Condition();
        List<CompletableFuture<Boolean>> waiters = on(() -> List.of(c.waitFor(), c.waitFor(), c.waitFor()));
        onLoop(() -> c.signal(2));
        assertEquals(
                List.of(true, true, false),
                waiters.stream().map(CompletableFuture::isDone).toList());
        assertEquals(1, (int) on(c::waiting));
    }

    @Test
    void signalAllWakesEveryWaiter() {
        Condition c = new Condition();
        List<CompletableFuture<Boolean>> waiters = on(() -> List.of(c.waitFor(), c.waitFor(), c.waitFor()));
        onLoop(c::signalAll);
        assertTrue(waiters.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void conditionWaitWithATimeoutCompletesFalse() throws Exception {
        Condition c = new Condition();
        CompletableFuture<Boolean> waiter = on(() -> c.waitFor(Duration.ofSeconds(30)));
        advance(Duration.ofSeconds(30));
        assertFalse(get(waiter));
        assertEquals(0, (int) on(c::waiting));
    }

    @Test
    void aWaiterThatWaitsAgainWhenWokenIsNotWokenBySameSignalAll() {
        Condition c = new Condition();
        List<CompletableFuture<Boolean>> again = new ArrayList<>();
        onLoop(() -> c.waitFor().thenRun(() -> again.add(c.waitFor())));
        onLoop(c::signalAll);
        assertEquals(1, (int) on(again::size));
        assertFalse(again.get(0).isDone());
    }

    @Test
    void signalOfANegativeCountIsRefused() {
        Condition c = new Condition();
        on(() -> assertThrows(IllegalArgumentException.class, () -> c.signal(-1)));
    }
}
