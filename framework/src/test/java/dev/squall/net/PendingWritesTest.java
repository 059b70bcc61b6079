package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
    private final PendingWrites writes = new PendingWrites();

    @Test
    void aFutureCompletesOnlyOnceEveryByteBeforeItReachedTheKernel() {
        writes.enqueued(10);
        CompletableFuture<Void> first = writes.awaitEnqueued();
        writes.enqueued(5);
        CompletableFuture<Void> second = writes.awaitEnqueued();
        writes.written(12);
        writes.transportDrained();
        writes.completeConfirmed();
        assertTrue(first.isDone());
        assertFalse(second.isDone(), "3 of its bytes are not written yet");
        writes.written(3);
        writes.transportDrained();
        writes.completeConfirmed();
        assertTrue(second.isDone());
    }

    @Test
    void bytesTheTransportStillHoldsDoNotCount() {
        writes.enqueued(10);
        CompletableFuture<Void> f = writes.awaitEnqueued();
        writes.written(10); // taken by TLS, but its records are not in the kernel yet
        writes.completeConfirmed();
        assertFalse(f.isDone());
        writes.transportDrained();
        writes.completeConfirmed();
        assertTrue(f.isDone());
    }

    @Test
    void aFlushWithNothingEnqueuedCompletesAtOnce() {
        CompletableFuture<Void> f = writes.awaitEnqueued();
        writes.completeConfirmed();
        assertTrue(f.isDone());
    }

    @Test
    void failAllFailsEveryWaitingFuture() {
        writes.enqueued(1);
        CompletableFuture<Void> a = writes.awaitEnqueued();
        writes.enqueued(1);
        CompletableFuture<Void> b = writes.awaitEnqueued();
        writes.failAll(() -> new StreamClosedException("closed"));
        assertTrue(a.isCompletedExceptionally() && b.isCompletedExceptionally());
    }
}
