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
 * checks) run inline on the loop: they are short CPU work, as in Tornado. Loop thread only.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Received ciphertext, read mode. */
    private ByteBuffer netIn;
    /** Ciphertext to send, read mode. */
    private ByteBuffer netOut;
    /** Plaintext that arrived while the handshake ran, read mode; null when none. */
    private @Nullable ByteBuffer early;
    private boolean handshakeComplete;
    private boolean socketEof;
    private boolean inboundClosed;
    /** netIn holds only part of a record: nothing more can be unwrapped until the socket gives more. */
    private boolean needMoreInput;

    TlsTransport(SocketChannel channel, SSLEngine engine) throws SSLException {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packet).flip();
        this.netOut = ByteBuffer.allocateDirect(packet).flip();
        engine.beginHandshake();
    }

    SSLSession session() {
        return engine.getSession();
    }

    @Override public int minReadSpace() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override public boolean isHandshakeComplete() {
        return handshakeComplete;
    }

    @Override public boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    @Override public boolean hasBufferedInput() {
        return (early != null && early.hasRemaining()) || (netIn.hasRemaining() && !needMoreInput && !inboundClosed);
    }

    @Override public int handshake() throws IOException {
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
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED && !netOut.hasRemaining()) {
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
        if (!netIn.hasRemaining() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) {
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
            r = engine.unwrap(netIn, dst);
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
                ByteBuffer bigger = ByteBuffer.allocate(dst.remaining() + engine.getSession().getApplicationBufferSize());
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

    @Override public int read(ByteBuffer dst) throws IOException {
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
            if (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, dst);
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
                if (netOut.hasRemaining() && !flush()) {
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

    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long consumed = 0;
        while (true) {
            if (!flush()) {
                return consumed;
            }
            if (!anyRemaining(srcs, offset, length)) {
                return consumed;
            }
            netOut.clear();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, netOut);
            } finally {
                netOut.flip();
            }
            consumed += r.bytesConsumed();
            switch (r.getStatus()) {
                case OK -> handlePostHandshake(r.getHandshakeStatus());
                case BUFFER_OVERFLOW -> {
                    int size = engine.getSession().getPacketBufferSize();
                    if (netOut.capacity() < size) {
                        netOut = ByteBuffer.allocateDirect(size).flip();
                    } else {
                        throw new SSLException("the TLS engine needs more than " + size + " bytes for one record");
                    }
                }
                case CLOSED -> throw new StreamClosedException("the TLS session is closed; no more data can be sent");
                default -> {
                    return consumed;
                }
            }
            if (r.bytesConsumed() == 0 && !netOut.hasRemaining()) {
                return consumed; // the engine wants to read first (renegotiation)
            }
        }
    }

    @Override public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override public void closeOutbound() {
        try {
            engine.closeOutbound();
            if (netOut.hasRemaining() && !flush()) {
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
            if (netOut.hasRemaining() && !flush()) {
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
        netOut.clear();
        try {
            return engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
    }

    private int readSocket() throws IOException {
        netIn.compact();
        int n;
        try {
            n = channel.read(netIn);
        } finally {
            netIn.flip();
        }
        if (n > 0) {
            needMoreInput = false;
        }
        return n;
    }

    private void growNetInIfFull() {
        int size = engine.getSession().getPacketBufferSize();
        if (netIn.remaining() == netIn.capacity() || netIn.capacity() < size) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(size, netIn.capacity() * 2));
            bigger.put(netIn).flip();
            netIn = bigger;
        }
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
