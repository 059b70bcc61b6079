package dev.squall.http;

import dev.squall.benchmarks.ShortRun;
import dev.squall.loop.Clock;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The response side of a request: what {@link Http1ServerResponse#end(int, HttpHeaders, byte[])} does before
 * it hands the bytes to the stream — {@link Http1ResponseEncoder#encodeHead} into the loop's scratch
 * {@link ByteSink} (status line, the application's headers, {@code Date} from the per-second cache,
 * {@code Server}, {@code Content-Length}), then the small body copied behind the head — for the load
 * harness's plaintext and JSON answers, with the {@code hello} sample's header sets.
 *
 * <p>What {@code end()} adds on a real connection is one copy of these bytes into the stream's write buffer
 * and two small objects (the request and the response); the socket write happens once per read batch, not
 * per response. Run with {@code -prof gc}: the encoder itself should allocate nothing per response.
 *
 * <pre>{@code benchmarks/jmh.sh Http1ResponseEncoderBenchmark -prof gc}</pre>
 *
 * <p>In package {@code dev.squall.http} (a split package on the benchmarks' class path) to reach the
 * package-private encoder.
 */
public class Http1ResponseEncoderBenchmark extends ShortRun {
    private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII);

    private final HttpHeaders textHeaders = new HttpHeaders(2).set("Content-Type", "text/plain");
    private final HttpHeaders jsonHeaders = new HttpHeaders(2).set("Content-Type", "application/json");
    private final Http1ResponseEncoder encoder = new Http1ResponseEncoder(Clock.SYSTEM, HttpServer.SERVER_HEADER);
    private final ByteSink scratch = new ByteSink(4096);

    /** Checks that both responses come out as a keep-alive head with a Content-Length and the body. */
    @Setup
    public void setUp() {
        check(plaintext(), PLAINTEXT);
        check(json(), JSON);
    }

    private void check(int size, byte[] body) {
        String response = new String(scratch.array(), 0, size, StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 200 OK\r\n")
                || !encoder.keepAlive()
                || encoder.framing() != Http1ResponseEncoder.FRAMING_LENGTH
                || !response.contains("\r\nContent-Length: " + body.length + "\r\n")
                || !response.endsWith("\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1))) {
            throw new IllegalStateException("unexpected response:\n" + response);
        }
    }

    private int end(HttpHeaders headers, byte[] body) {
        ByteSink out = scratch;
        out.reset();
        encoder.encodeHead(out, 200, null, headers, body.length, false, true, true);
        out.write(body);
        return out.size();
    }

    /**
     * {@code 200 OK}, {@code Content-Type: text/plain}, {@code Hello, World!}.
     *
     * @return the response's size in bytes (for the blackhole)
     */
    @Benchmark
    public int plaintext() {
        return end(textHeaders, PLAINTEXT);
    }

    /**
     * {@code 200 OK}, {@code Content-Type: application/json}, {@code {"message":"Hello, World!"}} (already
     * serialised: the JSON library's work is the application's, not the server's).
     *
     * @return the response's size in bytes (for the blackhole)
     */
    @Benchmark
    public int json() {
        return end(jsonHeaders, JSON);
    }
}
