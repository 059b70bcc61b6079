package dev.squall.kotlin

import dev.squall.web.MultipartForm
import dev.squall.web.MultipartStream
import dev.squall.web.RequestBodySource
import java.nio.ByteBuffer
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await

/**
 * Suspends until the next chunk of a `@StreamRequestBody` handler's body arrives, and returns it (valid until
 * the next read), or null at the end of the body — [RequestBodySource.read] for a `suspend fun`.
 *
 * ```kotlin
 * @StreamRequestBody
 * class Upload : SuspendRequestHandler() {
 *     override suspend fun put() {
 *         val body = requestBody()
 *         while (true) {
 *             val chunk = body.readChunk() ?: break
 *             digest.update(chunk)
 *         }
 *         write(mapOf("size" to body.bytesRead()))
 *     }
 * }
 * ```
 *
 * The server stops reading the socket while a chunk waits to be taken, so a slow consumer slows the client.
 * Call it on the request's loop (a [SuspendRequestHandler]'s methods are).
 *
 * @return the next chunk, or null at the end
 * @throws dev.squall.web.HttpError when the body cannot be read on (413, 400, 408)
 */
public suspend fun RequestBodySource.readChunk(): ByteBuffer? = read().await()

/**
 * The body as a cold [Flow] of chunks, each valid until the next one is requested: `requestBody().asFlow()
 * .collect { chunk -> channel.write(chunk) }`. Collect it once, on the request's loop.
 *
 * @return the chunks, in order
 */
public fun RequestBodySource.asFlow(): Flow<ByteBuffer> = flow {
    while (true) {
        emit(readChunk() ?: break)
    }
}

/**
 * Reads and parses a streamed multipart form: [MultipartStream.receive] for a `suspend fun`.
 *
 * @return the form, its files in temporary files until the request finishes
 */
public suspend fun MultipartStream.receiveForm(): MultipartForm = receive().await()
