package dev.squall.kotlin

import dev.squall.http.HttpHandler
import dev.squall.http.HttpHeaders
import dev.squall.http.HttpServer
import dev.squall.httpclient.AsyncHttpClient
import dev.squall.loop.IOLoop
import dev.squall.testing.AsyncTest
import dev.squall.testing.SquallTest
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue

/** A client call from suspend code reads `client.fetch(url).await()` and resumes on the loop. */
@SquallTest
class HttpClientAwaitTest {
    companion object {
        @JvmStatic fun app() = HttpHandler { _, response ->
            response.end(200, HttpHeaders().set("Content-Type", "text/plain"), "hi".toByteArray())
        }
    }

    @AsyncTest suspend fun fetchAwaitedFromSuspendCodeResumesOnTheLoop(loop: IOLoop, server: HttpServer) {
        val response = AsyncHttpClient.shared(loop).fetch("http://127.0.0.1:${server.port()}/").await()
        assertEquals("hi", response.bodyText())
        assertTrue(loop.inEventLoop(), "the coroutine resumed off the loop")
    }
}
