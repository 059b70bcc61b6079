package dev.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine}: ciphertext in {@code netIn}/{@code netOut}
 * (direct buffers), plaintext straight into and out of the stream's buffers. Delegated tasks (certificate
 * checks) run inline on the loop: they are short CPU work, as in Tornado. Loop only.
 *
 * <p>The ciphertext buffers are chunks of the loop's {@link LoopBuffers}, taken when bytes arrive or must go
 * out and given back as soon as they are empty, so an idle TLS connection holds none. (An engine whose
 * records do not fit a chunk gets buffers of its own and keeps them.)
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final LoopBuffers loopBuffers;
    /** Received ciphertext, read mode; null while there is none. */
    private @Nullable ByteBuffer netIn;
    /** Ciphertext to send, read mode; null while there is none. */
    private @Nullable ByteBuffer netOut;
    /** Plaintext that arrived while the handshake ran, read mode; null when none. */
    private @Nullable ByteBuffer early;

    private boolean handshakeComplete;
    private boolean socketEof;
    private boolean inboundClosed;
    /** netIn holds only part of a record: nothing more can be unwrapped until the socket gives more. */
    private boolean needMoreInput;

    TlsTransport(SocketChannel channel, SSLEngine engine, LoopBuffers loopBuffers) throws SSLException {
        this.channel = channel;
        this.engine = engine;
        this.loopBuffers = loopBuffers;
        engine.beginHandshake();
    }

    SSLSession session() {
        return engine.getSession();
    }

    @Override
    public int minReadSpace() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    @Override
    public boolean hasPendingOutput() {
        return hasNetOut();
    }

    @Override
    public boolean hasBufferedInput() {
        return (early != null && early.hasRemaining()) || (hasNetIn() && !needMoreInput && !inboundClosed);
    }

    @Override
    public int handshake() throws IOException {
        try {
            return advanceHandshake();
        } finally {
            releaseNetInIfEmpty();
        }
    }

    private int advanceHandshake() throws IOException {
        try {
            while (true) {
                if (!flush()) {
                    return SelectionKey.OP_WRITE;
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> {
                        SSLEngineResult r = wrap(EMPTY);
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED && !hasNetOut()) {
                            throw new SSLHandshakeException("the TLS engine closed during the handshake");
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapDuringHandshake(hs)) {
                            return SelectionKey.OP_READ;
                        }
                    }
                    default -> {
                        // FINISHED or NOT_HANDSHAKING: done. Anything left in netOut goes out through the
                        // stream's normal write path.
                        handshakeComplete = true;
                        return 0;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** Returns false when more ciphertext must arrive first. */
    private boolean unwrapDuringHandshake(HandshakeStatus hs) throws IOException {
        if (!hasNetIn() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) {
            int n = readSocket();
            if (n < 0) {
                throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
            }
            if (n == 0) {
                return false;
            }
        }
        ByteBuffer dst = early;
        if (dst == null) {
            dst = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        } else {
            dst.compact();
        }
        SSLEngineResult r;
        try {
            ByteBuffer in = netIn;
            r = engine.unwrap(in != null ? in : EMPTY, dst);
        } finally {
            dst.flip();
        }
        early = dst.hasRemaining() ? dst : null;
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                growNetInIfFull();
                int n = readSocket();
                if (n < 0) {
                    throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                }
                return n > 0;
            }
            case BUFFER_OVERFLOW -> {
                ByteBuffer bigger = ByteBuffer.allocate(
                        dst.remaining() + engine.getSession().getApplicationBufferSize());
                bigger.put(dst).flip();
                early = bigger;
                return true;
            }
            case CLOSED -> throw new SSLHandshakeException("the peer closed TLS during the handshake");
            default -> {
                return true;
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return unwrapInto(dst);
        } finally {
            releaseNetInIfEmpty();
        }
    }

    private int unwrapInto(ByteBuffer dst) throws IOException {
        int produced = 0;
        ByteBuffer e = early;
        if (e != null) {
            int n = Math.min(e.remaining(), dst.remaining());
            dst.put(dst.position(), e, e.position(), n);
            dst.position(dst.position() + n);
            e.position(e.position() + n);
            produced += n;
            if (!e.hasRemaining()) {
                early = null;
            }
            if (dst.remaining() < minReadSpace()) {
                return produced;
            }
        }
        while (true) {
            if (inboundClosed) {
                return produced > 0 ? produced : -1;
            }
            ByteBuffer in = netIn;
            if (in != null && in.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(in, dst);
                produced += r.bytesProduced();
                switch (r.getStatus()) {
                    case OK -> {
                        handlePostHandshake(r.getHandshakeStatus());
                        if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                            continue;
                        }
                        needMoreInput = true; // nothing consumed: the engine needs more ciphertext
                    }
                    case BUFFER_OVERFLOW -> {
                        return produced; // dst is full; the caller comes back with room
                    }
                    case CLOSED -> {
                        // close_notify from the peer: answer it, then report the end of the stream.
                        inboundClosed = true;
                        handlePostHandshake(engine.getHandshakeStatus());
                        return produced > 0 ? produced : -1;
                    }
                    case BUFFER_UNDERFLOW -> {
                        needMoreInput = true;
                        growNetInIfFull();
                    }
                }
            }
            if (socketEof) {
                return produced > 0 ? produced : -1;
            }
            int n = readSocket();
            if (n < 0) {
                socketEof = true; // the peer closed without close_notify: an end of stream all the same
                return produced > 0 ? produced : -1;
            }
            if (n == 0) {
                return produced;
            }
        }
    }

    /** Answers what the engine asks for between records: tasks, key updates, close_notify replies. */
    private void handlePostHandshake(HandshakeStatus hs) throws IOException {
        while (true) {
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                if (hasNetOut() && !flush()) {
                    return; // sent when the socket is writable
                }
                SSLEngineResult r = wrap(EMPTY);
                flush();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return;
                }
            } else {
                return;
            }
            hs = engine.getHandshakeStatus();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long consumed = 0;
        while (true) {
            if (!flush()) {
                return consumed;
            }
            if (!anyRemaining(srcs, offset, length)) {
                return consumed;
            }
            ByteBuffer out = takeNetOut();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, out);
            } finally {
                out.flip();
            }
            consumed += r.bytesConsumed();
            switch (r.getStatus()) {
                case OK -> handlePostHandshake(r.getHandshakeStatus());
                case BUFFER_OVERFLOW -> {
                    int size = engine.getSession().getPacketBufferSize();
                    if (out.capacity() < size) {
                        replaceNetOut(ByteBuffer.allocateDirect(size).flip());
                    } else {
                        throw new SSLException("the TLS engine needs more than " + size + " bytes for one record");
                    }
                }
                case CLOSED -> throw new StreamClosedException("the TLS session is closed; no more data can be sent");
                default -> {
                    return consumed;
                }
            }
            if (r.bytesConsumed() == 0 && !hasNetOut()) {
                releaseNetOutIfEmpty();
                return consumed; // the engine wants to read first (renegotiation)
            }
        }
    }

    @Override
    public boolean flush() throws IOException {
        ByteBuffer out = netOut;
        if (out == null) {
            return true;
        }
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                return false;
            }
        }
        releaseNetOutIfEmpty();
        return true;
    }

    @Override
    public void closeOutbound() {
        try {
            engine.closeOutbound();
            if (hasNetOut() && !flush()) {
                return;
            }
            wrap(EMPTY);
            flush();
        } catch (IOException | RuntimeException e) {
            // best effort: the socket closes right after
        }
    }

    private void sendAlert() {
        try {
            if (hasNetOut() && !flush()) {
                return;
            }
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
                flush();
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the handshake failed already
        }
    }

    /** Wraps into an empty netOut. */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        ByteBuffer out = takeNetOut();
        try {
            return engine.wrap(src, out);
        } finally {
            out.flip();
            releaseNetOutIfEmpty();
        }
    }

    private int readSocket() throws IOException {
        ByteBuffer in = netIn;
        if (in == null) {
            in = allocateNet();
            in.limit(0);
            netIn = in;
        }
        in.compact();
        int n;
        try {
            n = channel.read(in);
        } finally {
            in.flip();
        }
        if (n > 0) {
            needMoreInput = false;
        }
        return n;
    }

    private void growNetInIfFull() {
        int size = engine.getSession().getPacketBufferSize();
        ByteBuffer in = netIn;
        if (in == null) {
            return; // readSocket takes a buffer that holds a whole record
        }
        if (in.remaining() == in.capacity() || in.capacity() < size) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(size, in.capacity() * 2));
            bigger.put(in).flip();
            netIn = bigger;
            recycle(in);
        }
    }

    private boolean hasNetIn() {
        ByteBuffer in = netIn;
        return in != null && in.hasRemaining();
    }

    private boolean hasNetOut() {
        ByteBuffer out = netOut;
        return out != null && out.hasRemaining();
    }

    /** Returns netOut cleared for a wrap, taking a buffer if there is none. Only when netOut is empty. */
    private ByteBuffer takeNetOut() {
        ByteBuffer out = netOut;
        if (out == null) {
            out = allocateNet();
            netOut = out;
        }
        return out.clear();
    }

    private void replaceNetOut(ByteBuffer out) {
        ByteBuffer old = netOut;
        netOut = out;
        if (old != null) {
            recycle(old);
        }
    }

    /** A chunk of the loop's pool if a whole record fits in one, else a buffer of the record's size. */
    private ByteBuffer allocateNet() {
        int size = engine.getSession().getPacketBufferSize();
        return size <= LoopBuffers.CHUNK_SIZE ? loopBuffers.takeChunk() : ByteBuffer.allocateDirect(size);
    }

    private void releaseNetInIfEmpty() {
        ByteBuffer in = netIn;
        if (in != null && !in.hasRemaining() && LoopBuffers.isChunk(in)) {
            netIn = null;
            loopBuffers.recycleChunk(in);
        }
    }

    private void releaseNetOutIfEmpty() {
        ByteBuffer out = netOut;
        if (out != null && !out.hasRemaining() && LoopBuffers.isChunk(out)) {
            netOut = null;
            loopBuffers.recycleChunk(out);
        }
    }

    private void recycle(ByteBuffer b) {
        if (LoopBuffers.isChunk(b)) {
            loopBuffers.recycleChunk(b);
        }
    }

    /** Returns the bytes of ciphertext buffers this connection holds; 0 when idle. For tests. */
    int bufferBytesHeld() {
        ByteBuffer in = netIn;
        ByteBuffer out = netOut;
        return (in == null ? 0 : in.capacity()) + (out == null ? 0 : out.capacity());
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean anyRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
