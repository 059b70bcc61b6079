package dev.squall.benchmarks;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.loop.IOLoop;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import dev.squall.web.SignedValues;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What reading one signed cookie adds to a request (issue 13 wants at most about 2 µs of CPU): the same
 * request, carrying a {@code Cookie} header with a signed {@code user} cookie and a second plain cookie, through
 * an {@code Application} whose handler writes a constant ({@link #noCookieRead}) or the signed cookie's verified
 * value ({@link #oneSignedCookie}, same length). The difference is parsing the {@code Cookie} header, the
 * HMAC-SHA256 check and the base64 decode. Set up as {@link HandlerBenchmark} describes.
 *
 * <pre>{@code benchmarks/jmh.sh SignedCookieBenchmark -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 */
public class SignedCookieBenchmark extends HandlerBenchmark {
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
    private @Nullable HttpServerRequest plain;
    private @Nullable HttpServerRequest signed;

    /** Creates the state. */
    public SignedCookieBenchmark() {
        super("signed-cookie-benchmark");
    }

    /** Builds the requests, with a cookie signed now, and checks both answers. */
    @Override
    void prepare(IOLoop loop) throws Exception {
        String cookie = "theme=dark; user=\""
                + SignedValues.of(SECRET).sign("user", "hello", loop.clock().currentTimeMillis() / 1000) + "\"";
        HttpServerRequest p = request(loop, "/plain", cookie);
        HttpServerRequest s = request(loop, "/signed", cookie);
        plain = p;
        signed = s;
        check(app, p, 5, "");
        check(app, s, 5, " (is the signed cookie valid?)");
    }

    private static HttpServerRequest request(IOLoop loop, String path, String cookie) {
        HttpHeaders headers = new HttpHeaders(2).set("Host", "127.0.0.1:18080").set("Cookie", cookie);
        return request(loop, path, headers);
    }

    /**
     * The request with the cookies, not reading them.
     *
     * @return the body length, for the blackhole
     * @throws Exception never: the application answers both requests
     */
    @Benchmark
    public int noCookieRead() throws Exception {
        return run(app, plain);
    }

    /**
     * The same request, reading and verifying the signed cookie.
     *
     * @return the body length, for the blackhole
     * @throws Exception never: the application answers both requests
     */
    @Benchmark
    public int oneSignedCookie() throws Exception {
        return run(app, signed);
    }
}
