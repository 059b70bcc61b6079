package dev.squall.async;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.AsyncTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class QueueTest extends LoopTestSupport {

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        Queue<String> q = new Queue<>();
        List<String> out = on(() -> {
            q.offer("a");
            q.offer("b");
            q.offer("c");
            return List.of(q.get().join(), q.poll(), q.get().join());
        });
        assertEquals(List.of("a", "b", "c"), out);
    }

    @Test
    void getWaitsForThePutThatFollows() throws Exception {
        Queue<String> q = new Queue<>();
        CompletableFuture<String> got = on(q::get);
        assertFalse(got.isDone());
        onLoop(() -> q.put("x"));
        assertEquals("x", get(got));
        assertEquals(0, (int) on(q::size));
    }

    @Test
    void waitingGettersAreServedInArrivalOrder() throws Exception {
        Queue<Integer> q = new Queue<>();
        List<CompletableFuture<Integer>> getters = on(() -> List.of(q.get(), q.get()));
        onLoop(() -> {
            q.offer(1);
            q.offer(2);
        });
        assertEquals(1, get(getters.get(0)));
        assertEquals(2, get(getters.get(1)));
    }

    @Test
    void putToAFullQueueWaitsUntilAnItemIsTaken() throws Exception {
        Queue<String> q = new Queue<>(1);
        CompletableFuture<?> second = on(() -> {
            q.put("first");
            return q.put("second");
        });
        assertFalse(second.isDone());
        assertTrue(on(q::isFull));
        assertEquals("first", on(q::poll));
        get(second);
        assertEquals(List.of("second"), on(() -> List.of(q.poll())));
    }

    @Test
    void offerAnswersFalseWhenFullAndPollNullWhenEmpty() {
        Queue<String> q = new Queue<>(1);
        assertEquals(List.of(true, false), on(() -> List.of(q.offer("a"), q.offer("b"))));
        assertEquals("a", on(q::poll));
        assertNull(on(q::poll));
    }

    @Test
    void getWithATimeoutFailsWithAsyncTimeoutExceptionOnTheLoopsClock() throws Exception {
        Queue<String> q = new Queue<>();
        CompletableFuture<String> got = on(() -> q.get(Duration.ofSeconds(10)));
        advance(Duration.ofSeconds(9));
        assertFalse(got.isDone());
        advance(Duration.ofSeconds(1));
        Throwable e = failureOf(got);
        assertInstanceOf(AsyncTimeoutException.class, e);
        assertTrue(e.getMessage().contains("Queue.get() timed out after PT10S"), e.getMessage());
    }

    @Test
    void aGetterThatTimedOutDoesNotSwallowTheNextItem() throws Exception {
        Queue<String> q = new Queue<>();
        CompletableFuture<String> gaveUp = on(() -> q.get(Duration.ofSeconds(1)));
        advance(Duration.ofSeconds(1));
        failureOf(gaveUp);
        onLoop(() -> q.offer("kept"));
        assertEquals("kept", on(q::poll));
    }

    @Test
    void aCancelledGetterDoesNotSwallowTheNextItem() throws Exception {
        Queue<String> q = new Queue<>();
        List<CompletableFuture<String>> getters = on(() -> List.of(q.get(), q.get()));
        getters.get(0).cancel(false);
        onLoop(() -> q.offer("item"));
        assertEquals("item", get(getters.get(1)));
    }

    @Test
    void putWithATimeoutFailsAndDoesNotAddTheItem() throws Exception {
        Queue<String> q = new Queue<>(1);
        CompletableFuture<?> put = on(() -> {
            q.offer("in");
            return q.put("out", Duration.ofMillis(100));
        });
        advance(Duration.ofMillis(100));
        assertInstanceOf(AsyncTimeoutException.class, failureOf(put));
        assertEquals(List.of("in"), on(() -> List.of(q.poll())));
        assertNull(on(q::poll));
    }

    @Test
    void joinCompletesWhenEveryItemPutIsMarkedDone() throws Exception {
        Queue<String> q = new Queue<>();
        CompletableFuture<?> joined = on(() -> {
            q.offer("a");
            q.offer("b");
            return q.join();
        });
        onLoop(() -> {
            q.poll();
            q.taskDone();
        });
        assertFalse(joined.isDone());
        onLoop(() -> {
            q.poll();
            q.taskDone();
        });
        get(joined);
    }

    @Test
    void joinOfAQueueWithNothingUnfinishedCompletesAtOnce() {
        Queue<String> q = new Queue<>();
        assertTrue(on(() -> q.join().isDone()));
    }

    @Test
    void joinWithATimeoutFailsWithAsyncTimeoutException() throws Exception {
        Queue<String> q = new Queue<>();
        CompletableFuture<?> joined = on(() -> {
            q.offer("never done");
            return q.join(Duration.ofMinutes(5));
        });
        advance(Duration.ofMinutes(5));
        assertInstanceOf(AsyncTimeoutException.class, failureOf(joined));
    }

    @Test
    void taskDoneMoreOftenThanItemsWerePutThrows() {
        Queue<String> q = new Queue<>();
        IllegalStateException e = on(() -> assertThrows(IllegalStateException.class, q::taskDone));
        assertTrue(e.getMessage().contains("more times than items were put"), e.getMessage());
    }

    @Test
    void nullItemsAreRefused() {
        Queue<String> q = new Queue<>();
        on(() -> assertThrows(NullPointerException.class, () -> q.offer(null)));
    }

    @Test
    void aNegativeMaxSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Queue<String>(-1));
    }

    @Test
    void aQueueUsedOffTheLoopSaysSo() {
        Queue<String> q = new Queue<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.offer("x"));
        assertTrue(e.getMessage().contains("Queue.offer() was called on thread"), e.getMessage());
    }

    @Test
    void aPriorityQueueHandsOutTheSmallestItemFirst() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        List<Integer> out = on(() -> {
            q.offer(3);
            q.offer(1);
            q.offer(2);
            return List.of(q.poll(), q.poll(), q.poll());
        });
        assertEquals(List.of(1, 2, 3), out);
    }

    @Test
    void aPriorityQueueOrdersByItsComparator() {
        PriorityQueue<String> q = new PriorityQueue<>(Queue.UNBOUNDED, Comparator.comparing(String::length));
        List<String> out = on(() -> {
            q.offer("ccc");
            q.offer("a");
            q.offer("bb");
            return List.of(q.poll(), q.poll(), q.poll());
        });
        assertEquals(List.of("a", "bb", "ccc"), out);
    }

    @Test
    void aLifoQueueHandsOutTheNewestItemFirst() {
        LifoQueue<Integer> q = new LifoQueue<>();
        List<Integer> out = on(() -> {
            q.offer(1);
            q.offer(2);
            q.offer(3);
            return List.of(q.poll(), q.poll(), q.poll());
        });
        assertEquals(List.of(3, 2, 1), out);
    }

    @Test
    void aBoundedLifoQueueAdmitsAWaitingPutterWhenAnItemIsTaken() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>(2);
        CompletableFuture<?> put = on(() -> {
            q.offer(1);
            q.offer(2);
            return q.put(3);
        });
        assertEquals(2, on(q::poll));
        get(put);
        assertEquals(List.of(3, 1), on(() -> List.of(q.poll(), q.poll())));
    }

    @Test
    void workerCoroutinesDrainAQueueAndJoinSeesEveryTaskDone() throws Exception {
        Queue<Integer> jobs = new Queue<>(3);
        List<Integer> processed = new ArrayList<>();
        List<Coroutine<Object>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Coroutines.launch(loop, () -> {
                while (true) {
                    int job = await(jobs.get());
                    try {
                        CompletableFuture<Void> work = new CompletableFuture<>();
                        Thread.ofPlatform().start(() -> work.complete(null));
                        await(work);
                        processed.add(job);
                    } finally {
                        jobs.taskDone();
                    }
                }
            }));
        }
        CompletableFuture<Void> producer = Coroutines.async(loop, () -> {
            for (int i = 0; i < 20; i++) {
                await(jobs.put(i)); // waits while the queue is full
            }
            await(jobs.join());
            return null;
        });
        get(producer);
        List<Integer> done = on(() -> processed.stream().sorted().toList());
        assertEquals(20, done.size());
        assertEquals(0, done.get(0));
        assertEquals(19, done.get(19));
        workers.forEach(Coroutine::cancel);
        for (Coroutine<Object> w : workers) {
            assertInstanceOf(java.util.concurrent.CancellationException.class, failureOf(w.future()));
        }
    }
}
