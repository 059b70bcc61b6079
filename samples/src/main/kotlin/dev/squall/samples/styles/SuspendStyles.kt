package dev.squall.samples.styles

import dev.squall.kotlin.SuspendRequestHandler
import kotlinx.coroutines.future.await

/** `GET /suspend/plaintext`: the Kotlin style's `Hello, World!`, a `suspend fun get()` that never suspends. */
internal class SuspendHello : SuspendRequestHandler() {
    override suspend fun get() {
        setHeader("Content-Type", "text/plain")
        write(StylesSample.MESSAGE)
    }
}

/** `GET /suspend/wait`: the answer comes from [StylesSample.remoteAnswer], awaited (one suspension per request). */
internal class SuspendWait : SuspendRequestHandler() {
    override suspend fun get() {
        setHeader("Content-Type", "text/plain")
        write(StylesSample.remoteAnswer().await())
    }
}
