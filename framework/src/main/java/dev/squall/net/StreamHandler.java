package dev.squall.net;

import java.net.InetSocketAddress;

/**
 * What a {@link TcpServer} does with each accepted connection, as Tornado's {@code TCPServer.handle_stream}.
 */
@FunctionalInterface
public interface StreamHandler {
    /**
     * Takes over a new connection. Called on the stream's loop; must not block. For a TLS server the
     * handshake may still be running: reads and writes wait for it (see {@link IOStream#handshakeFuture()}).
     * An exception thrown here is logged and closes the stream.
     *
     * @param stream the connection
     * @param remote the peer's address
     */
    void handleStream(IOStream stream, InetSocketAddress remote);
}
