package dev.squall.web;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The gzip output transform of {@code compressResponse}, as Tornado's {@code GZipContentEncoding}: one gzip
 * stream per response, sync-flushed at every {@code flush()} so streamed chunks reach the client as they are
 * written.
 */
final class GzipEncoder {
    /** Compression level, as Tornado's {@code GZIP_LEVEL}. */
    static final int LEVEL = 6;
    /** A response written in one piece is compressed only from this size, as Tornado's {@code MIN_LENGTH}. */
    static final int MIN_LENGTH = 1024;

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final GZIPOutputStream gzip;

    GzipEncoder() {
        try {
            gzip = new GZIPOutputStream(sink, 8192, true) {
                {
                    def.setLevel(LEVEL);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }

    /**
     * Applies the transform to the headers of a response about to send its first chunk, as Tornado's
     * {@code transform_first_chunk}: always adds {@code Accept-Encoding} to {@code Vary}; when the client
     * accepts gzip, the type is compressible, the response has a body and no encoding yet, and it is either
     * streamed or at least {@link #MIN_LENGTH} bytes, sets {@code Content-Encoding: gzip} (and drops a
     * {@code Content-Length} of a streamed response) and returns the encoder to use.
     *
     * @return the encoder, or null when the response goes out as it is
     */
    static @Nullable GzipEncoder start(
            HttpHeaders headers, @Nullable String acceptEncoding, int status, int firstChunkLength, boolean finishing) {
        String vary = headers.get("Vary");
        headers.set("Vary", vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
        boolean compress = acceptsGzip(acceptEncoding)
                && isCompressible(headers.get("Content-Type"))
                && (!finishing || firstChunkLength >= MIN_LENGTH)
                && !headers.contains("Content-Encoding")
                && !HttpStatus.hasNoBody(status);
        if (!compress) {
            return null;
        }
        headers.set("Content-Encoding", "gzip");
        if (!finishing) {
            headers.remove("Content-Length");
        }
        return new GzipEncoder();
    }

    /** Compresses {@code data}; when {@code finishing}, ends the stream and frees the deflater. */
    byte[] encode(byte[] data, boolean finishing) {
        try {
            gzip.write(data);
            if (finishing) {
                gzip.close();
            } else {
                gzip.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] out = sink.toByteArray();
        sink.reset();
        return out;
    }

    /** Frees the deflater of a response that will not be finished (its connection died). */
    void abandon() {
        try {
            gzip.close();
        } catch (IOException ignored) {
            // memory only
        }
    }

    /** Whether a response of this {@code Content-Type} is worth compressing. */
    static boolean isCompressible(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || switch (type) {
                    case "application/javascript",
                            "application/x-javascript",
                            "application/json",
                            "application/xml",
                            "application/xhtml+xml",
                            "image/svg+xml" -> true;
                    default -> false;
                };
    }

    /** Whether an {@code Accept-Encoding} value accepts gzip: a {@code gzip} element whose q is not 0. */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        int n = acceptEncoding.length();
        int start = 0;
        while (start < n) {
            int end = acceptEncoding.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            HeaderValue element = HeaderValue.parse(acceptEncoding.substring(start, end));
            if (element.value().equals("gzip") || element.value().equals("x-gzip")) {
                String q = element.param("q");
                return q == null || !isZero(q.strip());
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether a qvalue (RFC 9110 section 12.4.2) is zero: 0, 0., 0.0, 0.00 or 0.000. */
    private static boolean isZero(String q) {
        if (q.isEmpty() || q.length() > 5 || q.charAt(0) != '0') {
            return false;
        }
        for (int i = 1; i < q.length(); i++) {
            char c = q.charAt(i);
            if (i == 1 ? c != '.' : c != '0') {
                return false;
            }
        }
        return true;
    }
}
