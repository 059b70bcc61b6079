package dev.squall.async;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WaitIteratorTest extends LoopTestSupport {

    @Test
    void handsOutOutcomesInTheOrderTheyCompleteWithTheirIndex() throws Exception {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        CompletableFuture<List<String>> seen = Coroutines.async(loop, () -> {
            WaitIterator<Integer, String> it = WaitIterator.of(List.of(a, b, c));
            List<String> s = new ArrayList<>();
            loop.execute(() -> c.complete("c"));
            while (!it.done()) {
                String v = await(it.next());
                s.add(it.currentKey() + "=" + v);
                if (v.equals("c")) {
                    Thread.ofPlatform().start(() -> a.complete("a"));
                } else if (v.equals("a")) {
                    loop.execute(() -> b.complete("b"));
                }
            }
            return s;
        });
        assertEquals(List.of("2=c", "0=a", "1=b"), get(seen));
    }

    @Test
    void aFailedInputFailsItsNextFutureAndIterationGoesOn() throws Exception {
        IOException boom = new IOException("boom");
        Map<String, CompletableFuture<String>> inputs = new LinkedHashMap<>();
        inputs.put("bad", CompletableFuture.failedFuture(boom));
        inputs.put("good", CompletableFuture.completedFuture("fine"));
        CompletableFuture<List<Object>> seen = Coroutines.async(loop, () -> {
            WaitIterator<String, String> it = WaitIterator.of(inputs);
            List<Object> s = new ArrayList<>();
            while (!it.done()) {
                try {
                    s.add(await(it.next()));
                } catch (Exception e) { // await rethrows the IOException as it is, undeclared
                    s.add(e);
                }
                s.add(it.currentKey());
            }
            return s;
        });
        List<Object> s = get(seen);
        assertEquals(4, s.size());
        assertSame(boom, s.get(0));
        assertEquals(List.of("bad", "fine", "good"), List.of(s.get(1), s.get(2), s.get(3)));
    }

    @Test
    void anIteratorOverNothingIsDoneAtOnce() {
        assertTrue(
                on(() -> WaitIterator.of(List.<CompletableFuture<String>>of()).done()));
    }

    @Test
    void currentKeyIsNullBeforeTheFirstOutcome() {
        assertNull(on(
                () -> WaitIterator.of(List.of(new CompletableFuture<String>())).currentKey()));
    }

    @Test
    void nextAfterTheLastOutcomeIsRefused() {
        IllegalStateException e = on(() -> {
            WaitIterator<Integer, String> it = WaitIterator.of(List.of(CompletableFuture.completedFuture("x")));
            it.next();
            assertTrue(it.done());
            return assertThrows(IllegalStateException.class, it::next);
        });
        assertTrue(e.getMessage().contains("while !done()"), e.getMessage());
    }

    @Test
    void nextWhileThePreviousIsPendingIsRefused() {
        IllegalStateException e = on(() -> {
            WaitIterator<Integer, String> it =
                    WaitIterator.of(List.of(new CompletableFuture<String>(), new CompletableFuture<String>()));
            assertFalse(it.next().isDone());
            return assertThrows(IllegalStateException.class, it::next);
        });
        assertTrue(e.getMessage().contains("previous next() is pending"), e.getMessage());
    }
}
