package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

@SquallTest
@SquallTimeout(30) // the first test of the JVM waits for keytool
class TestCertificateTest {

    @Test
    void isMadeOncePerSetOfHostNames() {
        assertSame(TestCertificate.localhost(), TestCertificate.forHosts(List.of("localhost", "127.0.0.1")));
        assertEquals(
                List.of("127.0.0.1", "localhost"), TestCertificate.localhost().hosts());
    }

    @Test
    void aClientTrustingItCompletesAHandshakeWithHostNameVerification() throws Exception {
        TestCertificate cert = TestCertificate.localhost();
        assertEquals("hello", exchange(cert, cert, "localhost"));
    }

    @Test
    void aHandshakeForANameTheCertificateDoesNotCoverFails() throws Exception {
        TestCertificate cert = TestCertificate.localhost();
        assertThrows(SSLHandshakeException.class, () -> exchange(cert, cert, "api.example.com"));
    }

    @Test
    void aHostNameWithSpacesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TestCertificate.forHosts(List.of("bad host")));
    }

    /** Serves one TLS connection with {@code server}'s key and reads "hello" through a client of {@code client}. */
    private static String exchange(TestCertificate server, TestCertificate client, String hostName) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept();
                        OutputStream out = s.getOutputStream()) {
                    out.write("hello".getBytes());
                    out.flush();
                } catch (IOException ignored) {
                    // the client refused the handshake
                }
            });
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 5000);
            plain.setSoTimeout(5000);
            // Layered with hostName as the peer's name, so that the certificate is checked against it.
            try (SSLSocket s = (SSLSocket) client.clientContext()
                    .getSocketFactory()
                    .createSocket(plain, hostName, listener.getLocalPort(), true)) {
                SSLParameters params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(params);
                InputStream in = s.getInputStream();
                String got = new String(in.readNBytes(5));
                served.join();
                assertTrue(s.getSession().isValid());
                return got;
            }
        }
    }
}
