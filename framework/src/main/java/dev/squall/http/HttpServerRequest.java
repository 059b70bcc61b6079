package dev.squall.http;

import dev.squall.loop.IOLoop;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the server parsed it, body included, as Tornado's {@code HTTPServerRequest}.
 *
 * <p>Immutable once handed to a {@link HttpHandler} (but for its {@link #attachment()}), except that the body
 * array belongs to the request and must not be modified. Read it on the loop that owns the connection ({@link #loop()}).
 */
public final class HttpServerRequest {
    private final String method;
    private final String uri;
    private final String path;
    private final String query;
    private final HttpVersion version;
    private final HttpHeaders headers;
    private byte[] body;
    private @Nullable Object attachment;
    private final String remoteIp;
    private final String protocol;
    private final String host;
    private final InetSocketAddress remoteAddress;
    private final IOLoop loop;
    private final long startNanos;

    /**
     * Creates a request. Called by the server (and by tests that build requests by hand).
     *
     * @param method the method, e.g. {@code GET}
     * @param uri the request target as sent, e.g. {@code /a/b?x=1}
     * @param version the protocol version
     * @param headers the request headers
     * @param body the body, possibly empty; owned by the request from now on
     * @param remoteIp the client's IP (from {@code X-Real-Ip}/{@code X-Forwarded-For} when the server trusts
     *     them)
     * @param protocol {@code http} or {@code https} (from {@code X-Scheme}/{@code X-Forwarded-Proto} when
     *     trusted)
     * @param remoteAddress the socket peer
     * @param loop the loop that owns the connection
     * @param startNanos when the request began, on the loop's clock
     */
    public HttpServerRequest(
            String method,
            String uri,
            HttpVersion version,
            HttpHeaders headers,
            byte[] body,
            String remoteIp,
            String protocol,
            InetSocketAddress remoteAddress,
            IOLoop loop,
            long startNanos) {
        this.method = method;
        this.uri = uri;
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = q < 0 ? "" : uri.substring(q + 1);
        this.version = version;
        this.headers = headers;
        this.body = body;
        this.remoteIp = remoteIp;
        this.protocol = protocol;
        this.remoteAddress = remoteAddress;
        this.loop = loop;
        this.startNanos = startNanos;
        String h = headers.get("Host");
        this.host = h != null ? h : "127.0.0.1";
    }

    /** Returns the method, e.g. {@code GET}, exactly as sent (methods are case-sensitive). */
    public String method() {
        return method;
    }

    /** Returns the request target as sent, path and query: {@code /a/b?x=1}. */
    public String uri() {
        return uri;
    }

    /** Returns the path part of {@link #uri()}, still percent-encoded: {@code /a/b}. */
    public String path() {
        return path;
    }

    /** Returns the query string without {@code ?}, still encoded, or {@code ""}: {@code x=1}. */
    public String query() {
        return query;
    }

    /** Returns the protocol version of the request. */
    public HttpVersion version() {
        return version;
    }

    /** Returns the request headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** Returns the body bytes (decompressed if the server decompresses requests); empty when none. */
    public byte[] body() {
        return body;
    }

    /** Sets the body once the server has read it (a request handed to {@link HttpHandler#headReceived} first). */
    void body(byte[] body) {
        this.body = body;
    }

    /**
     * Returns what the {@link HttpHandler} attached to this request with {@link #attach}, or null: a slot for the
     * handler's own state between {@link HttpHandler#headReceived} and {@link HttpHandler#handle} (the web layer
     * keeps the handler it routed the request to there). Loop thread.
     *
     * @return the attachment, or null
     */
    public @Nullable Object attachment() {
        return attachment;
    }

    /**
     * Attaches {@code value} to this request for the {@link HttpHandler}'s own use (see {@link #attachment()}).
     * Loop thread.
     *
     * @param value the value, or null to clear the slot
     */
    public void attach(@Nullable Object value) {
        this.attachment = value;
    }

    /** Returns the client's IP address, honouring trusted {@code X-Real-Ip}/{@code X-Forwarded-For}. */
    public String remoteIp() {
        return remoteIp;
    }

    /** Returns {@code http} or {@code https}, honouring trusted {@code X-Scheme}/{@code X-Forwarded-Proto}. */
    public String protocol() {
        return protocol;
    }

    /** Returns the {@code Host} header, with port if sent ({@code 127.0.0.1} when absent, as on HTTP/1.0). */
    public String host() {
        return host;
    }

    /** Returns the host name without port: {@code example.com} for {@code example.com:8080} and IPv6 literals kept bracketed. */
    public String hostName() {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Returns the full URL: {@code protocol://host/uri}. */
    public String fullUrl() {
        return protocol + "://" + host + uri;
    }

    /** Returns the socket address of the peer (a proxy, when behind one). */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Returns the loop that owns the connection; handler code runs there. */
    public IOLoop loop() {
        return loop;
    }

    /** Returns when the request started, on the loop's {@link IOLoop#nanoTime()} scale. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * Returns the time since the request started, in seconds, as Tornado's {@code request_time()}.
     *
     * @return elapsed seconds on the loop's clock
     */
    public double requestTime() {
        return (loop.nanoTime() - startNanos) / 1e9;
    }

    /** Returns whether the client speaks HTTP/1.1 (or later). */
    public boolean supportsHttp11() {
        return version == HttpVersion.HTTP_1_1;
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + version + " (" + remoteIp + ")";
    }
}
