package dev.squall.httpclient;

import dev.squall.loop.IOLoop;
import dev.squall.net.StreamClosedException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;

/**
 * The sink a {@link BodyProducer} writes a request body to. Each write returns a future that completes, on
 * the client's loop, when the chunk has been handed to the kernel — wait for it before producing more to
 * keep memory bounded.
 *
 * <p>May be called from any thread; writes from one thread go out in order. After the request finished or
 * failed, writes fail with {@link dev.squall.net.StreamClosedException}.
 */
public final class BodyWriter {
    /** What the connection does with a chunk; package-private so only the client can create writers. */
    interface Sink {
        CompletableFuture<Void> writeChunk(ByteString chunk);
    }

    private final IOLoop loop;
    private final Sink sink;

    BodyWriter(IOLoop loop, Sink sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /**
     * Writes a chunk of the body. An empty chunk is a no-op (it does not end a chunked body).
     *
     * @param chunk the bytes
     * @return a future completing when the bytes reached the kernel, or failing if the request is over
     */
    public CompletableFuture<Void> write(ByteString chunk) {
        if (loop.inEventLoop()) {
            return sink.writeChunk(chunk);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!loop.tryExecute(() -> sink.writeChunk(chunk).whenComplete((v, e) -> loop.complete(done, v, e)))) {
            done.completeExceptionally(new StreamClosedException(
                    "the client's loop " + loop.name() + " is closed; the body can no longer be written"));
        }
        return done;
    }

    /**
     * Writes a copy of {@code bytes}.
     *
     * @param bytes the bytes
     * @return a future completing when the bytes reached the kernel
     */
    public CompletableFuture<Void> write(byte[] bytes) {
        return write(ByteString.of(bytes));
    }

    /**
     * Writes {@code text} encoded as UTF-8.
     *
     * @param text the text
     * @return a future completing when the bytes reached the kernel
     */
    public CompletableFuture<Void> write(String text) {
        return write(ByteString.encodeString(text, StandardCharsets.UTF_8));
    }
}
