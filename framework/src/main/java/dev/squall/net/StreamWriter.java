package dev.squall.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The write side of an {@link IOStream}: its {@link WriteBuffer} (bytes not in the kernel yet) with the
 * {@link PendingWrites} (the futures waiting for them), the write-buffer limit, and writing to the
 * {@link Transport}. {@code IOStream}'s public write methods check the thread and delegate here; one per stream,
 * made with it. Loop only.
 */
final class StreamWriter {
    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    private final IOStream stream;
    private final Transport transport;
    private final long maxBufferBytes;
    private final WriteBuffer buffer;
    private final PendingWrites pending = new PendingWrites();
    /** Write buffers handed to the transport; see {@link IOStream#writeBatches()}. */
    private int writeBatches;

    StreamWriter(IOStream stream, Transport transport, LoopBuffers buffers, long maxBufferBytes) {
        this.stream = stream;
        this.transport = transport;
        this.buffer = new WriteBuffer(buffers);
        this.maxBufferBytes = maxBufferBytes;
    }

    /** {@link IOStream#write(byte[])} on the loop. */
    CompletableFuture<Void> write(byte[] data) {
        CompletableFuture<Void> refused = refuseWrite(data.length);
        if (refused != null) {
            return refused;
        }
        buffer.append(data, 0, data.length);
        return afterWrite(data.length);
    }

    /** {@link IOStream#write(ByteBuffer)} on the loop. */
    CompletableFuture<Void> write(ByteBuffer data) {
        int len = data.remaining();
        CompletableFuture<Void> refused = refuseWrite(len);
        if (refused != null) {
            return refused;
        }
        buffer.append(data);
        return afterWrite(len);
    }

    /** {@link IOStream#write(ByteString)} on the loop. */
    CompletableFuture<Void> write(ByteString data) {
        int len = data.size();
        CompletableFuture<Void> refused = refuseWrite(len);
        if (refused != null) {
            return refused;
        }
        if (len > WriteBuffer.LARGE_COPY) {
            buffer.appendShared(data.asByteBuffer());
        } else {
            buffer.append(data.asByteBuffer());
        }
        return afterWrite(len);
    }

    /** {@link IOStream#writeFile} on the loop, the arguments checked. */
    CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        if (stream.isClosed()) {
            return CompletableFuture.failedFuture(stream.closedException());
        }
        buffer.appendFile(file, position, count);
        pending.enqueued(count);
        CompletableFuture<Void> f = pending.awaitEnqueued();
        stream.writeNow();
        return f;
    }

    private @Nullable CompletableFuture<Void> refuseWrite(int len) {
        if (stream.isClosed()) {
            return CompletableFuture.failedFuture(stream.closedException());
        }
        if (buffer.size() + len > maxBufferBytes) {
            return CompletableFuture.failedFuture(writeBufferFull(len));
        }
        return null;
    }

    private StreamBufferFullException writeBufferFull(long len) {
        return new StreamBufferFullException("writing " + len + " bytes to " + stream
                + " would grow its write buffer to " + (buffer.size() + len) + " bytes, over maxWriteBufferBytes="
                + maxBufferBytes + "; wait for the previous write's future (or flush()) before writing more");
    }

    private CompletableFuture<Void> afterWrite(int len) {
        pending.enqueued(len);
        CompletableFuture<Void> f = pending.awaitEnqueued();
        stream.writeNow();
        return f;
    }

    /** {@link IOStream#enqueue(ByteBuffer)}, the thread checked. */
    void enqueue(ByteBuffer src) {
        int len = src.remaining();
        if (stream.isClosed() || !admitEnqueue(len)) {
            src.position(src.limit());
            return;
        }
        buffer.append(src);
        pending.enqueued(len);
    }

    /** {@link IOStream#enqueue(byte[], int, int)}, the thread and range checked. */
    void enqueue(byte[] src, int off, int len) {
        if (stream.isClosed() || !admitEnqueue(len)) {
            return;
        }
        buffer.append(src, off, len);
        pending.enqueued(len);
    }

    private boolean admitEnqueue(int len) {
        if (buffer.size() + len <= maxBufferBytes) {
            return true;
        }
        StreamBufferFullException e = writeBufferFull(len);
        LOG.log(Level.WARNING, e.getMessage());
        stream.closeInternal("write buffer full", e);
        return false;
    }

    /** {@link IOStream#flush()} on the loop. */
    CompletableFuture<Void> flush() {
        if (stream.isClosed()) {
            return CompletableFuture.failedFuture(stream.closedException());
        }
        return afterWrite(0);
    }

    /** {@link IOStream#whenWritten()}, the thread checked. */
    CompletableFuture<Void> whenWritten() {
        if (stream.isClosed()) {
            return CompletableFuture.failedFuture(stream.closedException());
        }
        if (isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return pending.awaitEnqueued();
    }

    /** Returns whether every byte given to the stream reached the kernel. */
    boolean isEmpty() {
        return buffer.isEmpty() && !transport.hasPendingOutput();
    }

    /** Returns whether bytes wait for the socket to become writable (the stream's OP_WRITE interest). */
    boolean wantsWrite() {
        return !buffer.isEmpty() || transport.hasPendingOutput();
    }

    /** Returns the number of bytes waiting in the write buffer. */
    long bufferedBytes() {
        return buffer.size();
    }

    /** Returns the bytes of the loop's chunks the write buffer holds. */
    long chunkBytesHeld() {
        return buffer.chunkBytesHeld();
    }

    /**
     * Writes as much as the kernel takes now (the transport's own bytes first), then completes the futures
     * whose bytes all got there. The caller checked that the stream is open and the handshake complete.
     */
    void handleWrite() {
        try {
            if (transport.flush()) {
                pending.transportDrained();
                if (!buffer.isEmpty()) {
                    writeBatches++;
                    pending.written(buffer.writeTo(transport));
                    if (!transport.hasPendingOutput()) {
                        pending.transportDrained();
                    }
                }
            }
        } catch (IOException e) {
            stream.closeOnError(e);
            return;
        }
        pending.completeConfirmed();
    }

    /** Returns how many times the buffer was handed to the transport (a test's count of write batches). */
    int writeBatches() {
        return writeBatches;
    }

    /** At close: drops the unwritten bytes; their chunks go back to the loop only when on it. */
    void dropBuffered(boolean onLoop) {
        buffer.clear(onLoop);
    }

    /** At close: fails every write future with the stream's closed error. */
    void failWaiters() {
        pending.failAll(stream::closedException);
    }
}
