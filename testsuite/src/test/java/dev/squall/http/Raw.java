package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Shorthands for the raw-protocol tests, on top of {@link dev.squall.testing.RawConnection} and {@link RawResponse}. */
final class Raw {
    private Raw() {}

    /** Returns a GET request for {@code target}, with a Host header. */
    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    /** Asserts the status code, showing the whole response if it differs. */
    static RawResponse expect(int code, RawResponse r) {
        return r.assertCode(code);
    }

    /** Asserts the status code and that the response announces {@code Connection: close}. */
    static RawResponse expectClose(int code, RawResponse r) {
        assertTrue(r.assertCode(code).closesConnection(), () -> "expected Connection: close in\n" + r);
        return r;
    }

    /** Decodes bytes one char per byte, as they came. */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Routes.utf8(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
