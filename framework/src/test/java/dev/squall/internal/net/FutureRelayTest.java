package dev.squall.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FutureRelayTest {
    private final CompletableFuture<String> result = new CompletableFuture<>();

    @Test
    void theResultCompletesWhenTheOperationsFutureDoes() throws Exception {
        CompletableFuture<String> op = new CompletableFuture<>();
        FutureRelay.relay(() -> op, result);
        assertFalse(result.isDone(), "waits for the operation's future");
        op.complete("done");
        assertEquals("done", result.get());
    }

    @Test
    void theResultFailsAsTheOperationsFutureDoes() {
        IllegalStateException error = new IllegalStateException("failed");
        FutureRelay.relay(() -> CompletableFuture.failedFuture(error), result);
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertSame(error, e.getCause());
    }

    @Test
    void anOperationThatThrowsFailsTheResult() {
        IllegalArgumentException error = new IllegalArgumentException("bad argument");
        FutureRelay.relay(
                () -> {
                    throw error;
                },
                result);
        ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertSame(error, e.getCause());
    }
}
