package dev.squall.internal.websocket;

import static dev.squall.internal.websocket.Frames.EMPTY;
import static dev.squall.internal.websocket.Frames.OP_BINARY;
import static dev.squall.internal.websocket.Frames.OP_CLOSE;
import static dev.squall.internal.websocket.Frames.OP_PING;
import static dev.squall.internal.websocket.Frames.OP_PONG;
import static dev.squall.internal.websocket.Frames.OP_TEXT;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.IOStream;
import dev.squall.net.StreamReader;
import dev.squall.websocket.CloseCodes;
import dev.squall.websocket.WebSocketClosedException;
import dev.squall.websocket.WebSocketMessage;
import dev.squall.websocket.WebSocketOptions;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection's protocol engine (RFC 6455), for both roles: it is the stream's
 * {@link StreamReader}, parses frames as bytes arrive (no copy beyond the message being assembled; control
 * frames may arrive between fragments; {@link FrameReader}), enforces the rules (masking by role, reserved bits and opcodes,
 * incremental UTF-8 of text, {@code maxMessageSize} after inflating), answers pings, runs the closing handshake
 * with its timeout and the ping keep-alive, and writes frames with a bounded outgoing buffer.
 *
 * <p>Flow control: the {@link Listener} returns a stage per message; until it completes, the stream stops
 * reading (the peer feels TCP backpressure). Memory: an idle connection holds this object and its stream's
 * state only — no message buffer, no zlib object, and a timer only with keep-alive on. Loop-confined. Not API,
 * may change.
 */
public final class WebSocketProtocol implements StreamReader {
    /** Receives a connection's events, on its loop. */
    public interface Listener {
        /**
         * A complete data message.
         *
         * @return a stage; reading pauses until it completes (null or a completed stage: go on at once)
         */
        @Nullable
        CompletionStage<?> onMessage(WebSocketMessage message);

        /** A ping arrived (already answered with a pong). */
        void onPing(ByteString payload);

        /** A pong arrived. */
        void onPong(ByteString payload);

        /**
         * The connection ended, once: the peer's close code and reason after a Close frame, the code Squall sent
         * when it failed the connection, or 1006 when the socket ended without a closing handshake.
         */
        void onClosed(int code, String reason);
    }

    static final System.Logger LOG = System.getLogger("dev.squall.websocket");

    private final IOStream stream;
    private final IOLoop loop;
    private final boolean client;
    private final WebSocketOptions options;
    private final @Nullable PerMessageDeflate deflate;
    private final Listener listener;

    private final FrameReader frames;

    private boolean waiting; // a listener stage is pending: reading paused
    private boolean closeSent;
    private boolean closeReceived;
    private boolean reported;
    private int closeCode = CloseCodes.ABNORMAL;
    private String closeReason = "";
    private @Nullable Timeout closeTimer;

    private @Nullable Timeout pingTimer;
    private boolean pingOutstanding;

    /**
     * Creates the engine; {@link #start()} begins reading.
     *
     * @param client true for the client role (outgoing frames masked, incoming must not be)
     * @param deflate the agreed permessage-deflate extension, or null
     */
    public WebSocketProtocol(
            IOStream stream,
            boolean client,
            WebSocketOptions options,
            @Nullable PerMessageDeflate deflate,
            Listener listener) {
        this.stream = stream;
        this.loop = stream.loop();
        this.client = client;
        this.options = options;
        this.deflate = deflate;
        this.listener = listener;
        this.frames = new FrameReader(this, client, options, deflate);
    }

    /** Starts reading frames (bytes already buffered in the stream included) and the keep-alive. Loop thread. */
    public void start() {
        stream.setReader(this);
        if (!options.pingInterval().isZero()) {
            pingTimer = loop.callLater(options.pingInterval(), this::sendKeepAlivePing);
        }
    }

    /** Returns whether a Close frame was sent or received, or the socket closed. */
    public boolean isClosing() {
        return closeSent || closeReceived || stream.isClosed();
    }

    /** Returns whether the connection has ended (the socket is closed). */
    public boolean isClosed() {
        return stream.isClosed();
    }

    /** Returns the close code as {@link Listener#onClosed} reports it (1006 until known). */
    public int closeCode() {
        return closeCode;
    }

    /** Returns the close reason as {@link Listener#onClosed} reports it. */
    public String closeReason() {
        return closeReason;
    }

    /** Returns the connection's stream. */
    public IOStream stream() {
        return stream;
    }

    // ------------------------------------------------------------------------------------------------
    // Reading

    @Override
    public void onData(ByteBuffer buf) {
        while (!waiting && !closeReceived && buf.hasRemaining()) {
            if (!frames.read(buf)) {
                return;
            }
        }
        if (closeReceived) {
            buf.position(buf.limit()); // nothing after a Close frame is read (section 5.5.1)
        }
    }

