package dev.squall.httpclient;

import static dev.squall.httpclient.ClientFixture.await;
import static dev.squall.httpclient.ClientFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpServer;
import dev.squall.net.SelfSignedCertificate;
import java.net.ConnectException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plain requests through a proxy, and https through a CONNECT tunnel, with a small proxy written for the test. */
class ProxyTest {
    private final ClientFixture fx = new ClientFixture();
    private final AsyncHttpClient client = fx.client();

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private TestProxy proxy(String requiredAuthorization) {
        TestProxy p = new TestProxy(requiredAuthorization);
        fx.closeLater(p);
        return p;
    }

    private HttpServer origin() {
        return fx.server((req, resp) -> resp.end(
                200,
                "text/plain",
                "origin saw " + req.uri() + " proxy-auth=" + req.headers().get("Proxy-Authorization", "-")));
    }

    @Test
    void plainRequestGoesToTheProxyWithTheAbsoluteUrl() throws Exception {
        TestProxy proxy = proxy(null);
        HttpServer origin = origin();
        String url = "http://127.0.0.1:" + origin.port() + "/path?q=1";
        HttpResponse r =
                await(client.fetch(HttpRequest.builder(url).proxy(proxy.proxy()).build()));
        assertEquals("origin saw /path?q=1 proxy-auth=-", r.bodyText());
        assertTrue(proxy.heads.get(0).startsWith("GET " + url + " HTTP/1.1\r\n"), proxy.heads.get(0));
    }

    @Test
    void proxyCredentialsAreSentAsProxyAuthorization() throws Exception {
        String auth = HttpProxy.basic("alice", "pw");
        TestProxy proxy = proxy(auth);
        HttpServer origin = origin();
        HttpResponse r = await(client.fetch(HttpRequest.builder("http://127.0.0.1:" + origin.port() + "/")
                .proxy(proxy.proxy().withCredentials("alice", "pw"))
                .build()));
        assertEquals(200, r.code());
        assertTrue(proxy.heads.get(0).contains("Proxy-Authorization: " + auth + "\r\n"));
    }

    @Test
    void plainRequestWithoutRequiredCredentialsGets407() {
        TestProxy proxy = proxy(HttpProxy.basic("alice", "pw"));
        HttpServer origin = origin();
        HttpClientError e = failure(
                HttpClientError.class,
                client.fetch(HttpRequest.builder("http://127.0.0.1:" + origin.port() + "/")
                        .proxy(proxy.proxy())
                        .build()));
        assertEquals(407, e.code());
    }

    @Test
    void proxyCanBeAClientDefault() throws Exception {
        TestProxy proxy = proxy(null);
        HttpServer origin = origin();
        AsyncHttpClient proxied = fx.client(b -> b.defaults(d -> d.proxy(proxy.proxy())));
        await(proxied.fetch("http://127.0.0.1:" + origin.port() + "/x"));
        assertEquals(1, proxy.heads.size());
    }

    private HttpServer tlsOrigin(SelfSignedCertificate cert) throws Exception {
        SSLContext ctx = cert.serverContext();
        return fx.server(
                (req, resp) -> resp.end(200, "text/plain", "tunnelled " + req.protocol() + " " + req.uri()),
                b -> b.tls(ctx));
    }

    @Test
    void httpsGoesThroughAConnectTunnelWithTlsEndToEnd() throws Exception {
        TestProxy proxy = proxy(HttpProxy.basic("alice", "pw"));
        SelfSignedCertificate cert = TestCertificates.loopback();
        HttpServer origin = tlsOrigin(cert);
        TlsOptions tls = TlsOptions.builder()
                .trustStore(TestCertificates.trustOnly(cert))
                .build();
        HttpRequest request = HttpRequest.builder("https://127.0.0.1:" + origin.port() + "/secret")
                .proxy(proxy.proxy().withCredentials("alice", "pw"))
                .tls(tls)
                .build();
        assertEquals("tunnelled https /secret", await(client.fetch(request)).bodyText());
        assertEquals("tunnelled https /secret", await(client.fetch(request)).bodyText());
        assertEquals(1, proxy.heads.size(), "one tunnel, reused; the proxy never saw the requests themselves");
        String connect = proxy.heads.get(0);
        assertTrue(connect.startsWith("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\n"), connect);
        assertTrue(connect.contains("Host: 127.0.0.1:" + origin.port() + "\r\n"), connect);
    }

    @Test
    void tunnelStillValidatesTheOriginCertificate() throws Exception {
        TestProxy proxy = proxy(null);
        HttpServer origin = tlsOrigin(TestCertificates.loopback());
        failure(
                javax.net.ssl.SSLException.class,
                client.fetch(HttpRequest.builder("https://127.0.0.1:" + origin.port() + "/")
                        .proxy(proxy.proxy())
                        .build()));
    }

    @Test
    void refusedTunnelFailsWithTheProxysAnswer() throws Exception {
        TestProxy proxy = proxy(HttpProxy.basic("alice", "pw"));
        HttpServer origin = tlsOrigin(TestCertificates.loopback());
        ConnectException e = failure(
                ConnectException.class,
                client.fetch(HttpRequest.builder("https://127.0.0.1:" + origin.port() + "/")
                        .proxy(proxy.proxy())
                        .validateCertificates(false)
                        .build()));
        assertTrue(e.getMessage().contains("407 Proxy Authentication Required"), e.getMessage());
        assertTrue(e.getMessage().contains("withCredentials"), e.getMessage());
    }
}
