package dev.squall.httpclient;

import dev.squall.net.SelfSignedCertificate;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The TLS tests' self-signed certificates, made once per JVM: keytool takes about a second each. */
final class TestCertificates {
    private static final Map<List<String>, SelfSignedCertificate> CACHE = new ConcurrentHashMap<>();

    private TestCertificates() {}

    /** A certificate for 127.0.0.1 and localhost. */
    static SelfSignedCertificate loopback() {
        return cached("localhost", "127.0.0.1");
    }

    /** A certificate that names only other.example, not the loopback address. */
    static SelfSignedCertificate otherName() {
        return cached("other.example");
    }

    /** A client certificate, for CN=squall-test-client. */
    static SelfSignedCertificate client() {
        return cached("squall-test-client", "client.example");
    }

    /** A trust store holding just {@code cert}, for {@link TlsOptions.Builder#trustStore}. */
    static KeyStore trustOnly(SelfSignedCertificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", cert.certificate());
        return trust;
    }

    private static SelfSignedCertificate cached(String... hosts) {
        return CACHE.computeIfAbsent(List.of(hosts), SelfSignedCertificate::generate);
    }
}
