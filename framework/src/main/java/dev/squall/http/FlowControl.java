package dev.squall.http;

import dev.squall.net.IOStream;
import java.nio.ByteBuffer;

/**
 * When one connection reads and how its responses go out: reading pauses for any of three reasons (pipelined
 * bytes piling up behind an unfinished request, responses waiting for a slow reader, a streamed body waiting for
 * its handler) and resumes when the last one clears; the responses of a whole read batch go out with one
 * {@link IOStream#flushNoWait()}. Made with its connection; the connection's states stay there. Loop thread only.
 */
final class FlowControl {
    /** Pipelined bytes wait behind an unfinished request ({@link Http1ServerConnection#PIPELINE_BUFFER_BYTES}). */
    static final int PAUSE_PIPELINE = 1;
    /** Responses wait for a slow reader ({@link Http1ServerConnection#WRITE_HIGH_WATER_BYTES}). */
    static final int PAUSE_WRITE = 2;
    /** A streamed body waits for its handler (acceptance, or a pending {@code dataReceived} stage). */
    static final int PAUSE_BODY = 4;

    private final IOStream stream;
    private int pauseReasons;
    /** The last read batch left bytes in the stream (a request behind the one being served). */
    private boolean unconsumedInput;

    FlowControl(IOStream stream) {
        this.stream = stream;
    }

    /** A read batch was parsed; {@code dispatched} says whether a request is being served now. */
    void batchRead(ByteBuffer buf, boolean dispatched) {
        unconsumedInput = buf.hasRemaining();
        if (dispatched && buf.remaining() > Http1ServerConnection.PIPELINE_BUFFER_BYTES) {
            pause(PAUSE_PIPELINE);
        }
    }

    /** Returns whether the last read batch left bytes in the stream. */
    boolean hasUnconsumedInput() {
        return unconsumedInput;
    }

    /** Writes what the batch's responses enqueued, with one syscall, and pauses reading past the high water. */
    void flushBatch() {
        if (stream.writeBufferBytes() == 0) {
            return;
        }
        stream.flushNoWait();
        if (stream.writeBufferBytes() > Http1ServerConnection.WRITE_HIGH_WATER_BYTES
                && (pauseReasons & PAUSE_WRITE) == 0) {
            pause(PAUSE_WRITE);
            stream.flush().whenComplete((v, e) -> resume(PAUSE_WRITE));
        }
    }

    /**
     * A response finished and the connection reads the next head. Finished later than its dispatch
     * ({@code inOnData} false): send now, and have the stream present the bytes that waited behind it again.
     */
    void responseDone(boolean inOnData) {
        if (!inOnData) {
            flushBatch();
            if ((pauseReasons & PAUSE_PIPELINE) != 0) {
                resume(PAUSE_PIPELINE);
            } else if (unconsumedInput && pauseReasons == 0) {
                stream.pauseReading();
                stream.resumeReading();
            }
        } else if ((pauseReasons & PAUSE_PIPELINE) != 0) {
            resume(PAUSE_PIPELINE);
        }
    }

    /** Pushes a streaming response's bytes out when enough have piled up. */
    void maybeAutoFlush() {
        if (stream.writeBufferBytes() >= Http1ServerConnection.AUTO_FLUSH_BYTES) {
            stream.flushNoWait();
        }
    }

    /** Pauses reading for {@code reason} (one of the PAUSE constants). */
    void pause(int reason) {
        if (pauseReasons == 0 && !stream.isClosed()) {
            stream.pauseReading();
        }
        pauseReasons |= reason;
    }

    /** Clears {@code reason}; reading resumes when no reason is left. */
    void resume(int reason) {
        if ((pauseReasons & reason) == 0) {
            return;
        }
        pauseReasons &= ~reason;
        if (pauseReasons == 0 && !stream.isClosed()) {
            stream.resumeReading();
        }
    }

    /** The stream is handed over (a protocol switch): it reads again, for its next reader. */
    void handOver() {
        if (pauseReasons != 0) {
            pauseReasons = 0;
            stream.resumeReading();
        }
    }
}
