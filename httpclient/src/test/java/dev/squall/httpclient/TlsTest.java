package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** https against Squall's server with self-signed certificates. */
class TlsTest {
    private final ClientFixture fx = new ClientFixture();
    private final AsyncHttpClient client = fx.client();
    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private HttpServer tlsServer(SelfSignedCertificate cert) throws Exception {
        SSLContext ctx = cert.serverContext();
        return fx.server(
                (req, resp) -> {
                    ports.add(req.remoteAddress().getPort());
                    resp.end(200, "text/plain", "secure " + req.protocol());
                },
                b -> b.tls(ctx));
    }

    /** TLS options that trust {@code cert} alone. */
    private static TlsOptions trusting(SelfSignedCertificate cert) throws Exception {
        return TlsOptions.builder().trustStore(TestCertificates.trustOnly(cert)).build();
    }

    private static String url(HttpServer s) {
        return "https://127.0.0.1:" + s.port() + "/";
    }

    @Test
    void selfSignedCertificateFailsValidationByDefault() throws Exception {
        HttpServer s = tlsServer(TestCertificates.loopback());
        SSLException e = failure(SSLException.class, client.fetch(url(s)));
        assertTrue(
                e.getMessage().contains("certification path") || e.getMessage().contains("PKIX"), e.getMessage());
    }

    @Test
    void certificateInACustomTrustStoreIsAccepted() throws Exception {
        SelfSignedCertificate cert = TestCertificates.loopback();
        HttpServer s = tlsServer(cert);
        TlsOptions tls = trusting(cert);
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertEquals("secure https", r.bodyText());
        await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertEquals(1, ports.size(), "TLS connections are pooled too");
    }

    @Test
    void trustedCertificateForAnotherHostNameIsRefused() throws Exception {
        SelfSignedCertificate cert = TestCertificates.otherName();
        HttpServer s = tlsServer(cert);
        TlsOptions tls = trusting(cert);
        SSLException e = failure(
                SSLException.class,
                client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void validationOffAcceptsAnyCertificate() throws Exception {
        HttpServer s = tlsServer(TestCertificates.otherName());
        assertEquals(
                "secure https",
                await(client.fetch(HttpRequest.builder(url(s))
                                .validateCertificates(false)
                                .build()))
                        .bodyText());
    }

    @Test
    void customSslContextIsUsed() throws Exception {
        SelfSignedCertificate cert = TestCertificates.loopback();
        HttpServer s = tlsServer(cert);
        TlsOptions tls = TlsOptions.builder().sslContext(cert.clientContext()).build();
        assertEquals(
                200,
                await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build()))
                        .code());
    }

    @Test
    void tlsOptionsCanBeAClientDefault() throws Exception {
        SelfSignedCertificate cert = TestCertificates.loopback();
        HttpServer s = tlsServer(cert);
        TlsOptions tls = trusting(cert);
        AsyncHttpClient trusting = fx.client(b -> b.defaults(d -> d.tls(tls)));
        assertEquals(200, await(trusting.fetch(url(s))).code());
    }

    @Test
    void clientCertificateIsPresentedWhenTheServerAsksForOne() throws Exception {
        SelfSignedCertificate serverCert = TestCertificates.loopback();
        SelfSignedCertificate clientCert = TestCertificates.client();
        SSLContext serverCtx = serverCert.context(List.of(clientCert.certificate()));
        try (SSLServerSocket ss = (SSLServerSocket)
                serverCtx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            Thread.ofVirtual().start(() -> {
                try (SSLSocket sock = (SSLSocket) ss.accept()) {
                    InputStream in = sock.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    X509Certificate peer = (X509Certificate) sock.getSession().getPeerCertificates()[0];
                    byte[] body = peer.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
                    sock.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    sock.getOutputStream().write(body);
                    sock.getOutputStream().flush();
                } catch (Exception ignored) {
                    // the test fails on the client side
                }
            });
            TlsOptions tls = TlsOptions.builder()
                    .trustStore(TestCertificates.trustOnly(serverCert))
                    .clientCertificate(clientCert.keyStore(), clientCert.password())
                    .build();
            HttpResponse r = await(client.fetch(HttpRequest.builder("https://127.0.0.1:" + ss.getLocalPort() + "/")
                    .tls(tls)
                    .build()));
            assertEquals("CN=squall-test-client", r.bodyText());
        }
    }
}
