package dev.squall.internal.net;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that accepts every certificate chain and checks nothing: what Tornado's
 * {@code validate_cert=False} means, for the server's {@code TcpClient} and the HTTP client alike. Never a
 * default. Stateless; not API, may change.
 */
public final class TrustAllCertificates extends X509ExtendedTrustManager {
    /** The one instance. */
    public static final TrustAllCertificates INSTANCE = new TrustAllCertificates();

    private TrustAllCertificates() {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
