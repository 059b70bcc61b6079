package dev.squall.http;

import dev.squall.net.IOStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The response side of one request on a connection, as Tornado's {@code HTTP1Connection}: the start line and
 * headers, then body chunks, then {@link #finish()}.
 *
 * <p>Framing follows the headers given to {@link #writeHead}: with {@code Content-Length} the body must have
 * exactly that many bytes (more or fewer is an error that closes the connection); without it an HTTP/1.1
 * response is sent chunked and an HTTP/1.0 response is delimited by closing the connection. Responses to
 * HEAD and 1xx/204/304 responses never carry a body. The server adds {@code Date} and {@code Server} when
 * absent, and {@code Connection: close} / {@code keep-alive} as the request and server require.
 *
 * <p>Writes are buffered; bytes go to the socket at {@link #flush()}, at {@link #finish()}, or when the
 * buffer grows large. Loop thread only.
 */
public interface HttpServerResponse {

    /**
     * Starts the response. Call once, before any {@link #write}.
     *
     * @param status the status code, 100..599
     * @param reason the reason phrase, or null for the standard one
     * @param headers the response headers (copied; later changes to {@code headers} have no effect)
     * @throws IllegalStateException if the head was already written
     * @throws IllegalArgumentException if the status is out of range or the reason contains CR, LF or other
     *     control characters
     */
    void writeHead(int status, @Nullable String reason, HttpHeaders headers);

    /**
     * Queues a body chunk. Empty chunks are ignored (they would end a chunked body).
     *
     * @param chunk bytes from position to limit; consumed by this call (the buffer may be reused after)
     * @throws IllegalStateException if the head was not written or the response is finished
     */
    void write(ByteBuffer chunk);

    /**
     * Queues a body chunk.
     *
     * @param chunk the bytes (not retained)
     */
    void write(byte[] chunk);

    /**
     * Queues a body chunk.
     *
     * @param chunk the bytes
     */
    void write(ByteString chunk);

    /**
     * Sends everything queued so far.
     *
     * @return a future completed on the loop when those bytes reached the kernel (backpressure: a slow
     *     reader delays it), or failed with {@link dev.squall.net.StreamClosedException} if the connection closed first
     */
    CompletableFuture<Void> flush();

    /**
     * Returns a future of everything queued so far reaching the kernel, like {@link #flush()} but without
     * writing now: the server writes it with the rest of its batch (one syscall for many pipelined responses).
     * The default flushes. Loop thread.
     *
     * @return a future completed on the loop when those bytes reached the kernel, or failed with
     *     {@link dev.squall.net.StreamClosedException} if the connection closed first
     */
    default CompletableFuture<Void> sent() {
        return flush();
    }

    /**
     * Ends the response. The connection then reads the next request or closes, as keep-alive rules say.
     *
     * @throws IllegalStateException if already finished or if the head was not written
     */
    void finish();

    /**
     * Writes a complete response with a {@code Content-Length} body in one go — the fast path for small
     * answers. Equivalent to {@code writeHead}, {@code write}, {@code finish}.
     *
     * @param status the status code
     * @param headers the headers; {@code Content-Length} is set from {@code body}
     * @param body the body (not retained)
     */
    void end(int status, HttpHeaders headers, byte[] body);

    /**
     * Writes a complete text response in one go: {@code Content-Type} as given and the body encoded as UTF-8.
     * A shorthand for {@link #end(int, HttpHeaders, byte[])}.
     *
     * <pre>{@code
     * response.end(200, "text/plain; charset=utf-8", "Hello");
     * }</pre>
     *
     * @param status the status code
     * @param contentType the {@code Content-Type} value
     * @param body the body text
     * @throws IllegalStateException if the head was already written, or off the connection's loop
     * @throws IllegalArgumentException if {@code contentType} contains CR, LF or NUL
     */
    default void end(int status, String contentType, String body) {
        HttpHeaders headers = new HttpHeaders(2);
        headers.set("Content-Type", contentType);
        end(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code count} bytes of {@code file} from {@code position} as the next part of the body, after
     * {@link #writeHead}, counted against the declared {@code Content-Length} like {@link #write(ByteBuffer)}.
     * The HTTP/1.1 server sends them without copying them through the heap on a plain socket (zero copy) and in
     * bounded pieces through TLS (see {@link IOStream#writeFile}). Write nothing else to this response until
     * the returned future completes. This default, for in-memory responses, reads the region in 64 KiB pieces
     * and passes each to {@link #write(ByteBuffer)}. Loop thread only.
     *
     * @param file an open file (not closed here; its own position is not used)
     * @param position where to start
     * @param count how many bytes
     * @return a future completed when the bytes reached the kernel (or were written, in memory); failed if the
     *     connection closes or the file cannot be read
     * @throws IllegalStateException before {@link #writeHead} or after {@link #finish}
     */
    default CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, Math.max(count, 1)));
        long at = position;
        long left = count;
        try {
            while (left > 0) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), left));
                int n = file.read(buf, at);
                if (n < 0) {
                    throw new EOFException("the file ended " + left + " bytes before position + count");
                }
                buf.flip();
                write(buf);
                at += n;
                left -= n;
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return flush();
    }

    /** Returns whether {@link #writeHead} was called. */
    boolean isHeadWritten();

    /** Returns whether {@link #finish()} was called. */
    boolean isFinished();

    /**
     * Returns a future completed on the loop when the connection closes (the client went away, an error, or
     * a normal close). Handlers waiting on slow work use it to stop early (Tornado's
     * {@code on_connection_close}).
     *
     * @return the close future; never fails
     */
    CompletableFuture<Void> closeFuture();

    /**
     * Sets what runs, on the loop, if the connection closes before this response is finished: the light form
     * of {@link #closeFuture()} for a handler that waits on slow work. The server forgets the listener when the
     * response finishes, so a keep-alive connection that serves a million long polls holds nothing for the old
     * ones (a dependent of {@link #closeFuture()} would stay until the connection closes). A later call replaces
     * the listener; {@code null} removes it. Loop thread only.
     *
     * <p>The default implementation, for stand-in responses in tests, only registers each listener on
     * {@link #closeFuture()}: it neither replaces nor forgets earlier ones, and runs each unless the response
     * was finished by then.
     *
     * @param listener what to run, or null
     */
    default void onConnectionClose(@Nullable Runnable listener) {
        closeFuture().whenComplete((ignored, error) -> {
            if (listener != null && !isFinished()) {
                listener.run();
            }
        });
    }

    /**
     * Sets what runs, on the loop, when the server begins a graceful {@link HttpServer#shutdown(java.time.Duration)
     * shutdown} while this response is unfinished: the hook by which a long-lived handler (a long poll, later a
     * WebSocket or an event stream) ends politely — answers now, sends a last event, closes with "going away" —
     * instead of being cut off when the grace period ends. Run at once if the shutdown has already begun. One
     * slot, forgotten when the response finishes, as {@link #onConnectionClose}; a later call replaces the
     * listener, {@code null} removes it. Loop thread only.
     *
     * <p>The default implementation, for stand-in responses in tests, does nothing: they are never shut down.
     *
     * @param listener what to run, or null
     */
    default void onServerShutdown(@Nullable Runnable listener) {}

    /**
     * Asks the connection to close once this response is finished, whatever keep-alive says.
     */
    void closeAfterResponse();

    /**
     * Takes the connection over after a finished {@code 101 Switching Protocols} response, as Tornado's
     * {@code HTTP1Connection.detach()} (a WebSocket handshake does this): the server stops reading requests
     * from it, forgets it, and will not close it. Bytes the client sent after the request stay buffered in the
     * stream for the new protocol.
     *
     * <pre>{@code
     * response.writeHead(101, null, new HttpHeaders().add("Upgrade", "websocket").add("Connection", "Upgrade"));
     * response.finish();
     * IOStream stream = response.detach();   // now speak the new protocol on it
     * }</pre>
     *
     * @return the connection's stream, with no {@link dev.squall.net.StreamReader} set (ready for futures reads
     *     or a new reader)
     * @throws IllegalStateException if this response is not a finished 101, or off the connection's loop
     * @throws UnsupportedOperationException if this response is not backed by a connection (the default)
     */
    default IOStream detach() {
        throw new UnsupportedOperationException(getClass().getName() + " is not backed by a connection to detach");
    }
}
