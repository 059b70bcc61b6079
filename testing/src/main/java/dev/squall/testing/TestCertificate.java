package dev.squall.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for HTTPS in tests, made with the running JDK's {@code keytool} the first time it
 * is asked for and kept for the rest of the JVM's life (one per set of host names). The server side gets
 * {@link #serverContext()}; a client that should trust it — and nothing else — gets {@link #clientContext()}.
 *
 * <pre>{@code
 * TestCertificate cert = TestCertificate.localhost();
 * HttpServer server = HttpServer.builder().tls(cert.serverContext()).handler(app).build().listen(0, "127.0.0.1");
 * }</pre>
 *
 * <p>Thread-safe. keytool writes the key to a temporary directory that is deleted as soon as the key is loaded.
 */
public final class TestCertificate {
    /** The names {@link #localhost()} is valid for. */
    public static final List<String> LOCALHOST_NAMES = List.of("localhost", "127.0.0.1");
    /** How long {@code keytool} may take (it starts a JVM). */
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final String ALIAS = "squall-test";
    private static final Map<List<String>, TestCertificate> CACHE = new ConcurrentHashMap<>();

    private final List<String> hosts;
    private final X509Certificate certificate;
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private TestCertificate(List<String> hosts, KeyStore keyStore, char[] password) throws GeneralSecurityException {
        this.hosts = hosts;
        this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        this.serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trust.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        this.clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    /**
     * Returns the certificate for {@code localhost} and {@code 127.0.0.1}, made on first use.
     *
     * @return the certificate
     * @throws IllegalStateException if {@code keytool} is missing or fails
     */
    public static TestCertificate localhost() {
        return forHosts(LOCALHOST_NAMES);
    }

    /**
     * Returns a certificate valid for {@code hosts} (DNS names or IP literals), made on first use for that set
     * of names.
     *
     * @param hosts at least one name
     * @return the certificate
     * @throws IllegalArgumentException if {@code hosts} is empty or a name holds characters keytool cannot take
     * @throws IllegalStateException if {@code keytool} is missing or fails
     */
    public static TestCertificate forHosts(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
        for (String h : hosts) {
            if (h.isEmpty() || !h.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
                    || c == ':' || c == '*')) {
                throw new IllegalArgumentException("'" + h + "' is not a host name or IP address");
            }
        }
        List<String> key = List.copyOf(new TreeSet<>(hosts));
        return CACHE.computeIfAbsent(key, TestCertificate::generate);
    }

    /** Returns the names this certificate is valid for, sorted. */
    public List<String> hosts() {
        return hosts;
    }

    /** Returns the certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Returns a TLS context holding the key and certificate, for a server.
     *
     * @return the server context
     */
    public SSLContext serverContext() {
        return serverContext;
    }

    /**
     * Returns a TLS context that trusts this certificate and no other, for a client.
     *
     * @return the client context
     */
    public SSLContext clientContext() {
        return clientContext;
    }

    @Override public String toString() {
        return "TestCertificate" + hosts;
    }

    private static TestCertificate generate(List<String> hosts) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("HTTPS tests need keytool to make a certificate, but " + keytool
                    + " is missing; run the tests on a full JDK");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("squall-test-tls");
            Path store = dir.resolve("key.p12");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            char[] password = HexFormat.of().formatHex(secret).toCharArray();
            List<String> san = new ArrayList<>();
            for (String h : hosts) {
                san.add((isIpLiteral(h) ? "ip:" : "dns:") + h);
            }
            // keytool is a short-lived JVM: a quick JIT and a simple GC halve its start-up on a busy machine.
            List<String> command = List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                    "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
                    "-dname", "CN=" + hosts.get(0) + ", O=Squall tests", "-ext", "SAN=" + String.join(",", san),
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(password), "-keypass", new String(password), "-noprompt");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password);
            }
            return new TestCertificate(hosts, keyStore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a test certificate with " + keytool, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not load the test certificate keytool made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made a test certificate", e);
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
