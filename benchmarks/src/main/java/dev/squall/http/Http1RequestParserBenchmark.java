package dev.squall.http;

import dev.squall.benchmarks.ShortRun;
import dev.squall.internal.http.Http1HeadParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Http1RequestParser}, the server's per-request parsing, on the requests a server sees most: what
 * {@code wrk} sends in the plaintext test, what a browser sends, and sixteen wrk requests pipelined in one
 * read.
 *
 * <p>As on a keep-alive connection, one parser parses the same request over and over (so its reuse of
 * repeated target and header-value strings is part of what is measured), from a direct buffer as
 * {@code IOStream} hands it over. Every operation ends with a complete head; {@link #setUp()} checks that the
 * bytes parse, so the numbers never measure an error path. Run with {@code -prof gc} for the bytes each
 * request allocates ({@code gc.alloc.rate.norm}).
 *
 * <pre>{@code benchmarks/jmh.sh Http1RequestParserBenchmark -prof gc}</pre>
 *
 * <p>In package {@code dev.squall.http} (a split package on the benchmarks' class path) to reach the
 * package-private parser.
 */
public class Http1RequestParserBenchmark extends ShortRun {
    /** Requests per buffer in {@link #pipelined16()}, as the load harness's pipelined test sends them. */
    static final int PIPELINE_DEPTH = 16;

    /** What {@code wrk -t1 -c256 http://127.0.0.1:18080/plaintext} writes: the start line and Host only. */
    static final String WRK_PLAINTEXT = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n";

    /** A desktop browser's navigation request: thirteen fields, cookies included (709 bytes). */
    static final String BROWSER = "GET /story/1234?ref=front HTTP/1.1\r\n"
            + "Host: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
            + "Accept-Language: en-GB,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Referer: https://www.example.com/\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: _xsrf=2|6a1b2c3d|0123456789abcdef0123456789abcdef|1700000000; "
            + "session=2|1:0|10:1700000000|7:session|8:c3F1YWxs|abcdef0123456789abcdef0123456789; "
            + "theme=dark; consent=analytics%3Dfalse%26ads%3Dfalse\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Priority: u=0, i\r\n"
            + "\r\n";

    private final Http1RequestParser parser = new Http1RequestParser(HttpServer.DEFAULT_MAX_HEADER_BYTES);
    private ByteBuffer wrk = ByteBuffer.allocate(0);
    private ByteBuffer browser = ByteBuffer.allocate(0);
    private ByteBuffer pipelined = ByteBuffer.allocate(0);

    /** Loads the requests into direct buffers and checks that each parses completely. */
    @Setup
    public void setUp() {
        wrk = direct(WRK_PLAINTEXT);
        browser = direct(BROWSER);
        pipelined = direct(WRK_PLAINTEXT.repeat(PIPELINE_DEPTH));
        check(wrk, 1);
        check(browser, 1);
        check(pipelined, PIPELINE_DEPTH);
    }

    private static ByteBuffer direct(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private void check(ByteBuffer buf, int requests) {
        buf.rewind();
        for (int i = 0; i < requests; i++) {
            int r = parser.parse(buf);
            if (r != Http1HeadParser.DONE) {
                throw new IllegalStateException("benchmark request " + (i + 1) + " did not parse: " + r + " "
                        + parser.errorStatus() + " " + parser.errorMessage());
            }
        }
        if (buf.hasRemaining()) {
            throw new IllegalStateException(buf.remaining() + " bytes left after " + requests + " request(s)");
        }
        buf.rewind();
    }

    /**
     * Parses wrk's plaintext request.
     *
     * @return the parsed headers (for the blackhole)
     */
    @Benchmark
    public HttpHeaders wrkPlaintext() {
        ByteBuffer buf = wrk;
        buf.rewind();
        parser.parse(buf);
        return parser.headers();
    }

    /**
     * Parses the browser-like request with thirteen fields and cookies.
     *
     * @return the parsed headers (for the blackhole)
     */
    @Benchmark
    public HttpHeaders browser() {
        ByteBuffer buf = browser;
        buf.rewind();
        parser.parse(buf);
        return parser.headers();
    }

    /**
     * Parses sixteen pipelined wrk requests from one buffer, as one read of the pipelined test delivers them.
     * Scores are per request ({@link OperationsPerInvocation}).
     *
     * @return the number of heads parsed (for the blackhole)
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE_DEPTH)
    public int pipelined16() {
        ByteBuffer buf = pipelined;
        buf.rewind();
        int heads = 0;
        while (buf.hasRemaining() && parser.parse(buf) == Http1HeadParser.DONE) {
            heads++;
        }
        return heads;
    }
}
