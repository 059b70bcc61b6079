package dev.squall.httpclient;

import dev.squall.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Writes a request head (RFC 9112 sections 3 and 5) into a reusable byte array, which the connection then
 * enqueues on its stream with one copy. One encoder per client, used on its loop only.
 *
 * <p>Header values were checked for CR, LF and NUL when they entered {@link HttpHeaders}, and the request
 * target comes from a parsed {@link java.net.URI}, so nothing written here can split the message. Characters
 * outside ASCII in values are written as UTF-8.
 */
final class RequestHeadEncoder {
    private byte[] buf = new byte[1024];
    private int len;

    /** Returns the array holding the last head, valid up to {@link #length()}. */
    byte[] bytes() {
        return buf;
    }

    /** Returns the length of the last head. */
    int length() {
        return len;
    }

    /**
     * Encodes the head of {@code request}.
     *
     * @param request the request
     * @param defaultHeaders the client's default headers, sent where the request sets none of that name
     * @param absoluteForm whether the target is the absolute URL (plain HTTP through a proxy)
     * @param proxyAuthorization the {@code Proxy-Authorization} value to send, or null
     * @param userAgent the user agent to send when the request has no User-Agent header
     * @param acceptGzip whether to send {@code Accept-Encoding: gzip} when the request sets no Accept-Encoding
     */
    void encode(
            HttpRequest request,
            HttpHeaders defaultHeaders,
            boolean absoluteForm,
            @Nullable String proxyAuthorization,
            String userAgent,
            boolean acceptGzip) {
        len = 0;
        HttpHeaders headers = request.headersView();
        Origin origin = request.origin();
        ascii(request.method());
        put((byte) ' ');
        if (absoluteForm) {
            ascii(origin.secure() ? "https://" : "http://");
            ascii(origin.hostHeader());
        }
        ascii(request.originForm());
        ascii(" HTTP/1.1\r\n");
        String host = headers.get("Host");
        field("Host", host != null ? host : origin.hostHeader());
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            if (host == null || !name.equals("Host")) {
                field(name, headers.value(i));
            }
        }
        for (int i = 0, n = defaultHeaders.size(); i < n; i++) {
            String name = defaultHeaders.name(i);
            if (!headers.contains(name)) {
                field(name, defaultHeaders.value(i));
            }
        }
        if (!headers.contains("User-Agent") && !defaultHeaders.contains("User-Agent")) {
            field("User-Agent", userAgent);
        }
        if (acceptGzip && !headers.contains("Accept-Encoding") && !defaultHeaders.contains("Accept-Encoding")) {
            field("Accept-Encoding", "gzip");
        }
        if (proxyAuthorization != null) {
            field("Proxy-Authorization", proxyAuthorization);
        }
        if (request.body() != null) {
            ascii("Content-Length: ");
            number(request.body().size());
            crlf();
        } else if (request.bodyProducer() != null) {
            if (request.bodyProducerLength() >= 0) {
                ascii("Content-Length: ");
                number(request.bodyProducerLength());
                crlf();
            } else {
                ascii("Transfer-Encoding: chunked\r\n");
            }
        }
        if (request.expect100Continue() && request.hasBody()) {
            ascii("Expect: 100-continue\r\n");
        }
        crlf();
    }

    /**
     * Encodes a {@code CONNECT} request that asks a proxy for a tunnel to {@code origin} (RFC 9110 section
     * 9.3.6).
     *
     * @param origin where the tunnel goes
     * @param proxyAuthorization the {@code Proxy-Authorization} value, or null
     * @param userAgent the user agent
     */
    void encodeConnect(Origin origin, @Nullable String proxyAuthorization, String userAgent) {
        len = 0;
        ascii("CONNECT ");
        ascii(origin.authority());
        ascii(" HTTP/1.1\r\n");
        field("Host", origin.authority());
        field("User-Agent", userAgent);
        if (proxyAuthorization != null) {
            field("Proxy-Authorization", proxyAuthorization);
        }
        crlf();
    }

    private void field(String name, String value) {
        ascii(name);
        put((byte) ':');
        put((byte) ' ');
        text(value);
        crlf();
    }

    private void crlf() {
        put((byte) '\r');
        put((byte) '\n');
    }

    private void number(long n) {
        ascii(Long.toString(n));
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
        len = p;
    }

    private void text(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                len = p;
                utf8(s, i);
                return;
            }
            b[p++] = (byte) c;
        }
        len = p;
    }

    private void utf8(String s, int from) {
        byte[] encoded = s.substring(from).getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, len, encoded.length);
        len += encoded.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
