package dev.squall.httpclient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy to send requests through. Plain {@code http} requests go to the proxy with the absolute URL
 * as request target; {@code https} requests open a {@code CONNECT} tunnel through it and run TLS with the
 * origin end to end, so the proxy sees no plaintext.
 *
 * <pre>{@code
 * HttpRequest r = HttpRequest.builder(url).proxy(HttpProxy.of("proxy.internal", 3128)).build();
 * }</pre>
 *
 * @param host the proxy's host name or address
 * @param port the proxy's port
 * @param username the user for {@code Proxy-Authorization: Basic}, or null for none
 * @param password the password, or null for none
 */
public record HttpProxy(
        String host,
        int port,
        @Nullable String username,
        @Nullable String password) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the host is empty, the port out of range, or only one of
     *     username and password is given
     */
    public HttpProxy {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port must be in [1, 65535], got " + port);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("give both a proxy username and a password, or neither");
        }
    }

    /**
     * Returns a proxy without credentials.
     *
     * @param host the proxy's host
     * @param port the proxy's port
     * @return the proxy
     */
    public static HttpProxy of(String host, int port) {
        return new HttpProxy(host, port, null, null);
    }

    /**
     * Returns this proxy with Basic credentials.
     *
     * @param username the user
     * @param password the password
     * @return a new proxy value
     */
    public HttpProxy withCredentials(String username, String password) {
        return new HttpProxy(host, port, username, password);
    }

    /** Returns the {@code Proxy-Authorization} header value, or null without credentials. */
    @Nullable
    String authorization() {
        if (username == null || password == null) {
            return null;
        }
        return basic(username, password);
    }

    static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // never print the password
        return "HttpProxy[" + host + ":" + port + (username != null ? ", user " + username : "") + "]";
    }
}
