package dev.squall.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The certificate's contents and the contexts for mutual TLS; {@link TlsTest} covers server and client contexts. */
class SelfSignedCertificateTest {
    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;

    @BeforeAll
    static void makeCertificates() {
        server = SelfSignedCertificate.generate(List.of("localhost", "127.0.0.1", "*.example.com"));
        client = SelfSignedCertificate.generate(List.of("squall-client"));
    }

    @Test
    void theHostsAreTheSubjectAlternativeNamesAndTheFirstIsTheCommonName() throws Exception {
        X509Certificate cert = server.certificate();
        List<List<?>> names = new ArrayList<>(cert.getSubjectAlternativeNames());
        // 2 is a dNSName, 7 an iPAddress (RFC 5280, 4.2.1.6).
        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "*.example.com")), names);
        assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertEquals(List.of("localhost", "127.0.0.1", "*.example.com"), server.hosts());
    }

    @Test
    void namesKeytoolCannotTakeAreRefusedBeforeItRuns() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.generate(List.of()));
        for (String bad : List.of("", "bad host", "a,b", "CN=x")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> SelfSignedCertificate.generate(List.of("localhost", bad)));
            assertEquals("'" + bad + "' is not a host name or IP address", e.getMessage());
        }
    }

    @Test
    void theKeyStoreHoldsTheKeyAndCertificateUnderThePassword() throws Exception {
        KeyStore store = server.keyStore();
        String alias = store.aliases().nextElement();
        assertEquals(1, store.size());
        assertEquals(server.certificate(), store.getCertificate(alias));
        assertEquals("EC", store.getKey(alias, server.password()).getAlgorithm());
        assertNotSame(store, server.keyStore(), "each caller gets a store of its own");
        char[] copy = server.password();
        Arrays.fill(copy, '!');
        assertFalse(Arrays.equals(copy, server.password()), "the password cannot be changed through a copy");
        assertNotNull(server.keyStore().getKey(alias, server.password()));
    }

    @Test
    void contextsThatPresentAKeyAndTrustThePeerMakeMutualTls() throws Exception {
        SSLContext serverSide = server.context(List.of(client.certificate()));
        SSLContext clientSide = client.context(List.of(server.certificate()));
        assertEquals("CN=squall-client", handshake(serverSide, clientSide));
    }

    @Test
    void aServerThatWantsAClientCertificateRefusesAClientWithout() {
        SSLContext serverSide = server.context(List.of(client.certificate()));
        assertThrows(SSLException.class, () -> handshake(serverSide, server.clientContext()));
    }

    @Test
    void aContextMustTrustSomeCertificate() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.trusting(List.of()));
        assertThrows(IllegalArgumentException.class, () -> server.context(List.of()));
    }

    /** Returns the subject of the client's certificate as the server, which requires one, saw it. */
    private static String handshake(SSLContext serverSide, SSLContext clientSide) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket)
                serverSide.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    return ((X509Certificate) s.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal()
                            .getName();
                } catch (IOException e) {
                    return "refused: " + e;
                }
            });
            try (SSLSocket s = (SSLSocket) clientSide
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getInputStream().read(); // TLS 1.3: the server's verdict on our certificate arrives after ours
            }
            return peer.get(10, TimeUnit.SECONDS);
        }
    }
}
