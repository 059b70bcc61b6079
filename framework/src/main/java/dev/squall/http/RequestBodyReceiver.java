package dev.squall.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Receives a request body as it arrives, instead of the server buffering it whole: the HTTP half of Tornado's
 * {@code @stream_request_body}. An {@link HttpHandler} returns one from
 * {@link HttpHandler#headReceived(HttpServerRequest, HttpServerResponse)}; the web layer's
 * {@code @StreamRequestBody} handlers are built on it.
 *
 * <pre>{@code
 * public CompletionStage<RequestBodyReceiver> headReceived(HttpServerRequest request, HttpServerResponse response) {
 *     return CompletableFuture.completedFuture(new RequestBodyReceiver() {
 *         long size;
 *         public CompletionStage<?> dataReceived(ByteBuffer chunk) { size += chunk.remaining(); return null; }
 *         public void bodyReceived() { response.end(200, "text/plain", size + " bytes\n"); }
 *         public void bodyFailed(RequestBodyException error) {}
 *     });
 * }
 * }</pre>
 *
 * <p>Flow control: a {@link #dataReceived} that returns a stage which is not complete stops the connection
 * reading from its socket (the client feels TCP backpressure) until the stage completes; no other chunk is
 * delivered meanwhile, and the body timeout does not run while the server waits for the receiver.
 *
 * <p>Every method is called on the connection's loop, never re-entrantly, in this order: {@link #maxBodyBytes()}
 * once when the receiver is accepted, {@link #dataReceived} for each run of body bytes (decoded from chunked
 * framing), then exactly one of {@link #bodyReceived()} or {@link #bodyFailed}. If the response is finished
 * before the body has been read (an early 413 or 401), nothing more is delivered and the connection closes after
 * the response, as the unread rest of the body cannot be skipped safely.
 */
public interface RequestBodyReceiver {
    /**
     * Returns the largest body this request may have, read once when the receiver is accepted: a larger
     * {@code Content-Length} is answered with 413 before any body byte is read, and a chunked body that grows past
     * it is answered with 413 when it does. The default, -1, keeps the server's
     * {@link HttpServer.Builder#maxBodyBytes(long) maxBodyBytes}.
     *
     * @return the limit in bytes, or -1 for the server's
     */
    default long maxBodyBytes() {
        return -1;
    }

    /**
     * Receives the next run of body bytes, in {@code [position, limit)} of {@code chunk}. The buffer is the
     * server's: read it during this call (copy what must outlive it); its contents change afterwards.
     *
     * @param chunk body bytes; never empty
     * @return null or a completed stage to go on reading, or a pending stage to pause reading until it completes
     *     (its value or failure is ignored: a receiver that fails answers the response itself)
     * @throws Exception answered as a handler failure: 500 if no response was started, and the connection closes
     */
    @Nullable
    CompletionStage<?> dataReceived(ByteBuffer chunk) throws Exception;

    /**
     * Called once the whole body has been delivered; the receiver now owes the response (it is the counterpart
     * of {@link HttpHandler#handle}, which is not called for a streamed request).
     *
     * @throws Exception answered as a handler failure
     */
    void bodyReceived() throws Exception;

    /**
     * Called when the body cannot be read to its end: the client closed the connection, the chunked framing was
     * malformed (the server answered 400), the body grew past {@link #maxBodyBytes()} (413) or stalled (408).
     * The server has answered and closes the connection; what the receiver still writes to the response is
     * dropped. Release what the body held (temporary files).
     *
     * @param error what went wrong; {@link RequestBodyException#status()} is 0 when the client went away
     */
    void bodyFailed(RequestBodyException error);
}
