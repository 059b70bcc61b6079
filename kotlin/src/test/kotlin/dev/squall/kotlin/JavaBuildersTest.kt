package dev.squall.kotlin

import dev.squall.net.IOStream
import dev.squall.net.TcpClient
import dev.squall.net.TcpServer
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Test

/**
 * Kotlin calls the setters the TCP builders share through a package-private Java superclass (`SocketBuilder`)
 * as naturally as their own: this file compiling is most of the test.
 */
class JavaBuildersTest {
    @Test
    fun sharedSettersChainFromKotlin() {
        val client: TcpClient = TcpClient.builder().noDelay(false).streamOptions(IOStream.Options.DEFAULTS).build()
        assertNotNull(client)
        val server: TcpServer.Builder = TcpServer.builder().streamOptions(IOStream.Options.DEFAULTS).noDelay(true)
        assertNotNull(server)
    }
}
