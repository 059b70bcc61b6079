package dev.squall.web;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@link StreamRequestBody} request, read chunk by chunk as the client sends it: the natural form for
 * coroutine and Kotlin handlers.
 *
 * <pre>{@code
 * @StreamRequestBody
 * final class Upload extends CoroutineRequestHandler {
 *     @Override public void put() throws IOException {
 *         RequestBodySource body = requestBody();
 *         try (FileChannel file = FileChannel.open(target, CREATE_NEW, WRITE)) {
 *             for (ByteBuffer chunk; (chunk = await(body.read())) != null; ) {
 *                 while (chunk.hasRemaining()) file.write(chunk);
 *             }
 *         }
 *         write(Map.of("size", body.bytesRead()));
 *     }
 * }
 * }</pre>
 *
 * <p>Flow control is the reading itself: the server stops reading the socket while a chunk waits for the next
 * {@link #read()}. Loop thread only (a coroutine holding the loop counts).
 */
public interface RequestBodySource {
    /**
     * Returns the next chunk of the body: its bytes are valid until the next {@code read()}, which also tells the
     * server to read on. Call it again only once the returned future has completed.
     *
     * @return a future (completed on the loop) of the next chunk, or of null at the end of the body; it fails with
     *     an {@link HttpError} (413, 400, 408) when the body cannot be read on, or when the client went away
     * @throws IllegalStateException if a read is already pending, or off the loop
     */
    CompletableFuture<@Nullable ByteBuffer> read();

    /** Returns how many body bytes {@link #read()} has handed out so far. Loop thread. */
    long bytesRead();
}
