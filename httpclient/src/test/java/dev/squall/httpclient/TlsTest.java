package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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

    @AfterEach void close() throws Exception {
        fx.close();
    }

    private HttpServer tlsServer(KeyStore keys) throws Exception {
        SSLContext ctx = TestCertificates.context(keys, null);
        return fx.server((req, resp) -> {
            ports.add(req.remoteAddress().getPort());
            resp.end(200, "text/plain", "secure " + req.protocol());
        }, b -> b.tls(ctx));
    }

    private static String url(HttpServer s) {
        return "https://127.0.0.1:" + s.port() + "/";
    }

    @Test void selfSignedCertificateFailsValidationByDefault() throws Exception {
        HttpServer s = tlsServer(TestCertificates.loopback());
        SSLException e = failure(SSLException.class, client.fetch(url(s)));
        assertTrue(e.getMessage().contains("certification path") || e.getMessage().contains("PKIX"), e.getMessage());
    }

    @Test void certificateInACustomTrustStoreIsAccepted() throws Exception {
        KeyStore keys = TestCertificates.loopback();
        HttpServer s = tlsServer(keys);
        TlsOptions tls = TlsOptions.builder().trustStore(TestCertificates.trustOnly(keys)).build();
        HttpResponse r = await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertEquals("secure https", r.bodyText());
        await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertEquals(1, ports.size(), "TLS connections are pooled too");
    }

    @Test void trustedCertificateForAnotherHostNameIsRefused() throws Exception {
        KeyStore keys = TestCertificates.otherName();
        HttpServer s = tlsServer(keys);
        TlsOptions tls = TlsOptions.builder().trustStore(TestCertificates.trustOnly(keys)).build();
        SSLException e = failure(SSLException.class, client.fetch(HttpRequest.builder(url(s)).tls(tls).build()));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test void validationOffAcceptsAnyCertificate() throws Exception {
        HttpServer s = tlsServer(TestCertificates.otherName());
        assertEquals("secure https", await(client.fetch(HttpRequest.builder(url(s)).validateCertificates(false)
                .build())).bodyText());
    }

    @Test void customSslContextIsUsed() throws Exception {
        KeyStore keys = TestCertificates.loopback();
        HttpServer s = tlsServer(keys);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(TestCertificates.trustOnly(keys));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        TlsOptions tls = TlsOptions.builder().sslContext(ctx).build();
        assertEquals(200, await(client.fetch(HttpRequest.builder(url(s)).tls(tls).build())).code());
    }

    @Test void tlsOptionsCanBeAClientDefault() throws Exception {
        KeyStore keys = TestCertificates.loopback();
        HttpServer s = tlsServer(keys);
        TlsOptions tls = TlsOptions.builder().trustStore(TestCertificates.trustOnly(keys)).build();
        AsyncHttpClient trusting = fx.client(b -> b.defaults(d -> d.tls(tls)));
        assertEquals(200, await(trusting.fetch(url(s))).code());
    }

    @Test void clientCertificateIsPresentedWhenTheServerAsksForOne() throws Exception {
        KeyStore serverKeys = TestCertificates.loopback();
        KeyStore clientKeys = TestCertificates.client();
        SSLContext serverCtx = TestCertificates.context(serverKeys, TestCertificates.trustOnly(clientKeys));
        try (SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
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
                    sock.getOutputStream().write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: "
                            + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    sock.getOutputStream().write(body);
                    sock.getOutputStream().flush();
                } catch (Exception ignored) {
                    // the test fails on the client side
                }
            });
            TlsOptions tls = TlsOptions.builder().trustStore(TestCertificates.trustOnly(serverKeys))
                    .clientCertificate(clientKeys, TestCertificates.PASSWORD).build();
            HttpResponse r = await(client.fetch(HttpRequest.builder("https://127.0.0.1:" + ss.getLocalPort() + "/")
                    .tls(tls).build()));
            assertEquals("CN=squall-test-client", r.bodyText());
        }
    }
}
