package dev.squall.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.loop.IOLoop;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's side of {@code client-load.sh}: keeps {@code --concurrency} GETs of {@code --url} in flight over
 * keep-alive connections for a warm-up and then a measured period, and prints one line:
 * {@code client=squall rps=41234 cpu_us_per_req=23.4 alloc_bytes_per_req=900 errors=0}.
 *
 * <p>The three clients are driven the same way: one request object built once and sent again and again, a
 * new request issued from the completion of the previous one, on the client's own thread(s):
 * <ul>
 *   <li>{@code squall}: {@link AsyncHttpClient} on one {@link IOLoop}, maxClients and maxConnectionsPerHost
 *       equal to the concurrency;</li>
 *   <li>{@code vertx}: Vert.x 5 {@link WebClient} on one event loop (Netty's native epoll transport when it
 *       loads), its HTTP/1 pool sized to the concurrency;</li>
 *   <li>{@code jdk}: {@link HttpClient} (HTTP/1.1) with its default executor, {@code sendAsync}.</li>
 * </ul>
 * CPU per request is the process's CPU time over the measured period divided by the requests completed in
 * it, so it stays meaningful when the server, not the client, limits the rate; allocation per request is the
 * bytes all threads allocated in that period over the same count.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.ClientThroughput \
 *     --client=squall --url=http://127.0.0.1:18080/plaintext --concurrency=64 --warmup=5 --duration=10
 * }</pre>
 */
public final class ClientThroughput {
    static {
        System.setProperty("vertx.disableContextTimings", "true");
        System.setProperty("vertx.threadChecks", "false");
    }

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean stopping;

    private ClientThroughput() {}

    /**
     * Runs one client.
     *
     * @param args {@code --client=squall|vertx|jdk --url=URL [--concurrency=64] [--warmup=5] [--duration=10]}
     * @throws Exception if the client cannot run
     */
    public static void main(String[] args) throws Exception {
        String client = null;
        String url = null;
        int concurrency = 64;
        int warmupSeconds = 5;
        int durationSeconds = 10;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--client=")) {
                client = value;
            } else if (arg.startsWith("--url=")) {
                url = value;
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup=")) {
                warmupSeconds = Integer.parseInt(value);
            } else if (arg.startsWith("--duration=")) {
                durationSeconds = Integer.parseInt(value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + "; use --client=squall|vertx|jdk --url=URL --concurrency=N --warmup=S --duration=S");
            }
        }
        if (client == null || url == null) {
            throw new IllegalArgumentException("--client and --url are required");
        }
        ClientThroughput bench = new ClientThroughput();
        Runnable stop = switch (client) {
            case "squall" -> bench.squall(url, concurrency);
            case "vertx" -> bench.vertx(url, concurrency);
            case "jdk" -> bench.jdk(url, concurrency);
            default -> throw new IllegalArgumentException("--client takes squall, vertx or jdk, not " + client);
        };
        Thread.sleep(Duration.ofSeconds(warmupSeconds));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long count0 = bench.completed.get();
        long cpu0 = os.getProcessCpuTime();
        long alloc0 = threads.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(durationSeconds));
        long count1 = bench.completed.get();
        long cpu1 = os.getProcessCpuTime();
        long alloc1 = threads.getTotalThreadAllocatedBytes();
        long t1 = System.nanoTime();
        bench.stopping = true;
        long n = count1 - count0;
        double rps = n / ((t1 - t0) / 1e9);
        double cpuPerRequestUs = n == 0 ? 0 : (cpu1 - cpu0) / 1e3 / n;
        long allocPerRequest = n == 0 || alloc0 < 0 ? 0 : (alloc1 - alloc0) / n;
        System.out.printf(
                Locale.ROOT,
                "client=%s rps=%.0f cpu_us_per_req=%.2f alloc_bytes_per_req=%d errors=%d%n",
                client,
                rps,
                cpuPerRequestUs,
                allocPerRequest,
                bench.errors.get());
        System.out.flush();
        stop.run();
        System.exit(0);
    }

    private void done(boolean ok, Object outcome) {
        if (stopping) {
            return; // requests failed by closing the client at the end do not count
        }
        if (!ok && errors.getAndIncrement() == 0) {
            System.err.println("first error: " + outcome); // the harness keeps stderr for diagnosis
        }
        completed.incrementAndGet();
    }

    // ------------------------------------------------------------------------------------------------

    private Runnable squall(String url, int concurrency) {
        IOLoop loop = IOLoop.builder().name("squall-client").build();
        AsyncHttpClient client = AsyncHttpClient.builder()
                .loop(loop)
                .maxClients(concurrency)
                .maxConnectionsPerHost(concurrency)
                .build();
        dev.squall.httpclient.HttpRequest request = dev.squall.httpclient.HttpRequest.get(url);
        loop.execute(() -> {
            for (int i = 0; i < concurrency; i++) {
                squallNext(client, request);
            }
        });
        return () -> {
            client.close();
            loop.close();
        };
    }

    private void squallNext(AsyncHttpClient client, dev.squall.httpclient.HttpRequest request) {
        client.fetch(request).whenComplete((response, error) -> {
            done(error == null && response.body().size() > 0, error != null ? error : response);
            if (!stopping) {
                squallNext(client, request);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------

    private Runnable vertx(String url, int concurrency) {
        URI uri = URI.create(url);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        vertx.runOnContext(v -> {
            WebClient client = WebClient.create(
                    vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
            io.vertx.ext.web.client.HttpRequest<Buffer> request =
                    client.get(uri.getPort(), uri.getHost(), uri.getRawPath());
            for (int i = 0; i < concurrency; i++) {
                vertxNext(request);
            }
        });
        return vertx::close;
    }

    private void vertxNext(io.vertx.ext.web.client.HttpRequest<Buffer> request) {
        request.send().onComplete(ar -> {
            done(
                    ar.succeeded()
                            && ar.result().statusCode() == 200
                            && ar.result().body() != null
                            && ar.result().body().length() > 0,
                    ar.succeeded() ? ar.result().statusCode() : ar.cause());
            if (!stopping) {
                vertxNext(request);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------

    private Runnable jdk(String url, int concurrency) {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        for (int i = 0; i < concurrency; i++) {
            jdkNext(client, request);
        }
        return client::close;
    }

    private void jdkNext(HttpClient client, HttpRequest request) {
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            done(
                    error == null && response.statusCode() == 200 && response.body().length > 0,
                    error != null ? error : response);
            if (!stopping) {
                jdkNext(client, request);
            }
        });
    }
}
