package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.RawHttpClient.Response;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS: the server on an {@link SSLContext} holding a self-signed certificate made with keytool. */
class HttpServerTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir static Path dir;
    private static SSLContext serverContext;
    private static SSLContext clientContext;
    private static HttpServer server;

    @BeforeAll static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "squall", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        // The client trusts exactly the server's self-signed certificate.
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("squall", ks.getCertificate("squall"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        server = TestServers.start(b -> b.tls(serverContext));
    }

    @AfterAll static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RawHttpClient client() throws Exception {
        SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(RawHttpClient.SAFETY_TIMEOUT_MILLIS);
        socket.startHandshake();
        return new RawHttpClient(socket);
    }

    @Test void servesHttps() throws Exception {
        try (RawHttpClient c = client()) {
            Response r = c.send("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n").read().assertCode(200);
            assertEquals("https", r.header("X-Protocol"));
            assertEquals("Hello, world", c.send("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n").read().assertCode(200).text());
        }
    }

    @Test void readsBodiesAndSendsLargeResponsesOverTls() throws Exception {
        try (RawHttpClient c = client()) {
            Response r = c.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n").read().assertCode(200);
            assertEquals("hello", r.text());
            r = c.send("GET /big?1000000 HTTP/1.1\r\nHost: localhost\r\n\r\n").read().assertCode(200);
            assertEquals(1_000_000, r.body.length);
        }
    }
}
