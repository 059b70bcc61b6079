package dev.squall.net;

import dev.squall.loop.IOLoop;
import dev.squall.loop.LoopGroup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the TLS tests share: a self-signed certificate, a server loop group with a {@link TcpServer} on
 * 127.0.0.1 that each test class configures ({@link #configure}), and a client loop; all closed after each test.
 */
abstract class TlsPeers {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Names "localhost" only: connecting to 127.0.0.1 with validation is a host name mismatch. */
    static SelfSignedCertificate cert;

    LoopGroup serverLoops;
    IOLoop clientLoop;
    TcpServer server;

    @BeforeAll
    static void makeCertificate() {
        cert = SelfSignedCertificate.generate(List.of("localhost"));
    }

    /** Completes the server's builder (its loops are set): TLS or plain, and the handler. */
    abstract TcpServer.Builder configure(TcpServer.Builder server);

    @BeforeEach
    void startPeers() throws Exception {
        serverLoops = LoopGroup.create(1);
        clientLoop =
                IOLoop.builder().name(getClass().getSimpleName() + "-client").build();
        server = configure(TcpServer.builder().loops(serverLoops)).build().listen(0, "127.0.0.1");
    }

    @AfterEach
    void stopPeers() {
        server.stop();
        serverLoops.close();
        clientLoop.close();
    }
}
