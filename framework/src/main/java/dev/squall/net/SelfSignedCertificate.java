package dev.squall.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A key and a self-signed certificate for a few host names, for development and tests — never production: no
 * client trusts it unless told to. Made by the running JDK's {@code keytool}, as Netty's and Vert.x's
 * {@code SelfSignedCertificate} are made for the same purpose.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate(List.of("localhost", "127.0.0.1"));
 * TcpServer server = TcpServer.builder().tls(cert.serverContext()).handler(handler).build().listen(0, "127.0.0.1");
 * TcpClient.create().connectTls(loop, "localhost", server.port(), cert.clientContext(), true, timeout);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Each context method returns a new {@link SSLContext}; keep the one you need.
 */
public final class SelfSignedCertificate {
    /** How long {@code keytool} may take (it starts a JVM). */
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private static final String ALIAS = "squall";

    private final List<String> hosts;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final char[] password;

    private SelfSignedCertificate(List<String> hosts, X509Certificate certificate, PrivateKey key, char[] password) {
        this.hosts = hosts;
        this.certificate = certificate;
        this.key = key;
        this.password = password;
    }

    /**
     * Makes a new EC (P-256) key and a certificate for it, valid for ten years for {@code hosts}: each is a
     * subject alternative name ({@code dns:} or {@code ip:}), and the first is the common name. This starts
     * {@code keytool} and takes about a second, so make one per test class or JVM, not one per test.
     *
     * @param hosts at least one DNS name (a wildcard such as {@code *.example.com} is fine) or IP literal
     * @return the certificate and its key
     * @throws IllegalArgumentException if {@code hosts} is empty or a name holds characters keytool cannot take
     * @throws IllegalStateException if {@code keytool} is missing, fails or takes longer than a minute
     * @throws UncheckedIOException if the temporary key store cannot be written or read
     */
    public static SelfSignedCertificate generate(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
        List<String> san = new ArrayList<>();
        for (String h : hosts) {
            if (h.isEmpty()
                    || !h.chars()
                            .allMatch(c ->
                                    Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':' || c == '*')) {
                throw new IllegalArgumentException("'" + h + "' is not a host name or IP address");
            }
            boolean ip = h.indexOf(':') >= 0 || h.chars().allMatch(c -> Character.isDigit(c) || c == '.');
            san.add((ip ? "ip:" : "dns:") + h);
        }
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException(
                    "a self-signed certificate needs keytool, but " + keytool + " is missing; run on a full JDK");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("squall-tls");
            Path store = dir.resolve("key.p12");
            Path log = dir.resolve("keytool.log");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            char[] password = HexFormat.of().formatHex(secret).toCharArray();
            // keytool is a short-lived JVM: a quick JIT and a simple GC halve its start-up on a busy machine.
            List<String> command = List.of(
                    keytool.toString(),
                    "-J-XX:TieredStopAtLevel=1",
                    "-J-XX:+UseSerialGC",
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-sigalg",
                    "SHA256withECDSA",
                    "-validity",
                    "3650",
                    "-dname",
                    "CN=" + hosts.get(0),
                    "-ext",
                    "SAN=" + String.join(",", san),
                    "-keystore",
                    store.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    new String(password),
                    "-keypass",
                    new String(password),
                    "-noprompt");
            // Output to a file, not a pipe, so that a keytool that hangs cannot block us past the timeout.
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            return new SelfSignedCertificate(
                    List.copyOf(hosts),
                    (X509Certificate) keyStore.getCertificate(ALIAS),
                    (PrivateKey) keyStore.getKey(ALIAS, password),
                    password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a self-signed certificate with " + keytool, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not load the self-signed certificate keytool made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made a self-signed certificate", e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    /** Returns the names the certificate is valid for, in the order given to {@link #generate}. */
    public List<String> hosts() {
        return hosts;
    }

    /** Returns the certificate, which is its own issuer. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Returns a new PKCS#12 key store holding the key and the certificate as one entry, locked with
     * {@link #password()}: for APIs that take a key store, such as a client certificate's.
     *
     * @return a key store the caller may change
     */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, new Certificate[] {certificate});
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot hold an EC key in a PKCS#12 key store", e);
        }
    }

    /** Returns a copy of the password of {@link #keyStore()}'s store and entry (random per certificate). */
    public char[] password() {
        return password.clone();
    }

    /**
     * Returns a new TLS context that presents this certificate, for a server; it checks client certificates, if
     * it asks for them, against the JDK's default trust store.
     */
    public SSLContext serverContext() {
        return context(keyManagers(), null);
    }

    /** Returns a new TLS context that trusts this certificate and no other, for a client. */
    public SSLContext clientContext() {
        return trusting(List.of(certificate));
    }

    /**
     * Returns a new TLS context that presents this certificate and trusts only {@code trusted}: a server that
     * checks client certificates, or a client that presents one.
     *
     * @param trusted the certificates the peer may present, at least one
     * @return the context
     * @throws IllegalArgumentException if {@code trusted} is empty
     */
    public SSLContext context(Collection<X509Certificate> trusted) {
        return context(keyManagers(), trusted);
    }

    /**
     * Returns a new TLS context that presents no certificate and trusts only {@code trusted}, for a client of
     * servers with self-signed certificates.
     *
     * @param trusted the certificates servers may present, at least one
     * @return the context
     * @throws IllegalArgumentException if {@code trusted} is empty
     */
    public static SSLContext trusting(Collection<X509Certificate> trusted) {
        return context(null, trusted);
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate" + hosts;
    }

    private KeyManager[] keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot present an EC key", e);
        }
    }

    private static SSLContext context(KeyManager @Nullable [] keys, @Nullable Collection<X509Certificate> trusted) {
        try {
            TrustManager[] trust = null;
            if (trusted != null) {
                if (trusted.isEmpty()) {
                    throw new IllegalArgumentException("a context that trusts no certificate can connect to nobody");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : trusted) {
                    store.setCertificateEntry("trusted-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
