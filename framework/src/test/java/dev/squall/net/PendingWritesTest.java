package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
    private final PendingWrites writes = new PendingWrites();

    /** Gives the stream {@code n} bytes, and returns the future of them reaching the kernel. */
    private CompletableFuture<Void> write(long n) {
        writes.enqueued(n);
        return writes.awaitEnqueued();
    }

    /** The transport takes {@code n} bytes and holds none back; the futures whose bytes are all out complete. */
    private void kernelTakes(long n) {
        writes.written(n);
        writes.transportDrained();
        writes.completeConfirmed();
    }

    @Test
    void aFutureCompletesOnlyOnceEveryByteBeforeItReachedTheKernel() {
        CompletableFuture<Void> first = write(10);
        CompletableFuture<Void> second = write(5);
        kernelTakes(12);
        assertTrue(first.isDone());
        assertFalse(second.isDone(), "3 of its bytes are not written yet");
        kernelTakes(3);
        assertTrue(second.isDone());
    }

    @Test
    void bytesTheTransportStillHoldsDoNotCount() {
        CompletableFuture<Void> f = write(10);
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
        CompletableFuture<Void> a = write(1);
        CompletableFuture<Void> b = write(1);
        writes.failAll(() -> new StreamClosedException("closed"));
        assertTrue(a.isCompletedExceptionally() && b.isCompletedExceptionally());
    }
}
