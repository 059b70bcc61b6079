package dev.squall.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for the TLS tests, made once per JVM with the running JDK's {@code keytool}.
 */
final class TestCertificates {
    static final char[] PASSWORD = "squall-test".toCharArray();

    private static KeyStore loopback;
    private static KeyStore otherName;
    private static KeyStore client;

    private TestCertificates() {
    }

    /** A key store with a key and a self-signed certificate for 127.0.0.1 and localhost. */
    static synchronized KeyStore loopback() throws Exception {
        if (loopback == null) {
            loopback = generate("localhost", "ip:127.0.0.1,dns:localhost");
        }
        return loopback;
    }

    /** A key store whose certificate names only other.example, not the loopback address. */
    static synchronized KeyStore otherName() throws Exception {
        if (otherName == null) {
            otherName = generate("other.example", "dns:other.example");
        }
        return otherName;
    }

    /** A key store for a client certificate. */
    static synchronized KeyStore client() throws Exception {
        if (client == null) {
            client = generate("squall-test-client", "dns:client.example");
        }
        return client;
    }

    static KeyStore generate(String commonName, String subjectAltNames) throws Exception {
        Path dir = Files.createTempDirectory("squall-client-tls");
        Path file = dir.resolve("key.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "key",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(dir);
        return ks;
    }

    /** A context presenting the key in {@code keys}, trusting {@code trusted} (null: the JDK's defaults). */
    static SSLContext context(KeyStore keys, KeyStore trusted) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = null;
        if (trusted != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A trust store holding just the certificate of {@code keys}. */
    static KeyStore trustOnly(KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", keys.getCertificate("key"));
        return trust;
    }
}
