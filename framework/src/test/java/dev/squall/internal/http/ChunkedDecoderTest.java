package dev.squall.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {
    /** Collects decoded bytes. */
    static final class Collected implements ChunkedDecoder.Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer src, int length) {
            byte[] b = new byte[length];
            src.get(b);
            bytes.writeBytes(b);
        }

        String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String decoded(String encoded) {
        ChunkedDecoder d = new ChunkedDecoder(1 << 20, 1024);
        Collected out = new Collected();
        ByteBuffer in = bytes(encoded);
        int r = d.decode(in, out);
        assertEquals(ChunkedDecoder.DONE, r, () -> "error " + d.errorStatus() + " " + d.errorMessage());
        assertEquals(0, in.remaining(), "consumed the whole body");
        return out.text();
    }

    private static void assertError(int status, String encoded) {
        ChunkedDecoder d = new ChunkedDecoder(100, 64);
        int r = d.decode(bytes(encoded), new Collected());
        assertEquals(ChunkedDecoder.ERROR, r, () -> "expected an error for " + encoded.replace("\r\n", "\\r\\n"));
        assertEquals(status, d.errorStatus(), d.errorMessage());
    }

    @Test
    void decodesChunks() {
        assertEquals("hello world", decoded("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    }

    @Test
    void acceptsUpperAndLowerCaseHexAndLeadingZeros() {
        assertEquals("a".repeat(26), decoded("1A\r\n" + "a".repeat(26) + "\r\n0000\r\n\r\n"));
        assertEquals("a".repeat(26), decoded("001a\r\n" + "a".repeat(26) + "\r\n0\r\n\r\n"));
    }

    @Test
    void ignoresChunkExtensions() {
        assertEquals("hello", decoded("5;name=value;flag\r\nhello\r\n0;last=\"yes\"\r\n\r\n"));
        assertEquals("hello", decoded("5 ; name=value\r\nhello\r\n0\r\n\r\n"));
    }

    @Test
    void discardsTrailerFields() {
        assertEquals("hello", decoded("5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"));
    }

    @Test
    void refusesBareLfAnywhereInTheFraming() {
        // Issue 11.3: each of these was accepted, and a proxy splitting on CRLF would frame them otherwise.
        assertError(400, "28;a\n" + "a".repeat(40) + "\r\n0\r\n\r\n");
        assertError(400, "5\nhello\r\n0\r\n\r\n");
        assertError(400, "3\r\nabc\n0\r\n\r\n");
        assertError(400, "3\r\nabc\r\n0\n\n");
        assertError(400, "3\r\nabc\r\n0\r\n\n");
        assertError(400, "3\r\nabc\r\n0\r\nX-T: 1\n\r\n");
    }

    @Test
    void bareLfErrorSaysWhereAndWhatIsNeeded() {
        ChunkedDecoder d = new ChunkedDecoder(100, 64);
        assertEquals(ChunkedDecoder.ERROR, d.decode(bytes("3\r\nabc\n0\r\n\r\n"), new Collected()));
        assertEquals(
                "the line after chunk data ends in a bare LF; chunked framing needs CRLF (RFC 9112 section 7.1)",
                d.errorMessage());
    }

    @Test
    void nextNamesTheDataInTheCallersBuffer() {
        ChunkedDecoder d = new ChunkedDecoder(100, 64);
        ByteBuffer in = bytes("5\r\nhello\r\n0\r\n\r\nNEXT");
        assertEquals(ChunkedDecoder.DATA, d.next(in));
        assertEquals(5, d.dataLength());
        assertEquals(3, in.position(), "the data starts at the position");
        in.position(in.position() + d.dataLength());
        assertEquals(ChunkedDecoder.DONE, d.next(in));
        assertEquals("NEXT", StandardCharsets.ISO_8859_1.decode(in).toString());
        assertEquals(ChunkedDecoder.DONE, d.next(in), "DONE again, consuming nothing");
    }

    @Test
    void stopsAtTheEndOfTheBody() {
        ChunkedDecoder d = new ChunkedDecoder(1 << 20, 1024);
        ByteBuffer in = bytes("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n");
        assertEquals(ChunkedDecoder.DONE, d.decode(in, new Collected()));
        assertEquals(
                "GET / HTTP/1.1\r\n", StandardCharsets.ISO_8859_1.decode(in).toString());
    }

    @Test
    void decodesBytesArrivingOneAtATime() {
        String encoded = "5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: v\r\n\r\n";
        ChunkedDecoder d = new ChunkedDecoder(1 << 20, 1024);
        Collected out = new Collected();
        int r = ChunkedDecoder.NEED_MORE;
        for (byte b : encoded.getBytes(StandardCharsets.ISO_8859_1)) {
            assertEquals(ChunkedDecoder.NEED_MORE, r);
            r = d.decode(ByteBuffer.wrap(new byte[] {b}), out);
        }
        assertEquals(ChunkedDecoder.DONE, r);
        assertEquals("hello world", out.text());
    }

    @Test
    void refusesSizesThatAreNotHex() {
        for (String size : List.of("g", "0x5", "+5", "-5", " 5", "", "5 ", "5\t")) {
            assertError(400, size + "\r\nhello\r\n0\r\n\r\n");
        }
    }

    @Test
    void refusesOverlongSizes() {
        assertError(400, "0".repeat(17) + "5\r\nhello\r\n0\r\n\r\n");
        assertError(400, "fffffffffffffffff\r\n");
    }

    @Test
    void refusesDataLongerThanItsSize() {
        assertError(400, "3\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void refusesCrWithoutLf() {
        assertError(400, "5\rhello\r\n0\r\n\r\n");
        assertError(400, "5\r\nhello\rX0\r\n\r\n");
        assertError(400, "5;ext\rx\nhello\r\n0\r\n\r\n");
        assertError(400, "5\r\nhello\r\n0\r\n\rx");
    }

    @Test
    void refusesControlCharactersInExtensionsAndTrailers() {
        assertError(400, "5;a\u0000b\r\nhello\r\n0\r\n\r\n");
        assertError(400, "5\r\nhello\r\n0\r\nX: a\u0001\r\n\r\n");
    }

    @Test
    void boundsExtensionLength() {
        assertError(400, "5;" + "x".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES + 1) + "\r\n");
    }

    @Test
    void answers413WhenTheBodyExceedsTheLimit() {
        assertError(413, "50\r\n" + "a".repeat(80) + "\r\n50\r\n");
        assertError(413, "ffffffff\r\n");
    }

    @Test
    void answers431WhenTrailersExceedTheLimit() {
        assertError(431, "0\r\nX: " + "a".repeat(100) + "\r\n\r\n");
    }

    @Test
    void canBeResetForAnotherBody() {
        ChunkedDecoder d = new ChunkedDecoder(1 << 20, 1024);
        Collected out = new Collected();
        assertEquals(ChunkedDecoder.DONE, d.decode(bytes("1\r\na\r\n0\r\n\r\n"), out));
        d.reset();
        assertEquals(ChunkedDecoder.DONE, d.decode(bytes("1\r\nb\r\n0\r\n\r\n"), out));
        assertEquals("ab", out.text());
    }
}
