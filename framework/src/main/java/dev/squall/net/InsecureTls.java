package dev.squall.net;

import dev.squall.internal.net.TrustAllCertificates;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
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
                c.init(null, new TrustManager[] {TrustAllCertificates.INSTANCE}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot create a TLS context", e);
            }
            context = c;
        }
        return c;
    }
}
