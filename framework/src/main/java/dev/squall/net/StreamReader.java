package dev.squall.net;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The callback-level read side of an {@link IOStream}, for protocol codecs on the hot path: no future per
 * read, no copy of bytes that are consumed at once.
 *
 * <pre>{@code
 * stream.setReader(new StreamReader() {
 *     public void onData(ByteBuffer buffer) {
 *         while (parser.parse(buffer)) {          // consume every complete request in this batch
 *             stream.enqueue(responseFor(parser.request()));
 *         }
 *         stream.flushNoWait();                 // one syscall for the whole pipelined batch
 *     }
 *     public void onClosed(Throwable cause) { parser.reset(); }
 * });
 * }</pre>
 *
 * <p>Both methods are called on the stream's loop, never re-entrantly.
 */
public interface StreamReader {
    /**
     * Receives all buffered unread bytes, in {@code [position, limit)}. Consume by advancing the position;
     * unconsumed bytes are kept and presented again, followed by new bytes, on the next call. The buffer
     * belongs to the stream (it may be shared by every stream on the loop): do not keep it, nor change its
     * limit or contents, after returning.
     *
     * @param buffer the unread bytes
     */
    void onData(ByteBuffer buffer);

    /**
     * Called once when the stream closed, after every byte received before the close was offered to
     * {@link #onData}.
     *
     * @param cause null for a clean end (the peer closed, or {@link IOStream#close()} was called), else the
     *     error that closed the stream
     */
    void onClosed(@Nullable Throwable cause);
}
