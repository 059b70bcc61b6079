package dev.squall.net;

import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The read side of an {@link IOStream}: reading its socket while someone wants bytes, and handing what arrived,
 * kept in its {@link ReadBuffer}, to the {@link StreamReader} (the callback reads: delivery, pause and resume)
 * or to the {@link PendingRead} (the futures reads), and the end of input. {@code IOStream}'s public read
 * methods check their arguments and the thread and delegate here; one per stream, made with it. Loop only.
 */
final class StreamReads {
    private static final System.Logger LOG = System.getLogger("dev.squall.net");
    /** Socket reads per readiness event, so that one busy connection cannot starve the others. */
    private static final int MAX_READS_PER_EVENT = 16;

    private final IOStream stream;
    private final IOLoop loop;
    private final Transport transport;
    private final IOStream.Options options;
    // Bytes not consumed yet, the futures read waiting for them, or the reader they go to.
    private final ReadBuffer buffer;
    private final PendingRead pendingRead;
    private @Nullable StreamReader reader;
    private boolean paused;
    private boolean deliveryScheduled;
    private boolean readScheduled;
    private boolean eofReceived;

    StreamReads(IOStream stream, IOLoop loop, Transport transport, LoopBuffers buffers, IOStream.Options options) {
        this.stream = stream;
        this.loop = loop;
        this.transport = transport;
        this.options = options;
        this.buffer = new ReadBuffer(buffers, options.maxReadBufferBytes());
        this.pendingRead =
                new PendingRead(stream, e -> stream.closeInternal("unsatisfiable read: " + e.getMessage(), e));
    }

    // ------------------------------------------------------------------------------------------------
    // Futures reads

    /** Starts a {@link PendingRead#start} read, on the loop. */
    CompletableFuture<ByteString> start(PendingRead.Kind kind, byte @Nullable [] delimiter, int limit) {
        checkCanRead();
        return afterStart(pendingRead.start(kind, delimiter, limit));
    }

    /** Starts {@link IOStream#readUntilRegex}, on the loop. */
    CompletableFuture<ByteString> startRegex(Pattern pattern, int maxBytes) {
        checkCanRead();
        return afterStart(pendingRead.startRegex(pattern, maxBytes));
    }

    /** Starts {@link IOStream#readInto}, on the loop. */
    CompletableFuture<Integer> startInto(ByteBuffer target, boolean partial) {
        checkCanRead();
        return afterStart(pendingRead.startInto(target, partial));
    }

    private void checkCanRead() {
        if (reader != null) {
            throw new IllegalStateException("a StreamReader is set on " + stream
                    + "; futures reads and setReader are exclusive (call setReader(null) first)");
        }
        if (pendingRead.isPending()) {
            throw new IllegalStateException("a " + pendingRead.kind() + " read is already pending on " + stream
                    + "; wait for its future before starting another read");
        }
    }

    /** Completes the read just started from buffered bytes if it can, else waits for more. */
    private <T> CompletableFuture<T> afterStart(CompletableFuture<T> f) {
        if (pendingRead.tryComplete(buffer)) {
            return f;
        }
        if (stream.isClosed()) {
            finishReadAtClose();
            return f;
        }
        if (eofReceived) {
            stream.closeInternal("the peer closed the connection", null); // finishes this read
            return f;
        }
        if (transport.isHandshakeComplete() && transport.hasBufferedInput()) {
            scheduleRead();
        }
        stream.updateInterest();
        return f;
    }

    /** At close: ends the pending futures read, if any (see {@link PendingRead#finishAtClose}). */
    void finishReadAtClose() {
        if (pendingRead.isPending()) {
            pendingRead.finishAtClose(buffer, stream.closeError() == null, stream::closedException);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Callback reads

    /** {@link IOStream#setReader}, the thread checked. */
    void setReader(@Nullable StreamReader reader) {
        if (reader != null && pendingRead.isPending()) {
            throw new IllegalStateException("a " + pendingRead.kind() + " read is pending on " + stream
                    + "; futures reads and setReader are exclusive");
        }
        this.reader = reader;
        if (reader == null) {
            paused = false;
            stream.updateInterest();
            return;
        }
        if (stream.isClosed()) {
            scheduleDelivery(); // delivers leftovers, then onClosed
            return;
        }
        // Always through a task: when called from inside onData, the bytes the old reader leaves are only
        // moved into the stream's buffer after onData returns.
        scheduleDelivery();
        stream.updateInterest();
    }

    /** {@link IOStream#pauseReading()}, the thread checked. */
    void pause() {
        paused = true;
        stream.updateInterest();
    }

    /** {@link IOStream#resumeReading()}, the thread checked. */
    void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        if (reader != null) {
            scheduleDelivery();
        }
        stream.updateInterest();
    }

    boolean isPaused() {
        return paused;
    }

    private void scheduleDelivery() {
        if (!deliveryScheduled) {
            deliveryScheduled = true;
            loop.execute(this::deliverBuffered);
        }
    }

    private void deliverBuffered() {
        deliveryScheduled = false;
        StreamReader r = reader;
        if (r == null || paused) {
            return;
        }
        if (stream.isClosed()) {
            // setReader on a closed stream: hand over what is left, then say it is closed.
            deliverUnread(r);
            notifyReaderClosed();
            return;
        }
        deliverUnread(r);
        if (stream.isClosed()) {
            return;
        }
        if (eofReceived) {
            if (!paused && reader != null) {
                stream.closeInternal("the peer closed the connection", null);
            }
            return;
        }
        if (transport.isHandshakeComplete() && transport.hasBufferedInput()) {
            handleRead();
        }
        stream.updateInterest();
    }

    private void scheduleRead() {
        if (!readScheduled) {
            readScheduled = true;
            loop.execute(() -> {
                readScheduled = false;
                if (!stream.isClosed() && transport.isHandshakeComplete()) {
                    handleRead();
                    stream.updateInterest();
                }
            });
        }
    }

    /** Offers every unread byte to {@code r}, if there are any. */
    private void deliverUnread(StreamReader r) {
        ByteBuffer b = buffer.beginDelivery();
        if (b == null) {
            return;
        }
        try {
            r.onData(b);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "StreamReader.onData threw on " + stream + "; closing the stream", t);
            stream.closeInternal("the reader failed: " + t, t);
        } finally {
            buffer.endDelivery();
        }
    }

