package dev.squall.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * How an {@link IOStream} moves plaintext bytes over its socket: directly ({@link Plain}), or through an
 * {@link javax.net.ssl.SSLEngine} ({@link TlsTransport}). Loop thread only.
 */
interface Transport {

    /**
     * Reads plaintext into {@code dst} (in write mode: bytes go at its position).
     *
     * @param dst where bytes go; must have at least {@link #minReadSpace()} bytes remaining
     * @return the number of bytes read, possibly 0, or -1 when the peer ended the stream
     * @throws IOException on a socket or protocol error
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes plaintext from {@code srcs[offset, offset + length)}, advancing their positions.
     *
     * @return the number of plaintext bytes taken (for TLS: encrypted, and handed to the kernel as far as
     *     it would take them; see {@link #hasPendingOutput()})
     * @throws IOException on a socket or protocol error
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Writes bytes the transport itself holds (TLS records, alerts).
     *
     * @return true when nothing is left
     * @throws IOException on a socket error
     */
    boolean flush() throws IOException;

    /** Returns whether the transport holds bytes not yet handed to the kernel. */
    boolean hasPendingOutput();

    /** Returns whether the transport holds received bytes that {@link #read} can return without a syscall. */
    boolean hasBufferedInput();

    /** Returns the least room {@link #read} needs in its destination. */
    int minReadSpace();

    /**
     * Advances the handshake as far as the socket allows.
     *
     * @return 0 once the handshake is complete, else the {@link SelectionKey} interest ops it waits for
     * @throws IOException if the handshake failed or the peer went away during it
     */
    int handshake() throws IOException;

    /** Returns whether the handshake (if any) is complete. */
    boolean isHandshakeComplete();

    /** Best effort, never blocking: tells the peer that no more data will come (TLS close_notify). */
    void closeOutbound();

    /**
     * Returns whether {@link #transferFrom} can send file bytes straight from the page cache to the socket
     * (plain TCP); a TLS transport must see every byte, so file bytes go through the write buffer instead.
     */
    default boolean supportsFileTransfer() {
        return false;
    }

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position} without copying them through the
     * heap ({@link FileChannel#transferTo}, sendfile(2) on Linux); never blocks on the socket.
     *
     * @return how many bytes the kernel took (0 when the socket buffer is full)
     * @throws IOException if the file or the socket fails
     * @throws UnsupportedOperationException unless {@link #supportsFileTransfer()}
     */
    default long transferFrom(FileChannel file, long position, long count) throws IOException {
        throw new UnsupportedOperationException("this transport cannot send files without copying them");
    }

    /**
     * A transport that holds no bytes of its own and has no handshake: plain TCP, and the scripted transports
     * of the tests. Subclasses read and write.
     */
    abstract class Unencrypted implements Transport {
        @Override
        public final boolean flush() {
            return true;
        }

        @Override
        public final boolean hasPendingOutput() {
            return false;
        }

        @Override
        public final boolean hasBufferedInput() {
            return false;
        }

        @Override
        public final int minReadSpace() {
            return 1;
        }

        @Override
        public final int handshake() {
            return 0;
        }

        @Override
        public final boolean isHandshakeComplete() {
            return true;
        }

        @Override
        public final void closeOutbound() {
            // nothing to say: closing the socket sends FIN
        }
    }

    /** The transport for plain TCP: a thin layer over the channel. */
    final class Plain extends Unencrypted {
        private final SocketChannel channel;

        Plain(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return length == 1 ? channel.write(srcs[offset]) : channel.write(srcs, offset, length);
        }

        @Override
        public boolean supportsFileTransfer() {
            return true;
        }

        @Override
        public long transferFrom(FileChannel file, long position, long count) throws IOException {
            return file.transferTo(position, count, channel);
        }
    }
}
