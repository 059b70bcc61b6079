package dev.squall.net;

import dev.squall.internal.net.FutureRelay;
import dev.squall.loop.IOLoop;
import dev.squall.loop.Selectable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A non-blocking TCP (or TLS) connection owned by one {@link IOLoop}, with Tornado's {@code IOStream}
 * semantics.
 *
 * <pre>{@code
 * stream.readUntil(ByteString.encodeUtf8("\r\n\r\n"), 64 * 1024)
 *       .thenCompose(head -> stream.write(ByteString.encodeUtf8("HTTP/1.1 204 No Content\r\n\r\n")))
 *       .whenComplete((v, e) -> stream.close());
 * }</pre>
 *
 * <h2>Two ways to read</h2>
 * <ul>
 *   <li>Futures: {@link #readUntil}, {@link #readBytes}, {@link #readBytesPartial}, {@link #readUntilClose}.
 *       One read may be pending at a time.</li>
 *   <li>Callbacks, for protocol codecs on the hot path: {@link #setReader(StreamReader)} hands every batch of
 *       received bytes to a {@link StreamReader} with no future and no copy per read;
 *       {@link #pauseReading()} and {@link #resumeReading()} give flow control.</li>
 * </ul>
 * The two are exclusive: while a reader is set, the futures read methods throw, and the reverse.
 *
 * <h2>Writing</h2>
 * {@link #write(byte[])} and its overloads return a future completed when those bytes, and every byte before
 * them, reached the kernel: wait on it and a slow reader slows its writer. Codecs instead
 * {@link #enqueue(ByteBuffer) enqueue} a whole batch of responses and call {@link #flushNoWait()} once.
 *
 * <h2>Threading</h2>
 * Every future this class returns completes on the stream's loop. The futures methods ({@code read*},
 * {@code write}, {@link #flush()}) and {@link #close()} may be called from any thread: off the loop they hop
 * onto it with {@link IOLoop#execute}. The callback-level methods ({@link #setReader}, {@link #enqueue},
 * {@link #flushNoWait()}, pause/resume) are loop-thread only and throw {@link IllegalStateException}
 * elsewhere. {@link #isClosed()}, {@link #closeFuture()}, the address getters and {@link #loop()} are safe
 * from any thread.
 *
 * <h2>Limits</h2>
 * As Tornado: the read buffer may hold at most {@link Options#maxReadBufferBytes()} bytes (100 MiB by default;
 * past it the stream closes with a {@link StreamBufferFullException}); the socket is read in chunks of
 * {@link Options#readChunkBytes()} (64 KiB); the write buffer is unlimited unless
 * {@link Options#maxWriteBufferBytes()} is set.
 *
 * <h2>Memory</h2>
 * A stream with nothing unread and nothing unwritten holds no buffer, so a loop can keep tens of thousands of
 * idle connections: the socket is read into one buffer its loop shares among its streams, and bytes left
 * unread, bytes waiting for the kernel and TLS records live in 17 KiB direct chunks of a bounded per-loop
 * pool, given back as soon as they drain.
 */
public final class IOStream {
    // The stream coordinates: the socket readiness and interest ops, the TLS handshake and startTls, and close
    // (here); StreamReads (the socket reads, ReadBuffer, PendingRead or a StreamReader), StreamWriter
    // (WriteBuffer, PendingWrites, the write-buffer limit), StreamClose (why it closed, whom to tell) and a
    // Transport (plain or TLS). Buffers come from LoopBuffers.
    // Size (issue 10): the logic lives in those parts; about 400 of this file's lines are the javadoc of the
    // public surface (about 45 public members and Options, kept here so the API reads in one place), and about
    // 250 of its code lines are those members' argument checks, thread checks, hops onto the loop and
    // one-line delegations.

    /** Tornado's {@code max_buffer_size}: the most bytes the read buffer holds, 100 MiB. */
    public static final int DEFAULT_MAX_READ_BUFFER_BYTES = 100 * 1024 * 1024;
    /** Tornado's {@code read_chunk_size}: the most bytes read from the socket at once, 64 KiB. */
    public static final int DEFAULT_READ_CHUNK_BYTES = 64 * 1024;
    /** The default {@link Options#maxWriteBufferBytes()}: no limit, as Tornado. */
    public static final long UNLIMITED_WRITE_BUFFER = Long.MAX_VALUE;

    private static final System.Logger LOG = System.getLogger("dev.squall.net");

    private final IOLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final Transport transport;
    private final Options options;
    private final @Nullable InetSocketAddress remoteAddress;
    private final @Nullable InetSocketAddress localAddress;
    private int interestOps = -1;
    private int handshakeInterest;
    private final CompletableFuture<Void> handshakeFuture = new CompletableFuture<>();

    private final StreamReads reads;
    private final StreamWriter writer;

    private volatile boolean closed;
    private final StreamClose closeState = new StreamClose();

    IOStream(
            IOLoop loop,
            SocketChannel channel,
            @Nullable SelectionKey existingKey,
            Transport transport,
            Options options)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.transport = transport;
        this.options = options;
        LoopBuffers buffers = LoopBuffers.of(loop);
        this.reads = new StreamReads(this, loop, transport, buffers, options);
        this.writer = new StreamWriter(this, transport, buffers, options.maxWriteBufferBytes());
        channel.configureBlocking(false);
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        if (existingKey != null) {
            existingKey.attach((Selectable) this::onReady);
            existingKey.interestOps(0);
            this.key = existingKey;
        } else {
            this.key = loop.register(channel, 0, this::onReady);
        }
        interestOps = 0;
        if (transport.isHandshakeComplete()) {
            handshakeFuture.complete(null);
        } else {
            advanceHandshake();
        }
    }

    /**
     * Wraps a connected channel in a plain stream with the default {@link Options}. Loop thread only.
     *
     * @param loop the loop that will own the stream; the caller must be on it
     * @param channel a connected socket channel (made non-blocking by this call)
     * @return the stream
     * @throws IOException if the channel cannot be configured or registered
     * @throws IllegalStateException if called off the loop
     */
    public static IOStream of(IOLoop loop, SocketChannel channel) throws IOException {
        return of(loop, channel, Options.DEFAULTS);
    }

    /**
     * Wraps a connected channel in a plain stream. Loop thread only.
     *
     * @param loop the loop that will own the stream; the caller must be on it
     * @param channel a connected socket channel (made non-blocking by this call)
     * @param options buffer limits
     * @return the stream
     * @throws IOException if the channel cannot be configured or registered
     * @throws IllegalStateException if called off the loop
     */
    public static IOStream of(IOLoop loop, SocketChannel channel, Options options) throws IOException {
        return new IOStream(loop, channel, null, new Transport.Plain(channel), options);
    }

    /**
     * Wraps a connected channel in a TLS stream and starts the handshake. The same reading and writing API
     * works over TLS; reads and writes issued before the handshake completes wait for it, and fail with a
     * {@link StreamClosedException} whose cause is the {@link javax.net.ssl.SSLException} if it fails. See
     * {@link #handshakeFuture()}. Loop thread only.
     *
     * <p>Configure {@code engine} first: client or server mode, SNI and endpoint identification (see
     * {@link TcpClient#connectTls}).
     *
     * @param loop the loop that will own the stream; the caller must be on it
     * @param channel a connected socket channel (made non-blocking by this call)
     * @param engine a fresh engine in the desired mode, whose handshake has not begun
     * @param options buffer limits
     * @return the stream
     * @throws IOException if the channel cannot be configured or registered, or the handshake cannot begin
     * @throws IllegalStateException if called off the loop
     */
    public static IOStream tls(IOLoop loop, SocketChannel channel, SSLEngine engine, Options options)
            throws IOException {
        return new IOStream(loop, channel, null, new TlsTransport(channel, engine, LoopBuffers.of(loop)), options);
    }

    /**
     * Upgrades this open plain stream to TLS, as Tornado's {@code start_tls} (STARTTLS in SMTP, IMAP, XMPP; the
     * HTTP client's CONNECT tunnel): a new stream over the same connection runs the handshake, and this one is
     * done — its reads and writes fail as on a closed stream; its close callback and {@link #closeFuture()} move
     * to the new stream (they run when the connection really closes). Call it when the plain protocol is at
     * rest: no read pending, no {@link StreamReader}, every write flushed, nothing buffered unread (bytes read
     * past the plain part could be the peer's first TLS record, which would be lost).
     *
     * <pre>{@code
     * stream.write(utf8("STARTTLS\r\n"))
     *       .thenCompose(v -> stream.readUntil(utf8("\r\n"), 512))                   // "220 go ahead"
     *       .thenCompose(line -> stream.startTls(context, params, true))              // the TLS stream
     *       .thenCompose(tls -> tls.write(utf8("EHLO me\r\n")));
     * }</pre>
     *
     * @param context the TLS context (keys for a server, trust for a client)
     * @param parameters protocols, cipher suites, SNI, endpoint identification ({@code "HTTPS"} to check the
     *     host name) — copied onto the engine
     * @param clientMode true on the side that connected (the client), false on the server side
     * @return a future completed on the loop with the TLS stream once the handshake is done; failed with the
     *     {@link javax.net.ssl.SSLException} if it fails (the connection is then closed)
     * @throws IllegalStateException (on the loop; else the future fails with it) if the stream is closed,
     *     already TLS, or not at rest as above — the message says which
     */
    public CompletableFuture<IOStream> startTls(SSLContext context, SSLParameters parameters, boolean clientMode) {
        if (!loop.inEventLoop()) {
            return hop(() -> startTls(context, parameters, clientMode));
        }
        InetSocketAddress peer = remoteAddress;
        SSLEngine engine = peer == null
                ? context.createSSLEngine()
                : context.createSSLEngine(peer.getHostString(), peer.getPort());
        engine.setUseClientMode(clientMode);
        engine.setSSLParameters(parameters);
        return startTls(engine);
    }

    /**
     * Upgrades this open plain stream to TLS with an engine the caller configured (mode, SNI, endpoint
     * identification), as {@link #startTls(javax.net.ssl.SSLContext, javax.net.ssl.SSLParameters, boolean)}.
     *
     * @param engine a fresh engine whose handshake has not begun
     * @return a future completed on the loop with the TLS stream once the handshake is done
     * @throws IllegalStateException (on the loop; else the future fails with it) as the other overload
     */
    public CompletableFuture<IOStream> startTls(SSLEngine engine) {
        if (!loop.inEventLoop()) {
            return hop(() -> startTls(engine));
        }
        String problem = closed
                ? "it is closed (" + closeState.reason() + ")"
                : transport instanceof TlsTransport ? "it is TLS already" : reads.notAtRest();
        if (problem == null && writer.wantsWrite()) {
            problem = "writes are not flushed yet (wait for the last write's future)";
        } else if (problem == null && reads.available() > 0) {
            problem = reads.available() + " bytes were received and not read (they may belong to the TLS"
                    + " handshake; read the plain part exactly, e.g. with readUntil)";
        }
        if (problem != null) {
            throw new IllegalStateException("cannot start TLS on " + this + ": " + problem);
        }
        // Hand the connection over: this stream ends without closing the channel or cancelling its key.
        closed = true;
        closeState.record("handed over to TLS by startTls", null);
        IOStream tls;
        try {
            tls = new IOStream(loop, channel, key, new TlsTransport(channel, engine, LoopBuffers.of(loop)), options);
        } catch (IOException | RuntimeException e) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing after a failure
            }
            closeState.future().complete(null);
            return CompletableFuture.failedFuture(e);
        }
        closeState.handOverTo(tls.closeState);
        CompletableFuture<IOStream> result = new CompletableFuture<>();
        tls.handshakeFuture().whenComplete((v, e) -> {
            if (e == null) {
                result.complete(tls);
            } else {
                Throwable cause =
                        e instanceof StreamClosedException && e.getCause() instanceof SSLException ? e.getCause() : e;
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    // ------------------------------------------------------------------------------------------------
    // Futures reads

    /**
     * Reads up to and including {@code delimiter}.
     *
     * @param delimiter the bytes that end the read; not empty
     * @param maxBytes the most bytes the result may have, delimiter included
     * @return a future completed on the loop with the bytes, delimiter included; failed with
     *     {@link UnsatisfiableReadException} (and the stream closed) if the delimiter is not within the first
     *     {@code maxBytes} bytes, or with {@link StreamClosedException} if the stream closes first
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     * @throws IllegalArgumentException if the delimiter is empty or {@code maxBytes < 1}
     */
    public CompletableFuture<ByteString> readUntil(ByteString delimiter, int maxBytes) {
        if (delimiter.size() == 0) {
            throw new IllegalArgumentException("readUntil needs a non-empty delimiter");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("readUntil maxBytes must be positive, got " + maxBytes);
        }
        if (!loop.inEventLoop()) {
            return hop(() -> readUntil(delimiter, maxBytes));
        }
        return reads.start(PendingRead.Kind.UNTIL, delimiter.toByteArray(), maxBytes);
    }

    /**
     * Reads exactly {@code count} bytes.
     *
     * @param count how many bytes, at least 0
     * @return a future completed on the loop with the bytes, or failed with {@link StreamClosedException} if
     *     the stream closes before that many arrived
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public CompletableFuture<ByteString> readBytes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("readBytes count must not be negative, got " + count);
        }
        if (!loop.inEventLoop()) {
            return hop(() -> readBytes(count));
        }
        return reads.start(PendingRead.Kind.BYTES, null, count);
    }

    /**
     * Reads whatever is available, at least one byte and at most {@code maxBytes} (Tornado's
     * {@code read_bytes(n, partial=True)}).
     *
     * @param maxBytes the most bytes to return, at least 1
     * @return a future completed on the loop with 1 to {@code maxBytes} bytes, or failed with
     *     {@link StreamClosedException} if the stream closes with nothing buffered
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public CompletableFuture<ByteString> readBytesPartial(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("readBytesPartial maxBytes must be positive, got " + maxBytes);
        }
        if (!loop.inEventLoop()) {
            return hop(() -> readBytesPartial(maxBytes));
        }
        return reads.start(PendingRead.Kind.PARTIAL, null, maxBytes);
    }

    /**
     * Reads everything until the peer closes the connection.
     *
     * @return a future completed on the loop with every byte received, when the peer closes or the stream is
     *     closed locally; failed with {@link StreamClosedException} if it closes with an error, or (as any
     *     read) with {@link StreamBufferFullException} past {@link Options#maxReadBufferBytes()}
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     */
    public CompletableFuture<ByteString> readUntilClose() {
        if (!loop.inEventLoop()) {
            return hop(this::readUntilClose);
        }
        return reads.start(PendingRead.Kind.UNTIL_CLOSE, null, 0);
    }

    /**
     * Reads up to the end of the first match of {@code pattern}, as Tornado's {@code read_until_regex}. The
     * buffered bytes are matched as ISO-8859-1 text (one char per byte), so a pattern over ASCII, such as
     * {@code \r?\n\r?\n}, means the same bytes it would in Python; the match is tried again as bytes arrive.
     *
     * @param pattern the pattern whose first match ends the read
     * @param maxBytes the most bytes the result may have, match included
     * @return a future completed on the loop with the bytes up to and including the match; failed with
     *     {@link UnsatisfiableReadException} (and the stream closed) if no match ends within the first
     *     {@code maxBytes} bytes, or with {@link StreamClosedException} if the stream closes first
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public CompletableFuture<ByteString> readUntilRegex(Pattern pattern, int maxBytes) {
        Objects.requireNonNull(pattern, "pattern");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("readUntilRegex maxBytes must be positive, got " + maxBytes);
        }
        if (!loop.inEventLoop()) {
            return hop(() -> readUntilRegex(pattern, maxBytes));
        }
        return reads.startRegex(pattern, maxBytes);
    }

    /**
     * Reads into the caller's buffer, as Tornado's {@code read_into}: fills {@code target} from its position to its
     * limit, or with {@code partial} completes as soon as at least one byte is there. The buffer belongs to the
     * stream until the future completes.
     *
     * @param target where the bytes go; its position advances by the count
     * @param partial true to complete with whatever is available (at least one byte), false to wait for
     *     {@code target.remaining()} bytes
     * @return a future completed on the loop with the number of bytes put into {@code target}; failed with
     *     {@link StreamClosedException} if the stream closes before they arrived
     * @throws IllegalStateException (on the loop; else the future fails with it) if another read is pending
     *     or a {@link StreamReader} is set
     * @throws java.nio.ReadOnlyBufferException if {@code target} is read-only
     */
    public CompletableFuture<Integer> readInto(ByteBuffer target, boolean partial) {
        if (target.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (!loop.inEventLoop()) {
            return hop(() -> readInto(target, partial));
        }
        return reads.startInto(target, partial);
    }

    // ------------------------------------------------------------------------------------------------
    // Callback reads

    /**
     * Delivers every received byte to {@code reader}, starting now; or, with null, stops delivering and
     * returns the stream to the futures read API. Bytes already buffered are delivered through a loop task,
     * not from within this call. A reader may replace itself from inside {@link StreamReader#onData} (a
     * protocol upgrade): bytes it leaves unconsumed go to the next reader. Loop thread only.
     *
     * @param reader the reader, or null
     * @throws IllegalStateException if a futures read is pending, or off the loop
     */
    public void setReader(@Nullable StreamReader reader) {
        checkLoop("setReader");
        reads.setReader(reader);
    }

    /**
     * Stops delivering to the {@link StreamReader} (and stops reading the socket, so the peer feels TCP
     * backpressure) until {@link #resumeReading()}. Loop thread only; may be called from inside
     * {@link StreamReader#onData}.
     *
     * @throws IllegalStateException off the loop
     */
    public void pauseReading() {
        checkLoop("pauseReading");
        reads.pause();
    }

    /**
     * Resumes delivering to the {@link StreamReader}. Bytes still buffered are delivered again through a loop
     * task (never from within this call), followed by new bytes. Loop thread only.
     *
     * @throws IllegalStateException off the loop
     */
    public void resumeReading() {
        checkLoop("resumeReading");
        reads.resume();
    }

    /** Returns whether reading is paused with {@link #pauseReading()}. */
    public boolean isReadingPaused() {
        return reads.isPaused();
    }

    // ------------------------------------------------------------------------------------------------
    // Writes

    /**
     * Writes bytes (copied; the array may be reused at once).
     *
     * @param data the bytes
     * @return a future completed on the loop when these bytes and all before them reached the kernel; failed
     *     with {@link StreamBufferFullException} if the write buffer would exceed
     *     {@link Options#maxWriteBufferBytes()} (the stream stays open and nothing is written), or with
     *     {@link StreamClosedException} if the stream closes first
     */
    public CompletableFuture<Void> write(byte[] data) {
        if (!loop.inEventLoop()) {
            byte[] copy = data.clone();
            return hop(() -> write(copy));
        }
        return writer.write(data);
    }

    /**
     * Writes the remaining bytes of {@code data} (copied; its position moves to its limit).
     *
     * @param data the bytes
     * @return as {@link #write(byte[])}
     */
    public CompletableFuture<Void> write(ByteBuffer data) {
        if (!loop.inEventLoop()) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            return hop(() -> write(copy));
        }
        return writer.write(data);
    }

    /**
     * Writes an immutable byte string (large ones are queued without copying).
     *
     * @param data the bytes
     * @return as {@link #write(byte[])}
     */
    public CompletableFuture<Void> write(ByteString data) {
        if (!loop.inEventLoop()) {
            return hop(() -> write(data));
        }
        return writer.write(data);
    }

    /**
     * Writes {@code count} bytes of {@code file} starting at {@code position}, after everything written before
     * and before anything written after. The file's bytes never enter the heap on a plain socket: the kernel
     * sends them from the page cache ({@link FileChannel#transferTo}, zero copy). Through TLS they are read in
     * pieces of 64 KiB into one staging buffer as the socket drains, so memory stays bounded whatever the file's
     * size. Either way the bytes do not count against {@link Options#maxWriteBufferBytes()}. The stream does not
     * close {@code file}: close it when the future completes either way. Reads of the file happen on the loop
     * (page-cache reads, as Netty's file regions).
     *
     * @param file an open file; its own position is neither used nor moved
     * @param position where in the file to start
     * @param count how many bytes to send
     * @return a future completed on the loop when these bytes and all before them reached the kernel; failed
     *     with {@link StreamClosedException} if the stream closes first, or with an {@link IOException} if the
     *     file cannot be read (an {@link java.io.EOFException} if it shrank below {@code position + count})
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException(
                    "writeFile(position=" + position + ", count=" + count + "): both must be >= 0");
        }
        if (!loop.inEventLoop()) {
            return hop(() -> writeFile(file, position, count));
        }
        return writer.writeFile(file, position, count);
    }

    /**
     * Copies the remaining bytes of {@code src} into the write buffer (its position moves to its limit); no
     * syscall, no future. Follow a batch with {@link #flushNoWait()} or {@link #flush()}. On a closed stream
     * the bytes are dropped. If the write buffer would exceed {@link Options#maxWriteBufferBytes()} the stream
     * is closed with a {@link StreamBufferFullException}. Loop thread only.
     *
     * @param src the bytes
     * @throws IllegalStateException off the loop
     */
    public void enqueue(ByteBuffer src) {
        checkLoop("enqueue");
        writer.enqueue(src);
    }

    /**
     * Copies {@code src[off, off + len)} into the write buffer; as {@link #enqueue(ByteBuffer)}.
     *
     * @param src the bytes
     * @param off where they start
     * @param len how many
     * @throws IllegalStateException off the loop
     * @throws IndexOutOfBoundsException if the range is outside {@code src}
     */
    public void enqueue(byte[] src, int off, int len) {
        checkLoop("enqueue");
        Objects.checkFromIndexSize(off, len, src.length);
        writer.enqueue(src, off, len);
    }

    /**
     * Writes as much of the write buffer as the kernel takes now, and arranges for the rest to follow when the
     * socket is writable. No future. Loop thread only.
     *
     * @throws IllegalStateException off the loop
     */
    public void flushNoWait() {
        checkLoop("flushNoWait");
        writeNow();
    }

    /** Writes what the kernel takes now and updates the interest ops; for {@link StreamWriter}. Loop only. */
    void writeNow() {
        handleWrite();
        updateInterest();
    }

    /**
     * Writes everything enqueued so far.
     *
     * @return a future completed on the loop when every byte enqueued or written before this call reached the
     *     kernel, or failed with {@link StreamClosedException} if the stream closes first
     */
    public CompletableFuture<Void> flush() {
        if (!loop.inEventLoop()) {
            return hop(this::flush);
        }
        return writer.flush();
    }

    /**
     * Returns a future of the bytes enqueued so far reaching the kernel, without writing now: the owner's next
     * {@link #flushNoWait()} or {@link #flush()} (or the socket becoming writable) writes them. A server answering
     * pipelined requests batches its writes this way and still tells each response when it was sent.
     *
     * @return a future completed on the loop when every byte enqueued or written before this call reached the
     *     kernel, or failed with {@link StreamClosedException} if the stream closes first
     * @throws IllegalStateException off the loop
     */
    public CompletableFuture<Void> whenWritten() {
        checkLoop("whenWritten");
        return writer.whenWritten();
    }

    /** Returns whether every byte given to this stream reached the kernel. Loop thread. */
    public boolean isWriteBufferEmpty() {
        return writer.isEmpty();
    }

    /** Returns the number of bytes waiting in the write buffer. Loop thread. */
    public long writeBufferBytes() {
        return writer.bufferedBytes();
    }

    /**
     * Returns how many times the write buffer was handed to the transport (a write syscall each, for a small
     * buffer): what a test counts to see that pipelined responses go out in one batch. Loop thread.
     */
    int writeBatches() {
        return writer.writeBatches();
    }

    private void handleWrite() {
        if (closed || !transport.isHandshakeComplete()) {
            return;
        }
        writer.handleWrite();
    }

    // ------------------------------------------------------------------------------------------------
    // Readiness and interest

    private void onReady(int readyOps) {
        if (closed) {
            return;
        }
        if (!transport.isHandshakeComplete()) {
            advanceHandshake();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            handleWrite();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed) {
            reads.handleRead();
        }
        updateInterest();
    }

    private void advanceHandshake() {
        int want;
        try {
            want = transport.handshake();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "TLS handshake failed on " + this, e);
            closeInternal("the TLS handshake failed: " + e.getMessage(), e);
            return;
        }
        if (want != 0) {
            handshakeInterest = want;
            updateInterest();
            return;
        }
        handshakeInterest = 0;
        handshakeFuture.complete(null);
        if (closed) {
            return;
        }
        handleWrite();
        if (!closed && reads.wantsRead()) {
            reads.handleRead();
        }
        updateInterest();
    }

    /** Asks the selector for the readiness the stream waits for now. Loop only. */
    void updateInterest() {
        if (closed) {
            return;
        }
        int ops;
        if (!transport.isHandshakeComplete()) {
            ops = handshakeInterest;
        } else {
            ops = reads.wantsRead() ? SelectionKey.OP_READ : 0;
            if (writer.wantsWrite()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (ops != interestOps) {
            try {
                key.interestOps(ops);
                interestOps = ops;
            } catch (CancelledKeyException e) {
                closeInternal("the channel was deregistered (was the loop closed?)", null);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Close

    /**
     * Closes the stream: pending reads fail with {@link StreamClosedException} (a pending
     * {@link #readUntilClose()} completes with what was received), unwritten bytes are dropped, the reader
     * gets {@code onClosed(null)}, then the close callback runs and {@link #closeFuture()} completes. Over TLS
     * a close_notify is sent if the socket takes it. Safe from any thread (hops onto the loop); idempotent.
     */
    public void close() {
        close(null);
    }

    /**
     * Closes the stream because of {@code cause}, which pending operations and the reader see as the reason.
     * Safe from any thread; idempotent.
     *
     * @param cause why, or null for a clean close
     */
    public void close(@Nullable Throwable cause) {
        if (!loop.inEventLoop()) {
            if (!loop.tryExecute(() -> close(cause))) { // closed loop: close here, nothing else runs there
                closeInternal("closed because its loop closed", cause);
            }
            return;
        }
        closeInternal(cause == null ? "closed locally" : "closed locally: " + cause, cause);
    }

    /** Closes the stream after an I/O error, naming a reset as such. Loop only. */
    void closeOnError(IOException e) {
        String msg = e.getMessage();
        String why =
                msg != null && msg.contains("reset") ? "the connection was reset by the peer" : "an I/O error: " + e;
        closeInternal(why, e);
    }

    /** Closes the stream, recording why; see {@link #close()}. Idempotent. */
    void closeInternal(String reason, @Nullable Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        closeState.record(reason, cause);
        boolean onLoop = loop.inEventLoop();
        if (cause == null && transport.isHandshakeComplete() && onLoop) {
            transport.closeOutbound(); // off the loop (its loop closed) the loop's buffers are not ours to use
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + this, e);
        }
        writer.dropBuffered(onLoop);
        if (!handshakeFuture.isDone()) {
            handshakeFuture.completeExceptionally(closedException());
        }
        reads.finishReadAtClose();
        writer.failWaiters();
        reads.notifyReaderClosed();
        closeState.notifyClosed(this);
    }

    /**
     * Returns the bytes of buffers this stream holds on its own: the loop's chunks in its write buffer, its
     * read buffer and its TLS ciphertext buffers. 0 for an idle stream (nothing unread, everything written).
     * For tests. Loop only.
     */
    long bufferBytesHeld() {
        long tls = transport instanceof TlsTransport t ? t.bufferBytesHeld() : 0;
        return reads.bytesHeld() + writer.chunkBytesHeld() + tls;
    }

    /** Sets the internal close listener; for {@link TcpServer}. Loop thread. */
    void setCloseListener(Runnable listener) {
        closeState.setListener(listener);
    }

    /** Returns a fresh error for an operation on the closed stream, saying why it closed. */
    StreamClosedException closedException() {
        return closeState.exception(describe());
    }

    /** Returns whether the stream is closed. Safe from any thread. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Returns the error that closed the stream, or null if it is open or closed cleanly. Loop thread.
     *
     * @return the error or null
     */
    public @Nullable Throwable closeError() {
        return closeState.error();
    }

    /**
     * Returns a future completed on the loop, never exceptionally, when the stream has closed for any reason.
     * Safe from any thread.
     *
     * @return the close future
     */
    public CompletableFuture<Void> closeFuture() {
        return closeState.future();
    }

    /**
     * Sets a callback run on the loop once when the stream closes, after pending operations failed, as
     * Tornado's {@code set_close_callback}. Replaces any previous callback; null clears it. If the stream is
     * already closed the callback is not run (use {@link #closeFuture()} for that). Loop thread only.
     *
     * @param callback the callback or null
     * @throws IllegalStateException off the loop
     */
    public void setCloseCallback(@Nullable Runnable callback) {
        checkLoop("setCloseCallback");
        closeState.setCallback(callback);
    }

    /**
     * Returns a future completed on the loop when the TLS handshake completes (at once for a plain stream),
     * or failed with {@link StreamClosedException} (caused by the {@link javax.net.ssl.SSLException}) if it
     * fails or the stream closes first.
     *
     * @return the handshake future
     */
    public CompletableFuture<Void> handshakeFuture() {
        return handshakeFuture;
    }

    /**
     * Returns the TLS session of a TLS stream (meaningful once {@link #handshakeFuture()} completed), or null
     * for a plain stream.
     *
     * @return the session or null
     */
    public javax.net.ssl.@Nullable SSLSession tlsSession() {
        return transport instanceof TlsTransport tls ? tls.session() : null;
    }

    // ------------------------------------------------------------------------------------------------
    // Socket

    /**
     * Turns Nagle's algorithm off ({@code true}) or on. Ignored once closed. Safe from any thread.
     *
     * @param noDelay true to send small writes at once
     */
    public void setNoDelay(boolean noDelay) {
        if (closed) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "setting TCP_NODELAY on " + this, e);
        }
    }

    /** Returns the peer's address (known even after close), or null if the channel never had one. */
    public @Nullable InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Returns the local address (known even after close), or null if the channel never had one. */
    public @Nullable InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Returns the loop that owns this stream. */
    public IOLoop loop() {
        return loop;
    }

    /** Returns the options (buffer limits) of this stream. */
    public Options options() {
        return options;
    }

    private void checkLoop(String method) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("IOStream." + method + "() must be called on loop " + loop.name()
                    + ", not on thread '" + Thread.currentThread().getName()
                    + "'; hop onto the loop with stream.loop().execute(...)");
        }
    }

    /** Runs {@code op} on the loop for a caller on another thread; closed loop: the stream is closed too. */
    private <T> CompletableFuture<T> hop(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!loop.tryExecute(() -> FutureRelay.relay(op, result))) {
            result.completeExceptionally(new StreamClosedException(
                    "the loop " + loop.name() + " of " + this + " is closed, and the stream with it"));
        }
        return result;
    }

    private String describe() {
        SocketAddress r = remoteAddress;
        return (transport instanceof TlsTransport ? "tls:" : "tcp:") + (r == null ? "?" : r.toString());
    }

    @Override
    public String toString() {
        return "IOStream[" + describe() + (closed ? ", closed" : "") + "]";
    }

    /**
     * Buffer limits of a stream, as Tornado's {@code IOStream} arguments.
     *
     * @param maxReadBufferBytes the most bytes the read buffer may hold; past it the stream closes with a
     *     {@link StreamBufferFullException}
     * @param readChunkBytes the most bytes read from the socket in one call
     * @param maxWriteBufferBytes the most bytes the write buffer may hold ({@link #UNLIMITED_WRITE_BUFFER}
     *     for no limit)
     */
    public record Options(int maxReadBufferBytes, int readChunkBytes, long maxWriteBufferBytes) {
        /** Tornado's defaults: 100 MiB read buffer, 64 KiB read chunks, unlimited write buffer. */
        public static final Options DEFAULTS =
                new Options(DEFAULT_MAX_READ_BUFFER_BYTES, DEFAULT_READ_CHUNK_BYTES, UNLIMITED_WRITE_BUFFER);

        /**
         * Validates the limits.
         *
         * @throws IllegalArgumentException if any limit is not positive
         */
        public Options {
            if (maxReadBufferBytes < 1 || readChunkBytes < 1 || maxWriteBufferBytes < 1) {
                throw new IllegalArgumentException("IOStream limits must be positive: maxReadBufferBytes="
                        + maxReadBufferBytes
                        + ", readChunkBytes=" + readChunkBytes + ", maxWriteBufferBytes=" + maxWriteBufferBytes);
            }
        }

        /**
         * Returns a copy with another read buffer limit.
         *
         * @param bytes the limit
         * @return the new options
         */
        public Options withMaxReadBufferBytes(int bytes) {
            return new Options(bytes, readChunkBytes, maxWriteBufferBytes);
        }

        /**
         * Returns a copy with another read chunk size.
         *
         * @param bytes the chunk size
         * @return the new options
         */
        public Options withReadChunkBytes(int bytes) {
            return new Options(maxReadBufferBytes, bytes, maxWriteBufferBytes);
        }

        /**
         * Returns a copy with a write buffer limit.
         *
         * @param bytes the limit, or {@link #UNLIMITED_WRITE_BUFFER}
         * @return the new options
         */
        public Options withMaxWriteBufferBytes(long bytes) {
            return new Options(maxReadBufferBytes, readChunkBytes, bytes);
        }
    }
}
