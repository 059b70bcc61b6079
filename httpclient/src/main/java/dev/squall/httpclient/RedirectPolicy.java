package dev.squall.httpclient;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Which request follows a redirect response (RFC 9110 section 15.4), as Tornado does it, plus the origin
 * rules browsers apply to credentials:
 * <ul>
 *   <li>301 and 302 after a POST, and 303 after anything but HEAD, become a GET without a body and without
 *       the headers that described it;</li>
 *   <li>307 and 308 (and 301/302 after other methods) keep the method and the body — unless the body came
 *       from a {@link BodyProducer}, which cannot run twice: then the redirect is not followed;</li>
 *   <li>a hop to another origin (scheme, host or port) drops {@code Authorization} and {@code Cookie};
 *       credentials in the Location URL are never used;</li>
 *   <li>a {@code Host} header set by the caller is dropped on every hop.</li>
 * </ul>
 * Pure functions; the client counts hops against {@code maxRedirects}.
 */
final class RedirectPolicy {
    private RedirectPolicy() {}

    /** Returns whether {@code code} is a redirect the client can follow. */
    static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    /**
     * Returns the request to send after {@code current} got a {@code code} response with {@code location}, or
     * null when the response cannot be followed and is itself the result.
     *
     * @param current the request that got the redirect
     * @param code the response status
     * @param location the {@code Location} header, or null
     * @return the next request, or null
     * @throws HttpProtocolException if the Location is not a valid URL reference
     */
    static @Nullable HttpRequest next(HttpRequest current, int code, @Nullable String location)
            throws HttpProtocolException {
        if (!isRedirect(code) || location == null) {
            return null;
        }
        URI target = resolve(current.uri(), location.trim());
        String scheme = target.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || target.getHost() == null) {
            return null; // not ours to fetch: the caller gets the redirect response
        }
        target = withoutUserInfo(target);
        String method = current.method();
        boolean toGet =
                (code == 303 && !method.equals("HEAD")) || ((code == 301 || code == 302) && method.equals("POST"));
        if (!toGet && current.bodyProducer() != null) {
            return null; // the body cannot be produced a second time
        }
        HttpRequest.Builder b = current.newBuilder().url(target).removeHeader("Host");
        if (toGet) {
            b.method("GET")
                    .noBody()
                    .expect100Continue(false)
                    .removeHeader("Content-Length")
                    .removeHeader("Content-Type")
                    .removeHeader("Content-Encoding")
                    .removeHeader("Transfer-Encoding");
        }
        if (!Origin.of(target).equals(current.origin())) {
            b.removeHeader("Authorization").removeHeader("Cookie");
        }
        return b.build();
    }

    private static URI resolve(URI base, String location) throws HttpProtocolException {
        URI ref;
        try {
            ref = new URI(location);
        } catch (URISyntaxException e) {
            throw new HttpProtocolException("the redirect Location \"" + location + "\" from " + Origin.redact(base)
                    + " is not a valid URL: " + e.getReason());
        }
        if (ref.isAbsolute()) {
            return ref;
        }
        try {
            // java.net.URI follows RFC 2396, which differs from RFC 3986 for a base without a path and for a
            // reference that is only a query: handle those two by hand.
            String basePath = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
            URI normalizedBase = new URI(base.getScheme(), base.getRawAuthority(), basePath, base.getRawQuery(), null);
            if (location.startsWith("?")) {
                return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + location);
            }
            return normalizedBase.resolve(ref);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HttpProtocolException("the redirect Location \"" + location + "\" from " + Origin.redact(base)
                    + " cannot be resolved: " + e.getMessage());
        }
    }

    private static URI withoutUserInfo(URI uri) throws HttpProtocolException {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String fragment = uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment();
        try {
            return new URI(uri.getScheme() + "://" + uri.getHost() + port + path + query + fragment);
        } catch (URISyntaxException e) {
            throw new HttpProtocolException("the redirect Location " + Origin.redact(uri) + " is not a valid URL");
        }
    }
}