    void deliver(WebSocketMessage m) {
        CompletionStage<?> stage;
        try {
            stage = listener.onMessage(m);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "a WebSocket message callback threw; closing with 1011", t);
            close(CloseCodes.INTERNAL_ERROR, "internal error");
            return;
        }
        if (stage != null) {
            holdReading(stage);
        }
    }

    /**
     * Reads no further frames until {@code stage} completes (an asynchronous {@code open()}, a message callback's
     * stage); a failed stage closes the connection with 1011. Loop thread.
     */
    public void holdReading(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally()) {
            return;
        }
        waiting = true;
        stream.pauseReading();
        stage.whenComplete((v, e) -> loop.runOnLoop(
                () -> { // a closed loop closed the stream: nothing to resume
                    waiting = false;
                    if (e != null) {
                        LOG.log(Level.ERROR, "a WebSocket message callback failed; closing with 1011", e);
                        close(CloseCodes.INTERNAL_ERROR, "internal error");
                        return;
                    }
                    if (!stream.isClosed()) {
                        stream.resumeReading();
                    }
                }));
    }

    void onControlFrame(int opcode, byte[] payload) {
        switch (opcode) {
            case OP_PING -> {
                if (!closeSent) {
                    writeFrame(OP_PONG, false, payload, 0, payload.length);
                    stream.flushNoWait();
                }
                listener.onPing(ByteString.of(payload));
            }
            case OP_PONG -> {
                pingOutstanding = false;
                listener.onPong(ByteString.of(payload));
            }
            default -> onCloseFrame(payload);
        }
    }

    private void onCloseFrame(byte[] payload) {
        int code = CloseCodes.NO_STATUS;
        String reason = "";
        if (payload.length == 1) {
            fail(CloseCodes.PROTOCOL_ERROR, "a Close frame with a one-byte payload");
            return;
        }
        if (payload.length >= 2) {
            code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (!CloseCodes.isSendable(code)) {
                fail(CloseCodes.PROTOCOL_ERROR, "a Close frame with the invalid code " + code);
                return;
            }
            if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
                fail(CloseCodes.INVALID_PAYLOAD, "a Close frame whose reason is not valid UTF-8");
                return;
            }
            reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        closeReceived = true;
        closeCode = code;
        closeReason = reason;
        if (!closeSent) {
            // Echo the peer's code and reason (section 5.5.1), so both sides report the same close.
            closeSent = true;
            writeFrame(OP_CLOSE, false, payload, 0, payload.length);
        }
        // The handshake is complete: the server closes the TCP connection first (section 7.1.1); so does a client.
        closeAfterFlush();
    }

    // ------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Sends a data message.
     *
     * @return a future completed on the loop when the message reached the kernel, or failed with
     *     {@link WebSocketClosedException} if the connection is closing or closes first
     */
    public CompletableFuture<Void> sendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return sendMessage(OP_TEXT, bytes);
    }

    /** Sends a binary message; as {@link #sendText}. */
    public CompletableFuture<Void> sendBinary(byte[] bytes) {
        return sendMessage(OP_BINARY, bytes);
    }

    private CompletableFuture<Void> sendMessage(int opcode, byte[] payload) {
        if (closeSent || stream.isClosed()) {
            return CompletableFuture.failedFuture(closedException("the message was not sent"));
        }
        boolean compressed = false;
        byte[] bytes = payload;
        if (deflate != null && deflate.shouldCompress(payload.length)) {
            bytes = deflate.compress(payload, 0, payload.length);
            compressed = true;
        }
        long waitingBytes = stream.writeBufferBytes();
        if (waitingBytes > 0 && waitingBytes + bytes.length > options.maxOutgoingBufferBytes()) {
            LOG.log(
                    Level.WARNING,
                    "closing the WebSocket to {0} with 1008: it does not read fast enough ({1} bytes "
                            + "unsent, limit {2})",
                    stream.remoteAddress(),
                    waitingBytes,
                    options.maxOutgoingBufferBytes());
            fail(CloseCodes.POLICY_VIOLATION, "the peer does not read its messages fast enough");
            return CompletableFuture.failedFuture(
                    closedException("the message was not sent: the peer reads too slowly"));
        }
        writeFrame(opcode, compressed, bytes, 0, bytes.length);
        return flushed();
    }

    /**
     * Sends a ping.
     *
     * @param payload at most 125 bytes
     * @return as {@link #sendText}
     * @throws IllegalArgumentException if the payload is longer than 125 bytes
     */
    public CompletableFuture<Void> ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping payload is at most 125 bytes, not " + payload.length);
        }
        if (closeSent || stream.isClosed()) {
            return CompletableFuture.failedFuture(closedException("the ping was not sent"));
        }
        writeFrame(OP_PING, false, payload, 0, payload.length);
        return flushed();
    }

    private CompletableFuture<Void> flushed() {
        return stream.flush()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        closedException("the connection closed before the message was sent")));
    }

    private WebSocketClosedException closedException(String what) {
        String state = stream.isClosed()
                ? "the WebSocket is closed (code " + closeCode
                        + (closeReason.isEmpty() ? "" : ", reason \"" + closeReason + "\"") + ")"
                : "the WebSocket is closing";
        return new WebSocketClosedException(what + ": " + state, stream.closeError());
    }

    private void writeFrame(int opcode, boolean rsv1, byte[] payload, int off, int len) {
        Frames.write(stream, client, opcode, rsv1, payload, off, len);
    }

    // ------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Starts the closing handshake: sends a Close frame and closes the socket when the peer's Close frame
     * arrives, or after {@link WebSocketOptions#closeTimeout()}. Does nothing if a Close frame was sent already.
     *
     * @param code a sendable code ({@link CloseCodes#isSendable}), or 1005 for a Close frame without code
     * @param reason at most 123 bytes of UTF-8
     * @throws IllegalArgumentException if the code cannot be sent or the reason is too long
     */
    public void close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (code != CloseCodes.NO_STATUS && !CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException(
                    "close code " + code + " cannot be sent; use 1000-1003, 1007-1014 " + "or 3000-4999");
        }
        if (reasonBytes.length > 123) {
            throw new IllegalArgumentException(
                    "a close reason is at most 123 bytes of UTF-8, not " + reasonBytes.length);
        }
        if (code == CloseCodes.NO_STATUS && reasonBytes.length > 0) {
            throw new IllegalArgumentException("a close reason needs a close code");
        }
        if (closeSent || stream.isClosed()) {
            return;
        }
        closeSent = true;
        if (!reported) {
            closeCode = code;
            closeReason = reason;
        }
        byte[] payload = code == CloseCodes.NO_STATUS ? EMPTY : Frames.closePayload(code, reason);
        writeFrame(OP_CLOSE, false, payload, 0, payload.length);
        stream.flushNoWait();
        if (closeReceived) {
            closeAfterFlush();
        } else {
            closeTimer = loop.callLater(options.closeTimeout(), () -> {
                LOG.log(
                        Level.DEBUG,
                        "no Close frame from {0} within {1}; closing the socket",
                        stream.remoteAddress(),
                        options.closeTimeout());
                stream.close();
            });
        }
    }

    /** Fails the connection (section 7.1.7): a Close frame with {@code code} if possible, then the socket closes. */
    boolean fail(int code, String reason) {
        LOG.log(
                Level.DEBUG,
                "failing the WebSocket connection with {0}: {1} {2}",
                stream.remoteAddress(),
                code,
                reason);
        frames.reset();
        if (!reported) {
            closeCode = code;
            closeReason = reason;
        }
        closeReceived = true; // read nothing more
        if (!closeSent && !stream.isClosed()) {
            closeSent = true;
            byte[] payload = Frames.closePayload(code, reason.length() > 60 ? reason.substring(0, 60) : reason);
            writeFrame(OP_CLOSE, false, payload, 0, payload.length);
        }
        closeAfterFlush();
        return false;
    }

    private void closeAfterFlush() {
        if (stream.isClosed()) {
            return;
        }
        stream.flush().whenComplete((v, e) -> stream.close());
        if (closeTimer == null) {
            // A peer that reads nothing never lets the flush complete.
            closeTimer = loop.callLater(options.closeTimeout(), stream::close);
        }
    }

    /** Closes the socket at once, without a closing handshake. */
    public void abort() {
        stream.close();
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
        cancelTimers();
        if (deflate != null) {
            deflate.release();
        }
        frames.reset();
        if (reported) {
            return;
        }
        reported = true;
        if (!closeReceived && !closeSent) {
            closeCode = CloseCodes.ABNORMAL;
            closeReason =
                    cause != null ? String.valueOf(cause.getMessage()) : "the connection closed without a Close frame";
        }
        try {
            listener.onClosed(closeCode, closeReason);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "a WebSocket close callback threw", t);
        }
    }

    private void cancelTimers() {
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Keep-alive

    private void sendKeepAlivePing() {
        pingTimer = null;
        if (isClosing()) {
            return;
        }
        writeFrame(OP_PING, false, EMPTY, 0, 0);
        stream.flushNoWait();
        pingOutstanding = true;
        pingTimer = loop.callLater(options.pingTimeout(), this::checkPong);
    }

    private void checkPong() {
        pingTimer = null;
        if (stream.isClosed()) {
            return;
        }
        if (pingOutstanding) {
            LOG.log(
                    Level.INFO,
                    "closing the WebSocket to {0}: no pong within {1}",
                    stream.remoteAddress(),
                    options.pingTimeout());
            if (!reported) {
                closeCode = CloseCodes.ABNORMAL;
                closeReason = "no pong within " + options.pingTimeout().toMillis() + " ms (the peer is gone)";
            }
            closeReceived = true;
            closeSent = true;
            stream.close(); // a dead peer would not answer a closing handshake either
            return;
        }
        if (closeSent || closeReceived) {
            return;
        }
        Duration rest = options.pingInterval().minus(options.pingTimeout());
        if (rest.isZero()) {
            sendKeepAlivePing();
        } else {
            pingTimer = loop.callLater(rest, this::sendKeepAlivePing);
        }
    }
}
