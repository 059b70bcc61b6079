package dev.squall.benchmarks;

import dev.squall.async.Coroutines;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import dev.squall.samples.styles.StylesSample;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The loop thread's CPU time per request of each handler style, in process — what
 * {@link HandlerStylesBenchmark} measures, read in a way that survives a machine shared with other builds:
 * rounds of {@code N} requests per route, the routes interleaved round after round, the loop thread's own CPU
 * time ({@link ThreadMXBean#getThreadCpuTime}) per round, the first third of the rounds discarded as warm-up,
 * then the minimum, first quartile and median per route.
 *
 * <pre>{@code
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.squall.benchmarks.HandlerStylesCpu \
 *     plain/plaintext,coroutine/plaintext,suspend/plaintext,async/wait,coroutine/wait,suspend/wait 20000 30
 * }</pre>
 *
 * <p>Without the flag (or with {@code -Dsquall.coroutines=handoff}) Java coroutines use the hand-off; then
 * their own threads' CPU is not counted, so the figure is a lower bound.
 */
public final class HandlerStylesCpu {
    private HandlerStylesCpu() {}

    /**
     * Runs the measurement and prints one line per route.
     *
     * @param args routes (comma-separated, from the {@code styles} sample), requests per round, rounds
     * @throws Exception if a request fails or a round takes over a minute
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HandlerStylesCpu ROUTE[,ROUTE...] REQUESTS_PER_ROUND ROUNDS");
            System.exit(2);
        }
        String[] routes = args[0].split(",");
        int requests = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        IOLoop loop = IOLoop.builder().name("styles-cpu").daemon(true).build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long loopThread = LoopInternals.thread(loop).threadId();
        Map<String, HandlerStylesBenchmark.Batch> batches = new LinkedHashMap<>();
        for (String route : routes) {
            HttpServerRequest request =
                    HandlerBenchmark.request(loop, "/" + route, new HttpHeaders(2).set("Host", "127.0.0.1"));
            batches.put(route, new HandlerStylesBenchmark.Batch(StylesSample.app(), request));
        }
        Map<String, List<Double>> nanosPerRequest = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, HandlerStylesBenchmark.Batch> e : batches.entrySet()) {
                long before = threads.getThreadCpuTime(loopThread);
                CompletableFuture<Integer> done = new CompletableFuture<>();
                loop.execute(() -> e.getValue().start(requests, done));
                done.get(60, TimeUnit.SECONDS);
                long after = threads.getThreadCpuTime(loopThread);
                if (round >= rounds / 3) {
                    nanosPerRequest
                            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add((after - before) / (double) requests);
                }
            }
        }
        loop.close();
        System.out.println("coroutines on the loop thread: " + Coroutines.runOnLoopThread());
        for (Map.Entry<String, List<Double>> e : nanosPerRequest.entrySet()) {
            List<Double> v = e.getValue();
            Collections.sort(v);
            System.out.printf(
                    "%-22s min %7.0f  p25 %7.0f  median %7.0f ns per request (loop thread CPU)%n",
                    e.getKey(), v.get(0), v.get(v.size() / 4), v.get(v.size() / 2));
        }
    }
}