    /** At close: tells the reader, if any, once (it is then forgotten). */
    void notifyReaderClosed() {
        StreamReader r = reader;
        if (r == null) {
            return;
        }
        reader = null;
        try {
            r.onClosed(stream.closeError());
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "StreamReader.onClosed threw on " + stream, t);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The socket side of reading

    /** Returns whether someone wants bytes from the socket now (the stream's OP_READ interest). */
    boolean wantsRead() {
        if (eofReceived || stream.isClosed()) {
            return false;
        }
        // While a delivery of buffered bytes is scheduled the socket waits: those bytes go first.
        return reader != null ? !paused && !deliveryScheduled : pendingRead.isPending();
    }

    /**
     * Reads from the socket while someone wants bytes, up to {@link #MAX_READS_PER_EVENT} times. The bytes are
     * consumed in the loop's read buffer where they can be (see {@link ReadBuffer}).
     */
    void handleRead() {
        for (int i = 0; i < MAX_READS_PER_EVENT && wantsRead(); i++) {
            int space = readSpace();
            int n;
            try {
                n = buffer.readFrom(transport, space);
            } catch (IOException e) {
                stream.closeOnError(e);
                return;
            }
            try {
                if (n > 0) {
                    onBytesReceived();
                }
            } finally {
                buffer.settle();
            }
            if (stream.isClosed()) {
                return;
            }
            if (n < 0) {
                onEof();
                return;
            }
            if (n < space) {
                break; // the socket is drained for now
            }
        }
        if (wantsRead() && transport.hasBufferedInput()) {
            scheduleRead();
        }
    }

    private int readSpace() {
        return Math.max(options.readChunkBytes(), transport.minReadSpace());
    }

    /** Hands new bytes to the reader, or to the pending futures read (a reader may hand over to one). */
    private void onBytesReceived() {
        StreamReader r = reader;
        if (r != null) {
            deliverUnread(r);
            if (stream.isClosed()) {
                return;
            }
        }
        if (checkReadBufferLimit()) {
            pendingRead.tryComplete(buffer);
        }
    }

    /** Closes the stream if the read buffer holds more than allowed. Returns true if within the limit. */
    private boolean checkReadBufferLimit() {
        int available = buffer.available();
        if (available <= options.maxReadBufferBytes()) {
            return true;
        }
        StreamBufferFullException e = new StreamBufferFullException("the read buffer of " + stream + " holds "
                + available + " bytes, over maxReadBufferBytes=" + options.maxReadBufferBytes()
                + "; the stream is closed (raise IOStream.Options.maxReadBufferBytes or read in smaller pieces)");
        LOG.log(Level.WARNING, e.getMessage());
        pendingRead.fail(e);
        stream.closeInternal("read buffer full", e);
        return false;
    }

    private void onEof() {
        eofReceived = true;
        StreamReader r = reader;
        if (r != null && paused) {
            stream.updateInterest(); // resumeReading delivers what is left, then closes
            return;
        }
        stream.closeInternal("the peer closed the connection", null);
    }

    // ------------------------------------------------------------------------------------------------
    // For startTls and tests

    /** Returns why the read side is not at rest for {@link IOStream#startTls}, or null if it is. */
    @Nullable
    String notAtRest() {
        if (reader != null) {
            return "a StreamReader is set (call setReader(null) first)";
        }
        if (pendingRead.isPending()) {
            return "a " + pendingRead.kind() + " read is pending";
        }
        return null;
    }

    /** Returns the number of bytes received and not read yet. */
    int available() {
        return buffer.available();
    }

    /** Returns the bytes of buffers the read buffer holds on its own. */
    int bytesHeld() {
        return buffer.bytesHeld();
    }
}
