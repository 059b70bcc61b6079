package dev.squall.samples.kotlin

import dev.squall.samples.Launch
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The kotlin sample over a real socket, with the JDK's HTTP client. */
class KotlinSampleTest {
    private val running = KotlinSample.serve(Launch(0, "127.0.0.1", 1, listOf()), SlowDirectory(0), 5.milliseconds)
    private val client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

    @AfterEach fun stop() = running.close()

    private fun get(path: String): HttpResponse<String> = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.server.port() + path))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    @Test fun greetsAfterTheBlockingLookupAndTheTimerAndSaysWhereEachRan() {
        val response = get("/?name=Ada")
        assertEquals(200, response.statusCode())
        assertEquals("application/json; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""))
        val loopName = running.server.loops().loops()[0].name()
        assertEquals(
            """{"greeting":"Hello, Ada","lookedUpOnVirtualThread":true,"respondedOnLoop":"$loopName","waitedMillis":5}""",
            response.body(),
        )
    }

    @Test fun greetsTheWorldByDefault() {
        assertEquals(true, get("/").body().contains("\"greeting\":\"Hello, world\""))
    }
}
