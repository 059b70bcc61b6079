package dev.squall.internal.websocket;

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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.DataFormatException;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection's protocol engine (RFC 6455), for both roles: it is the stream's
 * {@link StreamReader}, parses frames as bytes arrive (no copy beyond the message being assembled; control
 * frames may arrive between fragments), enforces the rules (masking by role, reserved bits and opcodes,
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

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final SecureRandom MASKS = new SecureRandom();
    private static final byte[] EMPTY = new byte[0];

    private final IOStream stream;
    private final IOLoop loop;
    private final boolean client;
    private final WebSocketOptions options;
    private final @Nullable PerMessageDeflate deflate;
    private final Listener listener;

    // the frame being read
    private boolean inFrame;
    private boolean frameFin;
    private long frameRemaining;
    private int maskKey;
    private int maskPos;

    // the message being assembled
    private int messageOpcode; // 0: none
    private boolean messageCompressed;
    private byte[] message = EMPTY;
    private int messageLength;
    private @Nullable Utf8Validator utf8;

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
            if (!inFrame) {
                if (!readHeader(buf)) {
                    return;
                }
            } else {
                readPayload(buf);
            }
        }
        if (closeReceived) {
            buf.position(buf.limit()); // nothing after a Close frame is read (section 5.5.1)
        }
    }

    /** Reads one frame header (and a whole control frame); false if more bytes are needed or it failed. */
    private boolean readHeader(ByteBuffer buf) {
        int p = buf.position();
        int available = buf.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = buf.get(p) & 0xFF;
        int b1 = buf.get(p + 1) & 0xFF;
        boolean masked = (b1 & 0x80) != 0;
        int lenCode = b1 & 0x7F;
        int headerLength = 2 + (lenCode == 126 ? 2 : lenCode == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (available < headerLength) {
            return false;
        }
        boolean fin = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        int opcode = b0 & 0x0F;
        long length = lenCode == 126 ? buf.getShort(p + 2) & 0xFFFF : lenCode == 127 ? buf.getLong(p + 2) : lenCode;
        if ((b0 & 0x30) != 0) {
            return fail(
                    CloseCodes.PROTOCOL_ERROR, "reserved bits RSV2/RSV3 set without an extension that defines them");
        }
        if (length < 0) {
            return fail(CloseCodes.PROTOCOL_ERROR, "a frame length with the most significant bit set");
        }
        if (masked == client) {
            return fail(
                    CloseCodes.PROTOCOL_ERROR,
                    client
                            ? "the server sent a masked frame"
                            : "the client sent an unmasked frame (client frames must be masked, RFC 6455 section 5.1)");
        }
        int key = masked ? buf.getInt(p + headerLength - 4) : 0;
        if (opcode >= OP_CLOSE) {
            if (opcode > OP_PONG) {
                return fail(CloseCodes.PROTOCOL_ERROR, "reserved control opcode " + opcode);
            }
            if (!fin || length > 125) {
                return fail(CloseCodes.PROTOCOL_ERROR, "a fragmented or longer than 125 bytes control frame");
            }
            if (rsv1) {
                return fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a control frame");
            }
            if (available < headerLength + length) {
                return false; // control frames are read whole
            }
            byte[] payload = new byte[(int) length];
            buf.position(p + headerLength);
            buf.get(payload);
            unmask(payload, 0, payload.length, key, 0);
            onControlFrame(opcode, payload);
            return true;
        }
        if (opcode == OP_CONTINUATION) {
            if (messageOpcode == 0) {
                return fail(CloseCodes.PROTOCOL_ERROR, "a continuation frame with no message to continue");
            }
            if (rsv1) {
                return fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
            }
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            if (messageOpcode != 0) {
                return fail(CloseCodes.PROTOCOL_ERROR, "a new data frame while a fragmented message is unfinished");
            }
            if (rsv1 && deflate == null) {
                return fail(CloseCodes.PROTOCOL_ERROR, "RSV1 set but permessage-deflate was not agreed");
            }
            messageOpcode = opcode;
            messageCompressed = rsv1;
            messageLength = 0;
            if (opcode == OP_TEXT && !rsv1) {
                Utf8Validator v = utf8;
                if (v == null) {
                    v = new Utf8Validator();
                    utf8 = v;
                } else {
                    v.reset();
                }
            }
        } else {
            return fail(CloseCodes.PROTOCOL_ERROR, "reserved data opcode " + opcode);
        }
        if (messageLength + length > options.maxMessageSize()) {
            return fail(
                    CloseCodes.MESSAGE_TOO_BIG,
                    "a message larger than the limit of " + options.maxMessageSize() + " bytes");
        }
        buf.position(p + headerLength);
        int needed = (int) (messageLength + length);
        if (message.length < needed) {
            // A final frame is sized exactly; a fragmented message grows by doubling up to the limit.
            int size = fin ? needed : (int) Math.min(options.maxMessageSize(), Math.max(needed, message.length * 2L));
            message = Arrays.copyOf(message, size);
        }
        inFrame = true;
        frameFin = fin;
        frameRemaining = length;
        maskKey = key;
        maskPos = 0;
        if (length == 0) {
            frameDone();
        }
        return true;
    }

    private void readPayload(ByteBuffer buf) {
        int n = (int) Math.min(frameRemaining, buf.remaining());
        buf.get(message, messageLength, n);
        if (!client) {
            unmask(message, messageLength, n, maskKey, maskPos);
        }
        maskPos += n;
        if (messageOpcode == OP_TEXT && !messageCompressed) {
            Utf8Validator v = utf8;
            assert v != null : "a text message is validated from its first fragment";
            if (!v.feed(message, messageLength, n)) {
                fail(CloseCodes.INVALID_PAYLOAD, "a text message that is not valid UTF-8");
                return;
            }
        }
        messageLength += n;
        frameRemaining -= n;
        if (frameRemaining == 0) {
            frameDone();
        }
    }

    private static void unmask(byte[] data, int off, int len, int key, int keyPos) {
        if (key == 0) {
            return;
        }
        for (int i = 0; i < len; i++) {
            int shift = (3 - ((keyPos + i) & 3)) << 3;
            data[off + i] ^= (byte) (key >>> shift);
        }
    }

    private void frameDone() {
        inFrame = false;
        if (!frameFin) {
            return;
        }
        int opcode = messageOpcode;
        byte[] bytes = message;
        int length = messageLength;
        boolean compressed = messageCompressed;
        messageOpcode = 0;
        messageLength = 0;
        message = EMPTY; // an idle connection keeps no message buffer
        if (compressed) {
            byte[] inflated;
            try {
                PerMessageDeflate pmd = deflate;
                assert pmd != null : "a compressed message was accepted only with permessage-deflate negotiated";
                inflated = pmd.decompress(bytes, length, options.maxMessageSize());
            } catch (DataFormatException e) {
                fail(
                        CloseCodes.INVALID_PAYLOAD,
                        "a compressed message that is not valid DEFLATE data: " + e.getMessage());
                return;
            }
            if (inflated == null) {
                fail(
                        CloseCodes.MESSAGE_TOO_BIG,
                        "a compressed message that inflates past the limit of " + options.maxMessageSize() + " bytes");
                return;
            }
            bytes = inflated;
            length = inflated.length;
            if (opcode == OP_TEXT && !Utf8Validator.isValid(bytes, 0, length)) {
                fail(CloseCodes.INVALID_PAYLOAD, "a text message that is not valid UTF-8");
                return;
            }
        } else if (opcode == OP_TEXT
                && !Objects.requireNonNull(utf8, "a text message has a validator")
                        .isComplete()) {
            fail(CloseCodes.INVALID_PAYLOAD, "a text message that ends in the middle of a UTF-8 sequence");
            return;
        }
        WebSocketMessage m = opcode == OP_TEXT
                ? new WebSocketMessage.Text(new String(bytes, 0, length, StandardCharsets.UTF_8))
                : new WebSocketMessage.Binary(
                        length == bytes.length ? ByteString.of(bytes) : ByteString.of(bytes, 0, length));
        deliver(m);
    }

    private void deliver(WebSocketMessage m) {
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
        stage.whenComplete((v, e) -> onLoop(() -> {
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

    private void onControlFrame(int opcode, byte[] payload) {
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
        byte[] header = new byte[14];
        int h = 0;
        header[h++] = (byte) (0x80 | (rsv1 ? 0x40 : 0) | opcode);
        int maskBit = client ? 0x80 : 0;
        if (len < 126) {
            header[h++] = (byte) (maskBit | len);
        } else if (len < 65536) {
            header[h++] = (byte) (maskBit | 126);
            header[h++] = (byte) (len >>> 8);
            header[h++] = (byte) len;
        } else {
            header[h++] = (byte) (maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header[h++] = (byte) ((long) len >>> shift);
            }
        }
        if (!client) {
            stream.enqueue(header, 0, h);
            stream.enqueue(payload, off, len);
            return;
        }
        int key = MASKS.nextInt();
        if (key == 0) {
            key = 0x5A5A5A5A; // a zero key would leave the payload as it is, as unmask() assumes
        }
        header[h++] = (byte) (key >>> 24);
        header[h++] = (byte) (key >>> 16);
        header[h++] = (byte) (key >>> 8);
        header[h++] = (byte) key;
        byte[] masked = Arrays.copyOfRange(payload, off, off + len);
        unmask(masked, 0, len, key, 0);
        stream.enqueue(header, 0, h);
        stream.enqueue(masked, 0, len);
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
        byte[] payload = EMPTY;
        if (code != CloseCodes.NO_STATUS) {
            payload = new byte[2 + reasonBytes.length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        }
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
    private boolean fail(int code, String reason) {
        LOG.log(
                Level.DEBUG,
                "failing the WebSocket connection with {0}: {1} {2}",
                stream.remoteAddress(),
                code,
                reason);
        inFrame = false;
        messageOpcode = 0;
        message = EMPTY;
        if (!reported) {
            closeCode = code;
            closeReason = reason;
        }
        closeReceived = true; // read nothing more
        if (!closeSent && !stream.isClosed()) {
            closeSent = true;
            String r = reason.length() > 60 ? reason.substring(0, 60) : reason;
            byte[] reasonBytes = r.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + reasonBytes.length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
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
        message = EMPTY;
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
        java.time.Duration rest = options.pingInterval().minus(options.pingTimeout());
        if (rest.isZero()) {
            sendKeepAlivePing();
        } else {
            pingTimer = loop.callLater(rest, this::sendKeepAlivePing);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
