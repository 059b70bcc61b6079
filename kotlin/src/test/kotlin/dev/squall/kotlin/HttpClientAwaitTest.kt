package dev.squall.kotlin

import dev.squall.http.HttpHeaders
import dev.squall.http.HttpServer
import dev.squall.httpclient.AsyncHttpClient
import dev.squall.loop.IOLoop
import dev.squall.loop.LoopGroup
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A client call from suspend code reads `client.fetch(url).await()` and resumes on the loop. */
class HttpClientAwaitTest {
    private val serverLoops = LoopGroup.create(1)
    private val server = HttpServer.builder()
        .handler { _, response -> response.end(200, HttpHeaders().set("Content-Type", "text/plain"), "hi".toByteArray()) }
        .loops(serverLoops)
        .build()
        .listen(0, "127.0.0.1")
    private val loop = IOLoop.builder().daemon(true).build()

    @AfterEach fun close() {
        server.close()
        serverLoops.close()
        loop.close()
    }

    @Test fun fetchAwaitedFromSuspendCodeResumesOnTheLoop() {
        val (body, onLoop) = loop.runSync(10.seconds) {
            val client = AsyncHttpClient.shared(loop)
            val response = client.fetch("http://127.0.0.1:${server.port()}/").await()
            response.bodyText() to loop.inEventLoop()
        }
        assertEquals("hi", body)
        assertTrue(onLoop, "the coroutine resumed off the loop")
    }
}
