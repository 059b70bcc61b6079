package dev.squall.net;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A TLS client context that accepts any server certificate: what {@code validate = false} without a context
 * means in {@link TcpClient#connectTls}, as Tornado's {@code validate_cert=False}. Never the default.
 */
final class InsecureTls {
    private static volatile @Nullable SSLContext context;

    private InsecureTls() {}

    static SSLContext context() {
        SSLContext c = context;
        if (c == null) {
            try {
                c = SSLContext.getInstance("TLS");
                c.init(null, new TrustManager[] {new TrustAll()}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot create a TLS context", e);
            }
            context = c;
        }
        return c;
    }

    /** Trusts every certificate chain; checks nothing. */
    private static final class TrustAll extends X509ExtendedTrustManager {
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
}
