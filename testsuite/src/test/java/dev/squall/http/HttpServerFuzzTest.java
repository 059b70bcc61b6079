package dev.squall.http;

import static dev.squall.fixtures.TestBytes.splice;
import static dev.squall.http.Raw.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.RawConnection;
import dev.squall.testing.ServerOptions;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The socket sample of the request fuzzing ({@code RequestFuzzTest} in the framework drives 200,000 cases in
 * memory): seeded mutations of valid requests, sent over real connections whole or in two writes, then the
 * client's side shut. The server must answer with well-formed responses and close — never hang, never leave a
 * callback exception on the loop (the harness fails the test for one) — and still serve afterwards.
 */
@SquallTest
class HttpServerFuzzTest {
    private static final long SEED = 0xF0220L;
    private static final int CASES = 300;
    private static final String[] TEMPLATES = {
        "GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h:8080\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET http://127.0.0.1/echo HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.0\r\n\r\n",
    };
    private static final byte[] INTERESTING = {'\r', '\n', ' ', ':', ',', '0', '9', '#', '@', '"', 0, (byte) 0xFF};

    static HttpHandler app() {
        return Routes::handle;
    }

    @ServerOptions
    static void options(HttpServer.Builder server) {
        server.maxBodyBytes(64 * 1024).maxHeaderBytes(4096);
    }

    @Test
    @SquallTimeout(30)
    void mutatedRequestsGetWellFormedResponsesAndACloseAndTheServerLives(HttpServer server) {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            byte[] b = TEMPLATES[random.nextInt(TEMPLATES.length)].getBytes(StandardCharsets.ISO_8859_1);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(3)) {
                    case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> b = splice(b, at, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                    default -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(3)), new byte[0]);
                }
            }
            try (RawConnection c = RawConnection.open(server.port())) {
                int cut = random.nextInt(b.length + 1);
                c.send(java.util.Arrays.copyOfRange(b, 0, cut)).send(java.util.Arrays.copyOfRange(b, cut, b.length));
                c.shutdownOutput();
                String answer = new String(c.readUntilClose(), StandardCharsets.ISO_8859_1);
                assertWellFormed(answer, i, b);
            }
        }
        try (RawConnection c = RawConnection.open(server.port())) {
            expect(200, c.send(Raw.get("/hello")).readResponse());
        }
    }

    /** Each response is a status line with a known version and a three-digit code, then headers ending in CRLFCRLF. */
    private static void assertWellFormed(String answer, int i, byte[] request) {
        String why = "case " + i + " (seed " + SEED + "): " + printable(request) + "\n-> " + answer;
        int p = 0;
        while (p < answer.length()) {
            assertTrue(
                    answer.startsWith("HTTP/1.", p)
                            && answer.length() >= p + 12
                            && Character.isDigit(answer.charAt(p + 9))
                            && answer.charAt(p + 12) == ' ',
                    why);
            int end = answer.indexOf("\r\n\r\n", p);
            assertTrue(end > 0, why);
            String head = answer.substring(p, end).toLowerCase();
            int cl = head.indexOf("\r\ncontent-length: ");
            if (cl >= 0) {
                int eol = head.indexOf("\r\n", cl + 2);
                int length = Integer.parseInt(
                        head.substring(cl + 18, eol < 0 ? head.length() : eol).strip());
                p = end + 4 + length;
            } else if (head.contains("transfer-encoding: chunked")) {
                int last = answer.indexOf("\r\n0\r\n\r\n", end);
                assertTrue(last > 0, why);
                p = last + 7;
            } else {
                p = answer.length(); // close-delimited, or no body (HEAD is not among the templates)
            }
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            sb.append(
                    c == '\r'
                            ? "\\r"
                            : c == '\n'
                                    ? "\\n"
                                    : c < 0x20 || c >= 0x7F ? String.format("\\x%02x", c) : String.valueOf((char) c));
        }
        return sb.toString();
    }
}
