package dev.squall.testing;

import dev.squall.net.SelfSignedCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for HTTPS in tests — a {@link SelfSignedCertificate}, made with the running JDK's
 * {@code keytool} the first time it is asked for and kept for the rest of the JVM's life (one per set of host names). The server side gets
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

    private static final Map<List<String>, TestCertificate> CACHE = new ConcurrentHashMap<>();

    private final SelfSignedCertificate certificate;
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private TestCertificate(SelfSignedCertificate certificate) {
        this.certificate = certificate;
        this.serverContext = certificate.serverContext();
        this.clientContext = certificate.clientContext();
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
     * @see SelfSignedCertificate#generate
     */
    public static TestCertificate forHosts(List<String> hosts) {
        List<String> key = List.copyOf(new TreeSet<>(hosts));
        // generate checks the names; one that throws leaves nothing in the cache.
        return CACHE.computeIfAbsent(key, names -> new TestCertificate(SelfSignedCertificate.generate(names)));
    }

    /** Returns the names this certificate is valid for, sorted. */
    public List<String> hosts() {
        return certificate.hosts();
    }

    /** Returns the certificate. */
    public X509Certificate certificate() {
        return certificate.certificate();
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

    @Override
    public String toString() {
        return "TestCertificate" + hosts();
    }
}
