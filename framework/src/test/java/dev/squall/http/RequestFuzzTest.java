package dev.squall.http;

import static dev.squall.fixtures.TestBytes.splice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.squall.internal.http.ChunkedDecoder;
import dev.squall.internal.http.Http1HeadParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded fuzz test of the request framing: {@value #CASES} requests mutated from valid templates
 * (byte flips, insertions, deletions, duplicated header lines, CR/LF games, huge numbers) are framed in memory
 * the way {@code Http1ServerConnection} frames them — head parser, then a Content-Length or chunked body, then
 * the next pipelined request — once whole and once split at random points. Each must end in requests or a
 * clean error status (never an exception, never a loop without progress), with the same outcome whole and
 * split. A failure names the seed and the case so it can be replayed. The socket-level sample is
 * {@code HttpServerFuzzTest} in the testsuite.
 */
class RequestFuzzTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 200_000;
    private static final int MAX_HEADER_BYTES = 4096;
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Set<Integer> ERROR_STATUSES = Set.of(400, 413, 414, 431, 501, 505);

    private static final String[] TEMPLATES = {
        "GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: fuzz\r\nAccept: */*\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h:8080\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n3\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET http://127.0.0.1:8888/a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
        "PUT /p HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabcOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "\r\nDELETE /x HTTP/1.1\nHost: h\nConnection: close\n\n",
    };
    private static final byte[] INTERESTING = {
        '\r',
        '\n',
        ' ',
        '\t',
        ':',
        ';',
        ',',
        '0',
        '9',
        'a',
        'F',
        '-',
        '+',
        '/',
        '?',
        '#',
        '%',
        '@',
        '[',
        ']',
        '"',
        0,
        0x7F,
        (byte) 0x80,
        (byte) 0xFF
    };
    private static final String[] HUGE = {
        "99999999999999999999",
        "18446744073709551616",
        "-1",
        "+5",
        "0x10",
        "ffffffffffffffffff",
        "1_0",
        "00000000000000000000000005",
        "9223372036854775807"
    };

    @Test
    void mutatedRequestsEndInRequestsOrAnErrorAndFrameTheSameWholeOrSplit() {
        Random random = new Random(SEED);
        long start = System.nanoTime();
        int errors = 0;
        int requests = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input =
                    mutate(random, TEMPLATES[random.nextInt(TEMPLATES.length)].getBytes(StandardCharsets.ISO_8859_1));
            List<byte[]> pieces = split(random, input);
            List<String> whole;
            List<String> parts;
            try {
                whole = frame(List.of(input));
                parts = frame(pieces);
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " (seed " + SEED + ") threw on " + printable(input), t);
            }
            if (!whole.equals(parts)) {
                fail("case " + i + " (seed " + SEED + ") framed differently whole " + whole + " and split " + parts
                        + " at " + sizes(pieces) + ": " + printable(input));
            }
            for (String outcome : whole) {
                if (outcome.startsWith("ERROR ")) {
                    int status = Integer.parseInt(outcome.substring(6, 9));
                    assertTrue(ERROR_STATUSES.contains(status), () -> outcome + " for " + printable(input));
                    errors++;
                } else if (outcome.startsWith("REQUEST ")) {
                    requests++;
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String counts = requests + " requests, " + errors + " errors in " + millis + " ms";
        assertTrue(errors > CASES / 10 && requests > CASES / 10, "the mutations should give both: " + counts);
        System.out.println("RequestFuzzTest: " + CASES + " cases, " + counts);
        assertTrue(millis < 60_000, "the fuzz run took " + millis + " ms; keep it well under a minute");
    }

    /** Frames {@code pieces} as a connection would and returns what came out: requests, an error, or leftovers. */
    static List<String> frame(List<byte[]> pieces) {
        Http1RequestParser parser = new Http1RequestParser(MAX_HEADER_BYTES);
        ChunkedDecoder chunked = new ChunkedDecoder(MAX_BODY_BYTES, MAX_HEADER_BYTES);
        List<String> out = new ArrayList<>();
        ByteBuffer pending = ByteBuffer.allocate(0);
        int kind = -1; // -1 head, 1 length, 2 chunked
        long remaining = 0;
        ByteSink body = new ByteSink(64);
        String head = "";
        for (byte[] piece : pieces) {
            ByteBuffer buf = ByteBuffer.allocate(pending.remaining() + piece.length);
            buf.put(pending).put(piece).flip();
            int guard = 0;
            while (buf.hasRemaining()) {
                if (++guard > 10_000) {
                    throw new AssertionError("no progress framing " + printable(piece));
                }
                int before = buf.position();
                if (kind == -1) {
                    int r = parser.parse(buf);
                    if (r == Http1HeadParser.ERROR) {
                        out.add("ERROR " + parser.errorStatus());
                        return out;
                    }
                    if (r == Http1HeadParser.NEED_MORE) {
                        break;
                    }
                    head = parser.method() + " " + parser.target() + " " + parser.version() + " host="
                            + parser.headers().get("Host");
                    body.reset();
                    if (parser.bodyKind() == Http1RequestParser.BODY_LENGTH) {
                        if (parser.contentLength() > MAX_BODY_BYTES) {
                            out.add("ERROR 413");
                            return out;
                        }
                        kind = 1;
                        remaining = parser.contentLength();
                    } else if (parser.bodyKind() == Http1RequestParser.BODY_CHUNKED) {
                        kind = 2;
                        chunked.reset();
                    } else {
                        out.add("REQUEST " + head + " body=0");
                    }
                } else if (kind == 1) {
                    int n = (int) Math.min(remaining, buf.remaining());
                    body.write(buf, n);
                    remaining -= n;
                    if (remaining == 0) {
                        out.add("REQUEST " + head + " body="
                                + Arrays.hashCode(Arrays.copyOf(body.array(), body.size())));
                        kind = -1;
                    }
                } else {
                    int r = chunked.decode(buf, body);
                    if (r == ChunkedDecoder.ERROR) {
                        out.add("ERROR " + chunked.errorStatus());
                        return out;
                    }
                    if (r == ChunkedDecoder.DONE) {
                        out.add("REQUEST " + head + " body="
                                + Arrays.hashCode(Arrays.copyOf(body.array(), body.size())));
                        kind = -1;
                    } else {
                        break;
                    }
                }
                if (buf.position() == before && kind == -1 && buf.hasRemaining()) {
                    // a parse that returned a verdict consumed something; nothing else may stand still
                    continue;
                }
            }
            pending = buf.slice();
        }
        if (kind != -1 || pending.hasRemaining() || parser.isHeadStarted()) {
            out.add("INCOMPLETE");
        }
        return out;
    }

    static byte[] mutate(Random random, byte[] template) {
        byte[] b = template;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0 -> { // flip a bit
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> b = insert(b, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                case 2 -> b = delete(b, at, 1 + random.nextInt(3));
                case 3 -> { // duplicate a line
                    int s = lineStart(b, at);
                    int e = lineEnd(b, at);
                    b = insert(b, s, Arrays.copyOfRange(b, s, e));
                }
                case 4 -> b = replaceAll(b, "\r\n", random.nextBoolean() ? "\n" : "\r"); // CR/LF games
                case 5 ->
                    b = insert(
                            b,
                            at,
                            random.nextBoolean()
                                    ? "\r\n".getBytes(StandardCharsets.ISO_8859_1)
                                    : "\r".getBytes(StandardCharsets.ISO_8859_1));
                case 6 -> { // a huge or odd number in place of a run of digits
                    int d = at;
                    while (d < b.length && (b[d] < '0' || b[d] > '9')) {
                        d++;
                    }
                    int e = d;
                    while (e < b.length && b[e] >= '0' && b[e] <= '9') {
                        e++;
                    }
                    if (d < b.length) {
                        b = splice(b, d, e, HUGE[random.nextInt(HUGE.length)].getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                default -> { // a well-formed request glued on (pipelining)
                    b = insert(
                            b,
                            b.length,
                            TEMPLATES[random.nextInt(TEMPLATES.length)].getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return b;
    }

    static List<byte[]> split(Random random, byte[] input) {
        List<byte[]> pieces = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
            int n = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(Math.max(1, input.length / 3));
            n = Math.min(n, input.length - pos);
            pieces.add(Arrays.copyOfRange(input, pos, pos + n));
            pos += n;
        }
        return pieces;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        return splice(b, at, at, what);
    }

    private static byte[] delete(byte[] b, int at, int n) {
        return splice(b, at, Math.min(b.length, at + n), new byte[0]);
    }

    private static byte[] replaceAll(byte[] b, String from, String to) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int lineStart(byte[] b, int at) {
        int s = Math.min(at, b.length);
        while (s > 0 && b[s - 1] != '\n') {
            s--;
        }
        return s;
    }

    private static int lineEnd(byte[] b, int at) {
        int e = at;
        while (e < b.length && b[e] != '\n') {
            e++;
        }
        return Math.min(b.length, e + 1);
    }

    private static List<Integer> sizes(List<byte[]> pieces) {
        return pieces.stream().map(p -> p.length).toList();
    }

    static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void theFramerSeesAValidPipelineAsItsRequests() {
        byte[] input = (TEMPLATES[1] + TEMPLATES[2]).getBytes(StandardCharsets.ISO_8859_1);
        List<String> out = frame(List.of(input));
        assertEquals(2, out.size(), out::toString);
        assertTrue(out.get(0).startsWith("REQUEST POST /echo"), out::toString);
    }
}
