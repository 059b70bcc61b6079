package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.awaitFailure;
import static dev.squall.net.NetFixture.utf8;
import static dev.squall.net.TcpClientTest.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okio.ByteString;
import org.junit.jupiter.api.Test;

class TlsTest extends TlsPeers {
    private final BlockingQueue<IOStream> accepted = new LinkedBlockingQueue<>();
    /** What the server does with each connection; set by each test before connecting. */
    private volatile StreamHandler behaviour = (stream, remote) -> TcpClientTest.echoLines(stream);

    @Override
    TcpServer.Builder configure(TcpServer.Builder server) {
        return server.tls(cert.serverContext()).handler((stream, remote) -> {
            accepted.add(stream);
            behaviour.handleStream(stream, remote);
        });
    }

    private IOStream acceptedStream() throws InterruptedException {
        IOStream s = accepted.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(s, "the server accepted nothing");
        return s;
    }

    @Test
    void echoesOverTlsWithATrustedSelfSignedCertificate() throws Exception {
        IOStream stream = await(TcpClient.create()
                .connectTls(clientLoop, "localhost", server.port(), cert.clientContext(), true, TIMEOUT));
        ByteString answer = await(on(
                clientLoop,
                () -> stream.write(utf8("hello tls\n")).thenCompose(v -> stream.readUntil(utf8("\n"), 100))));
        assertEquals("hello tls\n", answer.utf8());
        assertTrue(
                stream.tlsSession().getProtocol().startsWith("TLS"),
                stream.tlsSession().getProtocol());
        await(acceptedStream().handshakeFuture());
        stream.close();
    }

    @Test
    void anIdleTlsConnectionHoldsNoBuffersOnEitherSide() throws Exception {
        IOStream client = await(TcpClient.create()
                .connectTls(clientLoop, "localhost", server.port(), cert.clientContext(), true, TIMEOUT));
        ByteString answer = await(on(
                clientLoop,
                () -> client.write(utf8("hello tls\n")).thenCompose(v -> client.readUntil(utf8("\n"), 100))));
        assertEquals("hello tls\n", answer.utf8());
        IOStream serverSide = acceptedStream();
        assertEquals(
                0L,
                await(on(
                        clientLoop,
                        () -> java.util.concurrent.CompletableFuture.completedFuture(client.bufferBytesHeld()))));
        assertEquals(
                0L,
                await(on(
                        serverLoops.loops().get(0),
                        () -> java.util.concurrent.CompletableFuture.completedFuture(serverSide.bufferBytesHeld()))),
                "the server echoed and waits for the next line: no ciphertext or plaintext buffer");
        client.close();
    }

    @Test
    void streamReaderAndEnqueueCarryAMegabyteOverTls() throws Exception {
        behaviour = (stream, remote) -> stream.setReader(new StreamReader() {
            @Override
            public void onData(ByteBuffer buffer) {
                stream.enqueue(buffer);
                stream.flushNoWait();
            }

            @Override
            public void onClosed(Throwable cause) {}
        });
        byte[] payload = new byte[1024 * 1024 + 17];
        new Random(42).nextBytes(payload);
        IOStream stream = await(TcpClient.create()
                .connectTls(clientLoop, "localhost", server.port(), cert.clientContext(), true, TIMEOUT));
        ByteString echoed = await(on(clientLoop, () -> {
            stream.write(payload);
            return stream.readBytes(payload.length);
        }));
        assertArrayEquals(payload, echoed.toByteArray());
        stream.close();
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeOnBothSides() throws Exception {
        // The JDK's default trust store does not know our self-signed certificate.
        Throwable e = awaitFailure(
                TcpClient.create().connectTls(clientLoop, "localhost", server.port(), null, true, TIMEOUT));
        assertInstanceOf(SSLHandshakeException.class, e);
        IOStream serverSide = acceptedStream();
        await(serverSide.closeFuture());
        Throwable serverError = await(on(
                serverLoops.loops().get(0),
                () -> java.util.concurrent.CompletableFuture.completedFuture(serverSide.closeError())));
        assertInstanceOf(SSLException.class, serverError);
    }

    @Test
    void aHostNameTheCertificateDoesNotNameFailsWhenValidating() throws Exception {
        Throwable e = awaitFailure(TcpClient.create()
                .connectTls(clientLoop, "127.0.0.1", server.port(), cert.clientContext(), true, TIMEOUT));
        assertInstanceOf(SSLHandshakeException.class, e);
    }

    @Test
    void withoutValidationAnyCertificateIsAccepted() {
        IOStream stream =
                await(TcpClient.create().connectTls(clientLoop, "127.0.0.1", server.port(), null, false, TIMEOUT));
        ByteString answer = await(on(
                clientLoop,
                () -> stream.write(utf8("insecure\n")).thenCompose(v -> stream.readUntil(utf8("\n"), 100))));
        assertEquals("insecure\n", answer.utf8());
        stream.close();
    }

    @Test
    void aCleanCloseEndsTheStreamWithCloseNotify() throws Exception {
        behaviour = (stream, remote) -> {};
        IOStream client = await(TcpClient.create()
                .connectTls(clientLoop, "localhost", server.port(), cert.clientContext(), true, TIMEOUT));
        IOStream serverSide = acceptedStream();
        var all = on(serverLoops.loops().get(0), serverSide::readUntilClose);
        await(on(clientLoop, () -> client.write(utf8("goodbye"))));
        client.close();
        assertEquals("goodbye", await(all).utf8());
        await(serverSide.closeFuture());
        assertNull(await(on(
                serverLoops.loops().get(0),
                () -> java.util.concurrent.CompletableFuture.completedFuture(serverSide.closeError()))));
    }
}
