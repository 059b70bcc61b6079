package dev.squall.benchmarks;

import dev.squall.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link HttpHeaders} on the request path: filling a typical browser request's eight headers, and the lookups
 * the server makes on every request (a present header in any case, an absent one, a token in
 * {@code Connection}).
 *
 * <pre>{@code benchmarks/jmh.sh HttpHeadersBenchmark}</pre>
 */
public class HttpHeadersBenchmark extends ShortRun {
    private static final String[][] REQUEST = {
        {"Host", "localhost:8888"},
        {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
        {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
        {"Accept-Language", "en-GB,en;q=0.5"},
        {"Accept-Encoding", "gzip, deflate, br"},
        {"Cookie", "session=2|1:0|10:1700000000|7:session|8:c3F1YWxs|abcdef0123456789"},
        {"Upgrade-Insecure-Requests", "1"},
        {"Connection", "keep-alive"},
    };

    private HttpHeaders headers = new HttpHeaders();

    /** Builds the request headers that the lookups read. */
    @Setup
    public void setUp() {
        headers = fill();
    }

    private static HttpHeaders fill() {
        HttpHeaders h = new HttpHeaders();
        for (String[] header : REQUEST) {
            h.add(header[0], header[1]);
        }
        return h;
    }

    /** Eight {@code add} calls into an empty set, as a parser that uses the public API would. */
    @Benchmark
    public HttpHeaders addEightHeaders() {
        return fill();
    }

    /** {@code set} replacing a value in the middle of the set. */
    @Benchmark
    public HttpHeaders setExisting() {
        return headers.set("Accept-Encoding", "identity");
    }

    /** The last header, asked for in lower case. */
    @Benchmark
    public @Nullable String getPresentOtherCase() {
        return headers.get("connection");
    }

    /** A header the request does not have: every entry is compared. */
    @Benchmark
    public @Nullable String getAbsent() {
        return headers.get("Content-Length");
    }

    /** The keep-alive check the server makes on every request. */
    @Benchmark
    public boolean containsKeepAliveToken() {
        return headers.containsToken("Connection", "keep-alive");
    }
}
