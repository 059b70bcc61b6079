package dev.squall.httpclient;

import java.util.concurrent.CompletionStage;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Receives a response body chunk by chunk instead of buffering it, as Tornado's {@code streaming_callback}.
 * With a streaming callback the final {@link HttpResponse#body()} is empty.
 *
 * <p>Called on the client's loop, in order, with the body after decompression. Returning an unfinished stage
 * applies backpressure: the client stops reading from the socket until it completes (a slow consumer slows
 * the server, not the heap). Return null to go on at once. A callback that throws, or a stage that fails,
 * aborts the request with that error.
 */
@FunctionalInterface
public interface StreamingCallback {
    /**
     * Handles one chunk.
     *
     * @param chunk the next bytes of the body; never empty
     * @return null to continue at once, or a stage that completes when the next chunk may come
     */
    @Nullable
    CompletionStage<?> onChunk(ByteString chunk);
}
