package dev.squall.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler class that receives its request body as it arrives instead of buffered whole, as Tornado's
 * {@code @stream_request_body}: an upload of any size then needs only a chunk of memory.
 *
 * <pre>{@code
 * @StreamRequestBody
 * final class UploadHandler extends AsyncRequestHandler {
 *     private final MessageDigest sha = MessageDigest.getInstance("SHA-256");
 *     private long size;
 *
 *     @Override public CompletionStage<?> prepare() {
 *         setMaxBodyBytes(10L << 30);                 // this request may send 10 GiB
 *         return done();
 *     }
 *     @Override public CompletionStage<?> dataReceived(ByteBuffer chunk) {
 *         size += chunk.remaining();
 *         sha.update(chunk);
 *         return done();                               // a pending stage pauses reading until it completes
 *     }
 *     @Override public CompletionStage<?> put() {
 *         write(Map.of("size", size, "sha256", HexFormat.of().formatHex(sha.digest())));
 *         return done();
 *     }
 * }
 * }</pre>
 *
 * <p>The lifecycle: {@code prepare()} runs as soon as the head is read, before any body byte — it may reject the
 * request (answer 401 or 413 and the body is never read; the connection closes after the answer) or set a
 * per-request limit with {@link BaseRequestHandler#setMaxBodyBytes(long)}. Then {@code 100 Continue} is sent if
 * the client asked for it, and the body flows in one of two ways:
 * <ul>
 *   <li>the handler overrides {@link BaseRequestHandler#dataReceived(java.nio.ByteBuffer)}: it is called per
 *       chunk, a pending stage it returns stops the server reading the socket until it completes, and the HTTP
 *       method runs once the whole body is in;</li>
 *   <li>it does not: the HTTP method runs right after {@code prepare()} and reads the body itself from
 *       {@link BaseRequestHandler#requestBody()} — in a coroutine handler, {@code while ((chunk =
 *       await(body.read())) != null)}; in Kotlin, {@code requestBody().asFlow()} or {@code readChunk()}.</li>
 * </ul>
 *
 * <p>A request without a body runs the lifecycle too, with an empty body. {@code getArgument} reads only the
 * query string (the body is not buffered); {@code getFiles} is empty — parse a multipart form with
 * {@link dev.squall.web.multipart.MultipartStream}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamRequestBody {}
