package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.awaitFailure;
import static dev.squall.net.NetFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/**
 * {@link IOStream#startTls} on an open plain connection: a STARTTLS exchange in plain text, then the same
 * connection under TLS, on both sides.
 */
class StartTlsTest extends TlsPeers {
    private final CompletableFuture<IOStream> serverTls = new CompletableFuture<>();

    @Override
    TcpServer.Builder configure(TcpServer.Builder server) {
        // The server: reads "STARTTLS\n", answers "GO\n" in plain text, then upgrades and echoes lines over TLS.
        return server.handler((stream, remote) -> stream.readUntil(utf8("\n"), 100)
                .thenCompose(line -> stream.write(utf8("GO\n")))
                .thenCompose(v -> stream.startTls(cert.serverContext(), new SSLParameters(), false))
                .whenComplete((tls, e) -> {
                    if (e != null) {
                        serverTls.completeExceptionally(e);
                        return;
                    }
                    serverTls.complete(tls);
                    TcpClientTest.echoLines(tls);
                }));
    }

    private CompletableFuture<IOStream> plainThenTls(SSLContext context) {
        return TcpClientTest.on(
                clientLoop,
                () -> TcpClient.create()
                        .connect(clientLoop, "127.0.0.1", server.port(), TIMEOUT)
                        .thenCompose(plain -> plain.write(utf8("STARTTLS\n"))
                                .thenCompose(v -> plain.readUntil(utf8("\n"), 100))
                                .thenCompose(go -> {
                                    SSLParameters params = new SSLParameters();
                                    params.setEndpointIdentificationAlgorithm("HTTPS");
                                    params.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
                                    return plain.startTls(context, params, true);
                                })));
    }

    @Test
    void bothSidesUpgradeTheSameConnectionAndTalkOverTls() throws Exception {
        IOStream tls = await(plainThenTls(cert.clientContext()));
        ByteString answer = await(TcpClientTest.on(
                clientLoop, () -> tls.write(utf8("secret\n")).thenCompose(v -> tls.readUntil(utf8("\n"), 100))));
        assertEquals("secret\n", answer.utf8());
        assertNotNull(tls.tlsSession());
        assertTrue(tls.toString().contains("tls:"), tls.toString());
        assertNotNull(await(serverTls).tlsSession());
    }

    @Test
    void theOldStreamIsDoneAndItsCloseFutureFollowsTheConnection() throws Exception {
        CompletableFuture<IOStream[]> both = TcpClientTest.on(
                clientLoop,
                () -> TcpClient.create()
                        .connect(clientLoop, "127.0.0.1", server.port(), TIMEOUT)
                        .thenCompose(plain -> plain.write(utf8("STARTTLS\n"))
                                .thenCompose(v -> plain.readUntil(utf8("\n"), 100))
                                .thenCompose(go -> plain.startTls(cert.clientContext(), new SSLParameters(), true))
                                .thenApply(tls -> new IOStream[] {plain, tls})));
        IOStream[] streams = await(both);
        IOStream plain = streams[0];
        IOStream tls = streams[1];
        assertTrue(plain.isClosed());
        assertInstanceOf(
                StreamClosedException.class, awaitFailure(TcpClientTest.on(clientLoop, () -> plain.readBytes(1))));
        assertTrue(!plain.closeFuture().isDone(), "the connection is still open, under TLS");
        tls.close();
        await(plain.closeFuture());
    }

    @Test
    void anUntrustedCertificateFailsTheUpgradeWithTheHandshakeError() {
        SSLContext trustsNothing =
                SelfSignedCertificate.generate(List.of("other")).clientContext();
        Throwable e = awaitFailure(plainThenTls(trustsNothing));
        assertInstanceOf(SSLHandshakeException.class, e);
    }

    @Test
    void bytesBufferedUnreadRefuseTheUpgrade() throws Exception {
        IOStream plain = await(TcpClient.create().connect(clientLoop, "127.0.0.1", server.port(), TIMEOUT));
        // the server answers "GO\n" in one write; the client reads only "G", so "O\n" stays buffered
        Throwable e = awaitFailure(TcpClientTest.on(
                clientLoop,
                () -> plain.write(utf8("STARTTLS\n"))
                        .thenCompose(v -> plain.readBytes(1))
                        .thenCompose(g -> plain.startTls(cert.clientContext(), new SSLParameters(), true))));
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("bytes were received and not read"), e.getMessage());
        plain.close();
    }
}
