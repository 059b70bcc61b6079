package dev.squall.benchmarks;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.loop.IOLoop;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.web.SignedValues;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What reading one signed cookie adds to a request (issue 13 wants at most about 2 µs of CPU): the same
 * request, carrying a {@code Cookie} header with a signed {@code user} cookie and a second plain cookie, through
 * an {@code Application} whose handler writes a constant ({@link #noCookieRead}) or the signed cookie's verified
 * value ({@link #oneSignedCookie}, same length). The difference is parsing the {@code Cookie} header, the
 * HMAC-SHA256 check and the base64 decode. Set up as {@link WebLayerBenchmark}.
 *
 * <pre>{@code benchmarks/jmh.sh SignedCookieBenchmark -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 */
public class SignedCookieBenchmark extends ShortRun {
    private static final String SECRET = "a benchmark secret of a sensible length, 32+ bytes";

    /** Writes a constant of the signed value's length. */
    public static final class Plain extends RequestHandler {
        @Override
        public void get() {
            write("hello");
        }
    }

    /** Writes the signed cookie's value. */
    public static final class Signed extends RequestHandler {
        @Override
        public void get() {
            String user = getSignedCookie("user");
            write(user != null ? user : "nobody");
        }
    }

    private final Application app = Application.builder()
            .cookieSecret(SECRET)
            .route("/plain", Plain::new)
            .route("/signed", Signed::new)
            .logFunction(h -> {})
            .build();
    private final WebLayerBenchmark.RecordingResponse response = new WebLayerBenchmark.RecordingResponse();
    private @Nullable IOLoop loop;
    private @Nullable HttpServerRequest plain;
    private @Nullable HttpServerRequest signed;

    /** Starts a loop, makes this thread its delegate, builds the requests and checks both answers. */
    @Setup
    public void setUp() throws Exception {
        IOLoop l = WebLayerBenchmark.delegatedLoop("signed-cookie-benchmark");
        loop = l;
        String cookie = "theme=dark; user=\""
                + SignedValues.of(SECRET).sign("user", "hello", l.clock().currentTimeMillis() / 1000) + "\"";
        plain = request(l, "/plain", cookie);
        signed = request(l, "/signed", cookie);
        check(plain);
        check(signed);
    }

    /** Stops the loop. */
    @TearDown
    public void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private static HttpServerRequest request(IOLoop loop, String path, String cookie) {
        HttpHeaders headers = new HttpHeaders(2).set("Host", "127.0.0.1:18080").set("Cookie", cookie);
        return WebLayerBenchmark.request(loop, path, headers);
    }

    private void check(HttpServerRequest request) {
        response.reset();
        app.handle(request, response);
        if (response.status != 200 || response.bodyLength != 5) {
            throw new IllegalStateException(request.path() + " answered " + response.status + " with "
                    + response.bodyLength + " bytes, expected 200 and 5 (is the signed cookie valid?)");
        }
    }

    private int run(@Nullable HttpServerRequest request) {
        WebLayerBenchmark.RecordingResponse r = response;
        r.reset();
        app.handle(Objects.requireNonNull(request, "made in @Setup"), r);
        return r.bodyLength;
    }

    /**
     * The request with the cookies, not reading them.
     *
     * @return the body length, for the blackhole
     */
    @Benchmark
    public int noCookieRead() {
        return run(plain);
    }

    /**
     * The same request, reading and verifying the signed cookie.
     *
     * @return the body length, for the blackhole
     */
    @Benchmark
    public int oneSignedCookie() {
        return run(signed);
    }
}
