package dev.squall.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the chunked decoder over seeded random bodies: whatever the chunk sizes, extensions, trailers,
 * hex spelling and the points where the input is split (down to one byte per call), the decoded bytes equal
 * the body and the bytes after it are left alone; and a framing broken in a way the grammar never allows is
 * always refused, however it is split. The seed is printed in every failure, so a failure can be replayed.
 */
class ChunkedDecoderPropertyTest {
    private static final long SEED = 0x5eed_c0dec_11L;
    private static final int CASES = 800;
    private static final byte[] NEXT = "GET /next HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** An encoded body and where its framing line ends are (the index of each framing CR). */
    record Encoded(byte[] body, byte[] bytes, List<Integer> crs, List<Integer> sizeStarts, List<Integer> dataEnds) {}

    static Encoded encode(Random rnd, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> crs = new ArrayList<>();
        List<Integer> sizeStarts = new ArrayList<>();
        List<Integer> dataEnds = new ArrayList<>();
        int off = 0;
        while (true) {
            int n = off == body.length ? 0 : 1 + rnd.nextInt(Math.min(body.length - off, rnd.nextBoolean() ? 8 : 2000));
            sizeStarts.add(out.size());
            String hex = Integer.toHexString(n);
            hex = rnd.nextBoolean() ? hex : hex.toUpperCase();
            int zeros = rnd.nextInt(4) == 0 ? rnd.nextInt(ChunkedDecoder.MAX_SIZE_DIGITS - hex.length() + 1) : 0;
            write(out, "0".repeat(zeros) + hex);
            if (rnd.nextInt(4) == 0) {
                write(
                        out,
                        (rnd.nextBoolean() ? "" : " \t ".substring(rnd.nextInt(3))) + ";name=value"
                                + (rnd.nextBoolean() ? ";flag" : ";q=\"a b\""));
            }
            crs.add(out.size());
            write(out, "\r\n");
            if (n == 0) {
                break;
            }
            out.write(body, off, n);
            off += n;
            dataEnds.add(out.size());
            crs.add(out.size());
            write(out, "\r\n");
        }
        for (int t = rnd.nextInt(3); t > 0; t--) {
            write(out, "X-Trailer-" + t + ": v" + t);
            crs.add(out.size());
            write(out, "\r\n");
        }
        crs.add(out.size());
        write(out, "\r\n");
        return new Encoded(body, out.toByteArray(), crs, sizeStarts, dataEnds);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code input} in random pieces (or one byte at a time), presenting unconsumed bytes again. */
    static Result feed(Random rnd, byte[] input, boolean pull) {
        ChunkedDecoder d = new ChunkedDecoder(1 << 24, 1024);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        ChunkedDecoder.Output sink = (src, n) -> {
            byte[] b = new byte[n];
            src.get(b);
            decoded.writeBytes(b);
        };
        boolean oneByte = rnd.nextInt(4) == 0;
        ByteBuffer pending = ByteBuffer.allocate(0);
        int off = 0;
        while (true) {
            int n = Math.min(input.length - off, oneByte ? 1 : 1 + rnd.nextInt(64));
            ByteBuffer buf = ByteBuffer.allocate(pending.remaining() + n);
            buf.put(pending).put(input, off, n).flip();
            off += n;
            int r;
            if (pull) {
                while ((r = d.next(buf)) == ChunkedDecoder.DATA) {
                    sink.write(buf, d.dataLength());
                }
            } else {
                r = d.decode(buf, sink);
            }
            if (r != ChunkedDecoder.NEED_MORE) {
                byte[] rest = new byte[buf.remaining()];
                buf.get(rest);
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                after.writeBytes(rest);
                after.write(input, off, input.length - off);
                return new Result(r, decoded.toByteArray(), after.toByteArray(), d.errorMessage());
            }
            if (off == input.length) {
                return new Result(r, decoded.toByteArray(), new byte[0], "");
            }
            pending = buf;
        }
    }

    record Result(int status, byte[] decoded, byte[] after, String error) {}

    private static byte[] randomBody(Random rnd) {
        byte[] body = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 40 : 6000)];
        rnd.nextBytes(body); // CR, LF and hex digits included: data is never read as framing
        return body;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void decodesEveryValidFramingToTheBodyWhateverTheSplits() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random rnd = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                Encoded e = encode(rnd, randomBody(rnd));
                boolean pull = rnd.nextBoolean();
                Result r = feed(rnd, concat(e.bytes(), NEXT), pull);
                String why = "case " + i + " of seed " + SEED + (pull ? " (pull)" : " (decode)") + ": "
                        + HexFormat.of().formatHex(e.bytes(), 0, Math.min(e.bytes().length, 200)) + " " + r.error();
                assertEquals(ChunkedDecoder.DONE, r.status(), why);
                assertArrayEquals(e.body(), r.decoded(), why);
                assertArrayEquals(NEXT, r.after(), "the next request is left alone; " + why);
            }
        });
    }

    @Test
    void refusesEveryBrokenFramingWhateverTheSplits() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random rnd = new Random(SEED + 1);
            for (int i = 0; i < CASES; i++) {
                Encoded e = encode(rnd, randomBody(rnd));
                byte[] broken = e.bytes().clone();
                int kind = rnd.nextInt(4);
                String what;
                switch (kind) {
                    case 0 -> { // a bare LF ends a framing line (issue 11.3)
                        int cr = e.crs().get(rnd.nextInt(e.crs().size()));
                        broken = concat(
                                java.util.Arrays.copyOf(broken, cr),
                                java.util.Arrays.copyOfRange(broken, cr + 1, broken.length));
                        what = "bare LF at " + cr;
                    }
                    case 1 -> { // a CR not followed by LF
                        int cr = e.crs().get(rnd.nextInt(e.crs().size()));
                        broken[cr + 1] = (byte) "x\r;0 ".charAt(rnd.nextInt(5));
                        what = "CR without LF at " + cr;
                    }
                    case 2 -> { // a size that does not start with a hex digit
                        int at = e.sizeStarts().get(rnd.nextInt(e.sizeStarts().size()));
                        broken[at] = (byte) "gxG-+ ;\r\n\t".charAt(rnd.nextInt(10));
                        what = "non-hex size at " + at;
                    }
                    default -> { // chunk data longer than its size
                        if (e.dataEnds().isEmpty()) {
                            continue;
                        }
                        int end = e.dataEnds().get(rnd.nextInt(e.dataEnds().size()));
                        byte extra = (byte) rnd.nextInt(256);
                        broken = concat(
                                concat(java.util.Arrays.copyOf(broken, end), new byte[] {extra}),
                                java.util.Arrays.copyOfRange(broken, end, broken.length));
                        what = "one byte more data at " + end;
                    }
                }
                for (boolean pull : new boolean[] {false, true}) {
                    Result r = feed(rnd, concat(broken, NEXT), pull);
                    if (r.status() != ChunkedDecoder.ERROR) {
                        fail("case " + i + " of seed " + SEED + " (" + what + ", " + (pull ? "pull" : "decode")
                                + ") was not refused: "
                                + HexFormat.of().formatHex(broken, 0, Math.min(broken.length, 200)));
                    }
                }
            }
        });
    }
}
