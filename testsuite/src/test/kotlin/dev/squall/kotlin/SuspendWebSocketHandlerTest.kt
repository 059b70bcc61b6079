package dev.squall.kotlin

import dev.squall.testing.RawConnection
import dev.squall.testing.RawWebSocket
import dev.squall.testing.SquallTest
import dev.squall.testing.TestApp
import dev.squall.web.Application
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** SuspendWebSocketHandler over a real socket: the channel of messages, suspending sends, the end of run(). */
@SquallTest
class SuspendWebSocketHandlerTest {
    private val closed = CompletableFuture<String>()
    private val gate = CompletableFuture<Unit>()

    @TestApp private val app: Application = Application.builder()
        .route("/echo", {
            object : SuspendWebSocketHandler() {
                override suspend fun run() {
                    for (message in incoming) {
                        val text = message.asText()
                        if (text == "stop") return // returning closes with 1000
                        if (text == "wait") gate.await()
                        send("echo $text")
                    }
                }

                override fun onClose(code: Int, reason: String) {
                    closed.complete("$code $reason")
                }
            }
        })
        .route("/fails", {
            object : SuspendWebSocketHandler() {
                override suspend fun run() {
                    incoming.receive()
                    error("boom")
                }
            }
        })
        .logFunction { }
        .build()

    @Test fun messagesArriveOnTheChannelAndSendSuspends(c: RawConnection) {
        val ws = RawWebSocket.handshake(c, "/echo")
        ws.sendText("one").readFrame().assertText("echo one")
        ws.sendText("two").readFrame().assertText("echo two")
        ws.sendText("stop").readFrame().assertClose(1000)
        ws.sendClose(1000)
        c.assertClosed()
        assertEquals("1000 ", closed.get(5, TimeUnit.SECONDS))
    }

    @Test fun theChannelHoldsMessagesWhileRunIsBusy(c: RawConnection) {
        val ws = RawWebSocket.handshake(c, "/echo")
        ws.sendText("wait")
        for (i in 1..40) ws.sendText("m$i") // more than the channel holds: reading pauses, nothing is lost
        gate.complete(Unit)
        ws.readFrame().assertText("echo wait")
        for (i in 1..40) ws.readFrame().assertText("echo m$i")
    }

    @Test fun theChannelEndsWhenThePeerCloses(c: RawConnection) {
        val ws = RawWebSocket.handshake(c, "/echo")
        ws.sendClose(4005).readFrame().assertClose(4005)
        c.assertClosed()
        assertTrue(closed.get(5, TimeUnit.SECONDS).startsWith("4005"))
    }

    @Test fun anExceptionInRunClosesWith1011(c: RawConnection) {
        val ws = RawWebSocket.handshake(c, "/fails")
        ws.sendText("go").readFrame().assertClose(1011)
    }
}
