package dev.squall.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip request body ({@code Content-Encoding: gzip}) for servers built with
 * {@code decompressRequest(true)}, as Tornado's {@code decompress_request}. Off the hot path: only requests
 * that announce gzip come here.
 */
final class GzipRequestBody {
    /** {@link #inflate} result when the bytes are not valid gzip. */
    static final byte[] INVALID = new byte[0];
    /** {@link #inflate} result when the inflated body would exceed the limit. */
    static final byte[] TOO_LARGE = new byte[0];

    private GzipRequestBody() {}

    /**
     * Inflates {@code body} if {@code headers} say it is gzip, and then renames {@code Content-Encoding} to
     * {@code X-Consumed-Content-Encoding} and corrects {@code Content-Length}, as Tornado does.
     *
     * @param headers the request headers, changed when the body is inflated
     * @param body the body as received
     * @param maxBytes the largest inflated size allowed
     * @return {@code body} itself when it is not gzip, the inflated bytes, or the {@link #INVALID} or
     *     {@link #TOO_LARGE} marker (compare by identity; the headers are then unchanged)
     */
    static byte[] decode(HttpHeaders headers, byte[] body, long maxBytes) {
        if (body.length == 0) {
            return body;
        }
        String encoding = headers.get("Content-Encoding");
        if (encoding == null || !encoding.strip().equalsIgnoreCase("gzip")) {
            return body;
        }
        byte[] content = inflate(body, maxBytes);
        if (content == INVALID || content == TOO_LARGE) {
            return content;
        }
        headers.set("X-Consumed-Content-Encoding", encoding);
        headers.remove("Content-Encoding");
        if (headers.contains("Content-Length")) {
            headers.set("Content-Length", Integer.toString(content.length));
        }
        return content;
    }

    /**
     * Inflates {@code body}.
     *
     * @param body gzip bytes (one or more members)
     * @param maxBytes the largest inflated size allowed
     * @return the inflated bytes, or the {@link #INVALID} or {@link #TOO_LARGE} marker (compare by identity)
     */
    static byte[] inflate(byte[] body, long maxBytes) {
        if (body.length == 0) {
            return body;
        }
        ByteSink out = new ByteSink(Math.max(64, Math.min(body.length * 4, 1 << 20)));
        byte[] chunk = new byte[8192];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + (long) n > maxBytes) {
                    return TOO_LARGE;
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException e) {
            return INVALID;
        }
        return out.toByteArray();
    }
}
