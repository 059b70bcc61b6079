package dev.squall.kotlin

import dev.squall.websocket.BaseWebSocketHandler
import dev.squall.websocket.CloseCodes
import dev.squall.websocket.WebSocketMessage
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import okio.ByteString

/**
 * A WebSocket handler written as one `suspend fun run()` on the connection's loop: messages arrive on
 * [incoming], a [ReceiveChannel] that ends when the connection closes, and [send] suspends until the message
 * reached the kernel (backpressure).
 *
 * ```kotlin
 * class ChatSocket(private val room: Room) : SuspendWebSocketHandler() {
 *     override suspend fun run() {
 *         room.join(this)
 *         try {
 *             for (message in incoming) room.broadcast(message.asText())
 *         } finally {
 *             room.leave(this)
 *         }
 *     }
 * }
 * ```
 *
 * Flow control: [incoming] holds at most [INCOMING_CAPACITY] unread messages; past that the connection stops
 * reading the socket until `run()` takes one. When `run()` returns the WebSocket is closed with 1000; when it
 * throws, with 1011 (and the exception is logged). The handshake, limits and close codes are those of
 * [BaseWebSocketHandler]; `prepare()` runs before the handshake and may refuse it with `sendError(403)`.
 */
public abstract class SuspendWebSocketHandler protected constructor() : BaseWebSocketHandler() {
    private val channel = Channel<WebSocketMessage>(INCOMING_CAPACITY)
    private var socketJob: CompletableJob? = null

    /** The messages, in order; the channel ends (iteration stops) when the connection has closed. */
    public val incoming: ReceiveChannel<WebSocketMessage>
        get() = channel

    /** Runs before the handshake, on the loop. Default: nothing. */
    public open suspend fun prepare() {
    }

    /** The connection's life: read [incoming], [send] answers. The WebSocket closes (1000) when it returns. */
    public abstract suspend fun run()

    /** Sends a text message and suspends until it reached the kernel; throws [dev.squall.websocket.WebSocketClosedException] once closed. */
    public suspend fun send(text: String) {
        writeMessage(text).await()
    }

    /** Sends a binary message and suspends until it reached the kernel. */
    public suspend fun send(bytes: ByteString) {
        writeMessage(bytes).await()
    }

    /** Sends [value] as a JSON text message (the application's Moshi) and suspends until it reached the kernel. */
    public suspend fun sendJson(value: Any) {
        writeMessage(value).await()
    }

    private fun job(): CompletableJob =
        socketJob ?: Job(application().coroutineScope.coroutineContext[Job]).also { socketJob = it }

    final override fun invokePrepare(): CompletionStage<*> {
        val done = CompletableFuture<Unit>()
        val coroutine = CoroutineScope(request().loop().dispatcher + job()).launch(start = CoroutineStart.UNDISPATCHED) {
            prepare()
        }
        coroutine.invokeOnCompletion { cause -> if (cause == null) done.complete(Unit) else done.completeExceptionally(cause) }
        return done
    }

    final override fun invokeOpen(): CompletionStage<*> {
        CoroutineScope(request().loop().dispatcher + job()).launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                run()
                close()
            } catch (e: CancellationException) {
                close(CloseCodes.GOING_AWAY, "")
                throw e
            } catch (e: Throwable) {
                System.getLogger("dev.squall.websocket").log(System.Logger.Level.ERROR,
                    "run() of ${this@SuspendWebSocketHandler.javaClass.name} threw; closing with 1011", e)
                close(CloseCodes.INTERNAL_ERROR, "internal error")
            }
        }
        return DONE
    }

    final override fun invokeMessage(message: WebSocketMessage): CompletionStage<*> {
        if (channel.trySend(message).isSuccess) {
            return DONE
        }
        // Full: hold the socket until run() makes room.
        val sent = CompletableFuture<Unit>()
        CoroutineScope(request().loop().dispatcher + job()).launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                channel.send(message)
                sent.complete(Unit)
            } catch (e: Throwable) {
                sent.complete(Unit) // closed meanwhile: nothing more to read
            }
        }
        return sent
    }

    override fun invokeClose(code: Int, reason: String) {
        channel.close()
        super.invokeClose(code, reason)
        socketJob?.complete()
    }

    public companion object {
        /** How many unread messages [incoming] holds before the connection stops reading. */
        public const val INCOMING_CAPACITY: Int = 16
    }
}
