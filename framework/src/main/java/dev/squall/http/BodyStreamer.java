package dev.squall.http;

import dev.squall.internal.http.ChunkedDecoder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Hands one streamed request body to its {@link RequestBodyReceiver} as the bytes arrive: the connection's
 * half of {@link HttpHandler#headReceived}. It frames ({@code Content-Length} or chunked), counts against the
 * receiver's limit and stops at a pending stage; the connection does the pausing, the timers and the answers.
 * Made only for streamed requests, so buffered ones pay nothing for it. Loop thread only.
 */
final class BodyStreamer {
    /** {@link #read} result: the input ended before the body; more is needed. */
    static final int NEED_MORE = 0;
    /** {@link #read} result: the whole body was delivered. */
    static final int DONE = 1;
    /** {@link #read} result: the receiver returned a pending stage ({@link #pending()}); stop reading. */
    static final int PAUSED = 2;
    /** {@link #read} result: the body is malformed or over the limit ({@link #errorStatus()}, {@link #errorMessage()}). */
    static final int ERROR = -1;
    /** {@link #read} result: the response was finished meanwhile (the connection's state changed); stop. */
    static final int STOPPED = 3;

    final RequestBodyReceiver receiver;
    private final @Nullable ChunkedDecoder chunked;
    private final long limit;
    private long remaining;
    private long received;
    private @Nullable CompletionStage<?> pending;
    private int errorStatus;
    private String errorMessage = "";

    /**
     * @param receiver where the body goes
     * @param contentLength the announced length, or -1 for a chunked body
     * @param limit the most body bytes accepted
     * @param maxTrailerBytes the most trailer bytes of a chunked body
     */
    BodyStreamer(RequestBodyReceiver receiver, long contentLength, long limit, int maxTrailerBytes) {
        this.receiver = receiver;
        this.limit = limit;
        this.remaining = contentLength;
        this.chunked = contentLength < 0 ? new ChunkedDecoder(Long.MAX_VALUE, maxTrailerBytes) : null;
    }

    /** Returns the stage the receiver returned with the last {@link #PAUSED}. */
    CompletionStage<?> pending() {
        CompletionStage<?> p = pending;
        assert p != null : "read() returned PAUSED";
        return p;
    }

    /**
     * Returns whether every byte of a {@code Content-Length} body was delivered, so that the next {@link #read}
     * returns {@link #DONE} without input. Always false for a chunked body, whose end is a frame of its own.
     */
    boolean isComplete() {
        return chunked == null && remaining == 0;
    }

    int errorStatus() {
        return errorStatus;
    }

    String errorMessage() {
        return errorMessage;
    }

    /**
     * Delivers what {@code buf} holds of the body, advancing its position past what was delivered.
     *
     * @param buf the connection's input
     * @param stillReading tells whether the connection still streams this body after a receiver call
     * @return {@link #NEED_MORE}, {@link #DONE}, {@link #PAUSED}, {@link #STOPPED} or {@link #ERROR}
     * @throws Exception what the receiver threw
     */
    int read(ByteBuffer buf, BooleanSupplier stillReading) throws Exception {
        ChunkedDecoder d = chunked;
        while (true) {
            int n;
            if (d == null) {
                if (remaining == 0) {
                    return DONE;
                }
                n = (int) Math.min(remaining, buf.remaining());
                if (n == 0) {
                    return NEED_MORE;
                }
                remaining -= n;
            } else {
                int r = d.next(buf);
                if (r == ChunkedDecoder.ERROR) {
                    return error(d.errorStatus(), d.errorMessage());
                }
                if (r != ChunkedDecoder.DATA) {
                    return r == ChunkedDecoder.DONE ? DONE : NEED_MORE;
                }
                n = d.dataLength();
            }
            received += n;
            if (received > limit) {
                return error(413, "the request body is larger than the limit of " + limit + " bytes");
            }
            int start = buf.position();
            ByteBuffer chunk = buf.slice(start, n);
            buf.position(start + n);
            CompletionStage<?> stage = receiver.dataReceived(chunk);
            if (!stillReading.getAsBoolean()) {
                return STOPPED;
            }
            // getClass(), not instanceof: a completedStage() is a CompletableFuture subclass whose isDone() throws.
            if (stage != null
                    && !(stage.getClass() == CompletableFuture.class && ((CompletableFuture<?>) stage).isDone())) {
                pending = stage;
                return PAUSED;
            }
        }
    }

    private int error(int status, String message) {
        errorStatus = status;
        errorMessage = message;
        return ERROR;
    }
}
