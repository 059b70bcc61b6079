package dev.squall.benchmarks;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.loop.IOLoop;
import dev.squall.samples.hello.Fortune;
import dev.squall.samples.hello.HelloApp;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A Fortunes page (TechEmpower's: a layout around a table of 13 rows, escaped, sorted per request) rendered
 * through the handler — {@code GET /fortunes} of the {@code hello} sample, its jte templates precompiled,
 * including routing, the handler, the {@code page} namespace and the ETag — against the same page rendered
 * by Pebble (layout by {@code extends}/{@code block}, autoescaping on) to UTF-8 bytes, which is only the
 * template's share of the work.
 *
 * <pre>{@code benchmarks/jmh.sh TemplateBenchmark -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 *
 * <p>The benchmark thread stands in for the loop thread, as {@link HandlerBenchmark} describes.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TemplateBenchmark extends HandlerBenchmark {
    private final HttpHandler app = HelloApp.app(false);
    private final PebbleTemplate pebble = new PebbleEngine.Builder().build().getTemplate("pebble/fortunes.peb");
    private @Nullable HttpServerRequest fortunes;

    /** Creates the state. */
    public TemplateBenchmark() {
        super("template-benchmark");
    }

    /** Builds the request and checks that both pages have 13 escaped rows. */
    @Override
    void prepare(IOLoop loop) throws Exception {
        fortunes = request(loop, "/fortunes", new HttpHeaders(2).set("Host", "127.0.0.1:18080"));
        int squall = squallHandlerRender();
        String peb = new String(pebbleRender(), StandardCharsets.UTF_8);
        if (response.status != 200
                || squall < 1000
                || !peb.contains("&lt;script&gt;")
                || peb.split("<tr>").length != 15) {
            throw new IllegalStateException("the pages differ from what is measured: " + response.status + ", " + squall
                    + " bytes; pebble: " + peb);
        }
    }

    /**
     * {@code GET /fortunes} through the application: route, handler, jte render, response.
     *
     * @return the body length
     * @throws Exception never
     */
    @Benchmark
    public int squallHandlerRender() throws Exception {
        return run(app, fortunes);
    }

    /**
     * The same page with Pebble, to bytes (the fortunes sorted per call, as the handler does).
     *
     * @return the page
     * @throws IOException never: the writer is in memory
     */
    @Benchmark
    public byte[] pebbleRender() throws IOException {
        StringWriter out = new StringWriter(2048);
        pebble.evaluate(out, Map.of("fortunes", Fortune.forRequest(), "lang", "en_US"));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
