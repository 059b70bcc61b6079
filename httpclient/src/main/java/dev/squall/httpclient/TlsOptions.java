package dev.squall.httpclient;

import dev.squall.internal.net.TrustAllCertificates;
import dev.squall.net.Resolver;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * How the client speaks TLS to {@code https} origins: whether it validates the server's certificate and host
 * name (on by default, as Tornado's {@code validate_cert}), which certificates it trusts (Tornado's
 * {@code ca_certs}), and which client certificate it presents.
 *
 * <pre>{@code
 * KeyStore trust = KeyStore.getInstance("PKCS12");
 * trust.load(Files.newInputStream(path), password);
 * TlsOptions tls = TlsOptions.builder().trustStore(trust).build();
 * HttpRequest r = HttpRequest.builder("https://internal.example/").tls(tls).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Build one instance and reuse it: connections are pooled per instance, and
 * the {@link SSLContext} it builds is created once, on first use.
 */
public final class TlsOptions {
    /** The defaults: the JDK's trusted certificate authorities, certificates and host names validated. */
    public static final TlsOptions DEFAULT = builder().build();

    private static final TlsOptions INSECURE =
            builder().validateCertificates(false).build();

    private final boolean validateCertificates;
    private final @Nullable SSLContext customContext;
    private final @Nullable KeyStore trustStore;
    private final @Nullable KeyStore clientKeyStore;
    private final char @Nullable [] clientKeyPassword;
    private volatile @Nullable SSLContext context;

    private TlsOptions(Builder b) {
        this.validateCertificates = b.validateCertificates;
        this.customContext = b.sslContext;
        this.trustStore = b.trustStore;
        this.clientKeyStore = b.clientKeyStore;
        this.clientKeyPassword = b.clientKeyPassword;
    }

    /**
     * Returns a builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns options that accept any certificate and host name. For tests and development only: the
     * connection is encrypted but not authenticated.
     *
     * @return options with validation off (always the same instance, so its connections are pooled together)
     */
    public static TlsOptions insecure() {
        return INSECURE;
    }

    /** Returns whether the server's certificate chain and host name are validated. */
    public boolean validateCertificates() {
        return validateCertificates;
    }

    /**
     * Creates a client-mode engine for a connection to {@code host:port}, with SNI and (when validating) host
     * name verification — for TLS that {@link dev.squall.net.TcpClient} does not set up itself (through a
     * proxy tunnel).
     */
    SSLEngine newEngine(String host, int port) throws GeneralSecurityException {
        SSLEngine engine = context().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (!Resolver.isIpLiteral(host)) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        if (validateCertificates) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /** Returns the TLS context these options describe, built once. */
    SSLContext context() throws GeneralSecurityException {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = buildContext();
                    context = c;
                }
            }
        }
        return c;
    }

    private SSLContext buildContext() throws GeneralSecurityException {
        if (customContext != null) {
            return customContext;
        }
        if (validateCertificates && trustStore == null && clientKeyStore == null) {
            return SSLContext.getDefault();
        }
        KeyManager[] keyManagers = null;
        if (clientKeyStore != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientKeyStore, clientKeyPassword);
            keyManagers = kmf.getKeyManagers();
        }
        TrustManager[] trustManagers;
        if (!validateCertificates) {
            trustManagers = new TrustManager[] {TrustAllCertificates.INSTANCE};
        } else if (trustStore != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            trustManagers = tmf.getTrustManagers();
        } else {
            trustManagers = null; // the JDK's default trust
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(keyManagers, trustManagers, null);
        return c;
    }

    @Override
    public String toString() {
        return "TlsOptions[validateCertificates=" + validateCertificates
                + (customContext != null ? ", custom SSLContext" : "")
                + (trustStore != null ? ", custom trust store" : "")
                + (clientKeyStore != null ? ", client certificate" : "") + "]";
    }

    /** Builds {@link TlsOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean validateCertificates = true;
        private @Nullable SSLContext sslContext;
        private @Nullable KeyStore trustStore;
        private @Nullable KeyStore clientKeyStore;
        private char @Nullable [] clientKeyPassword;

        private Builder() {}

        /**
         * Sets whether the server's certificate chain and host name are checked (default true). Turn it off
         * only for tests against self-signed servers; prefer {@link #trustStore(KeyStore)}.
         *
         * @param validate whether to validate
         * @return this builder
         */
        public Builder validateCertificates(boolean validate) {
            this.validateCertificates = validate;
            return this;
        }

        /**
         * Uses {@code context} as is, instead of one built from the trust store and client certificate.
         * Host names are still verified when {@link #validateCertificates(boolean)} is on.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Trusts the certificates in {@code store} instead of the JDK's default authorities (Tornado's
         * {@code ca_certs}).
         *
         * @param store a key store holding trusted certificates
         * @return this builder
         */
        public Builder trustStore(KeyStore store) {
            this.trustStore = store;
            return this;
        }

        /**
         * Presents the key and certificate in {@code keyStore} when the server asks for a client certificate.
         *
         * @param keyStore a key store with the private key and its certificate chain
         * @param password the key's password
         * @return this builder
         */
        public Builder clientCertificate(KeyStore keyStore, char[] password) {
            this.clientKeyStore = keyStore;
            this.clientKeyPassword = password.clone();
            return this;
        }

        /**
         * Creates the options.
         *
         * @return the options
         * @throws IllegalStateException if a custom {@link SSLContext} is combined with a trust store or client
         *     certificate, which it would ignore
         */
        public TlsOptions build() {
            if (sslContext != null && (trustStore != null || clientKeyStore != null)) {
                throw new IllegalStateException("a custom sslContext already carries its trust and key material;"
                        + " configure the trust store and client certificate on the SSLContext instead");
            }
            return new TlsOptions(this);
        }
    }
}
