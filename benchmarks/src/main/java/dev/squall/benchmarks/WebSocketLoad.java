package dev.squall.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * ws.sh's load generator: the SAME client for both servers ({@link SquallWebSocket}, {@link VertxWebSocket}) —
 * vertx-core's WebSocket client on one event loop with Netty's native transport, the cheapest client at hand, so
 * that the server is what runs out of CPU. Everything happens on that one event loop, so the counters need no
 * locks. Loopback only; it stops by itself (and exits with status 3 if a run does not end within a minute of
 * its planned end).
 *
 * <ul>
 *   <li>{@code --mode=broadcast}: {@code --clients=N} (default 1,000) sockets join {@code /broadcast}; the first
 *       also sends: it keeps {@code --window=W} (default 16) broadcasts in flight, the next one leaving when all
 *       N members received an earlier one. Reports messages delivered per second (N per broadcast) and the
 *       server's CPU per delivered message.
 *   <li>{@code --mode=echo}: {@code --clients=K} (default 100) sockets ping-pong on {@code /echo}, one message in
 *       flight each. Reports round trips per second, their p50/p99 in µs and the server's CPU per round trip.
 *   <li>{@code --mode=idle}: opens 200 sockets to warm the server up, reads {@code GET /heap}, opens
 *       {@code --clients=N} (default 10,000) more and leaves them idle, reads {@code GET /heap} again; reports
 *       the heap per idle WebSocket.
 * </ul>
 *
 * <p>Measured runs: {@code --warmup=S} seconds (default 5) whose figures are discarded, then {@code --seconds=S}
 * (default 10); {@code --size=B} bytes per message (default 64); {@code --server-pid=P} to read the server's
 * CPU time ({@code /proc} through {@link ProcessHandle}). The last line of output is {@code RESULT} followed by
 * the figures, which ws.sh parses: {@code RESULT rate cpu_us_per_msg p50_us p99_us client_cpu_us_per_msg}, or
 * {@code RESULT bytes_per_socket} for idle.
 */
public final class WebSocketLoad {
    private static final int CONNECT_CONCURRENCY = 64;
    private static final int WARM_SOCKETS = 200;
    private static final int MAX_LATENCY_US = 1_000_000;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final int port;
    private final int size;
    private final long serverPid;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private WebSocketLoad(Vertx vertx, int port, int clients, int size, long serverPid) {
        this.vertx = vertx;
        this.port = port;
        this.size = size;
        this.serverPid = serverPid;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(clients + WARM_SOCKETS + 16)
                .setConnectTimeout(30_000)
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port));
    }

    /**
     * Runs one measurement and prints its {@code RESULT} line.
     *
     * @param args {@code --mode=broadcast|echo|idle --port=N --clients=N --window=W --size=B --warmup=S --seconds=S
     *     --server-pid=P}
     * @throws Exception if the run fails
     */
    public static void main(String[] args) throws Exception {
        String mode = BenchArgs.value(args, "mode", "broadcast");
        int defaultClients = switch (mode) {
            case "broadcast" -> 1000;
            case "echo" -> 100;
            case "idle" -> 10_000;
            default -> throw new IllegalArgumentException("--mode is broadcast, echo or idle, not " + mode);
        };
        int clients = BenchArgs.intValue(args, "clients", defaultClients);
        int window = BenchArgs.intValue(args, "window", 16);
        int size = BenchArgs.intValue(args, "size", 64);
        int warmup = BenchArgs.intValue(args, "warmup", 5);
        int seconds = BenchArgs.intValue(args, "seconds", 10);
        long serverPid = Long.parseLong(BenchArgs.value(args, "server-pid", "-1"));
        if (size < 10) {
            throw new IllegalArgumentException(
                    "--size must be at least 10 bytes (a sequence number leads each message)");
        }
        System.setProperty("vertx.disableContextTimings", "true");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        WebSocketLoad load = new WebSocketLoad(vertx, BenchArgs.port(args), clients, size, serverPid);
        long deadlineS = warmup + seconds + 60 + clients / 100;
        vertx.runOnContext(v -> {
            switch (mode) {
                case "broadcast" -> load.broadcast(clients, window, warmup, seconds);
                case "echo" -> load.echo(clients, warmup, seconds);
                default -> load.idle(clients);
            }
        });
        try {
            String line = load.result.get(deadlineS, TimeUnit.SECONDS);
            System.out.println(line);
            System.out.flush();
            Runtime.getRuntime().halt(0); // no graceful close of thousands of sockets: the server is stopped next
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("WebSocketLoad: the run did not end within " + deadlineS + " s; giving up");
            Runtime.getRuntime().halt(3);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("WebSocketLoad: " + cause);
            cause.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Broadcast

    private void broadcast(int n, int window, int warmup, int seconds) {
        int[] arrived = new int[window]; // per in-flight broadcast (seq % window): members that received it
        long[] counters = new long[2]; // [0] messages delivered, [1] next sequence number
        boolean[] stopped = {false};
        List<WebSocket> members = new ArrayList<>();
        connectAll("/broadcast", n, i -> text -> {
                    int slot = Integer.parseInt(text, 0, 8, 10) % window;
                    counters[0]++;
                    if (++arrived[slot] == n) {
                        arrived[slot] = 0;
                        if (!stopped[0]) {
                            members.get(0).writeTextMessage(message(counters[1]++));
                        }
                    }
                })
                .onFailure(result::completeExceptionally)
                .onSuccess(sockets -> {
                    members.addAll(sockets);
                    for (int i = 0; i < window; i++) {
                        members.get(0).writeTextMessage(message(counters[1]++));
                    }
                    measure(warmup, seconds, () -> counters[0], () -> stopped[0] = true, null);
                });
    }

    // ------------------------------------------------------------------------------------------------
    // Echo

    private void echo(int k, int warmup, int seconds) {
        long[] sentAt = new long[k];
        int[] histogram = new int[MAX_LATENCY_US + 1]; // µs buckets
        long[] roundTrips = {0};
        boolean[] state = {false, false}; // [0] recording, [1] stopped
        List<WebSocket> sockets = new ArrayList<>();
        String payload = message(0);
        connectAll("/echo", k, i -> text -> {
                    long now = System.nanoTime();
                    if (state[0]) {
                        histogram[(int) Math.min(MAX_LATENCY_US, (now - sentAt[i]) / 1000)]++;
                    }
                    roundTrips[0]++;
                    if (!state[1]) {
                        sentAt[i] = System.nanoTime();
                        sockets.get(i).writeTextMessage(payload);
                    }
                })
                .onFailure(result::completeExceptionally)
                .onSuccess(all -> {
                    sockets.addAll(all);
                    for (int i = 0; i < k; i++) {
                        sentAt[i] = System.nanoTime();
                        sockets.get(i).writeTextMessage(payload);
                    }
                    vertx.setTimer(warmup * 1000L, t -> state[0] = true);
                    measure(warmup, seconds, () -> roundTrips[0], () -> state[1] = true, histogram);
                });
    }

    // ------------------------------------------------------------------------------------------------
    // Idle memory

    private void idle(int n) {
        HttpClient http = vertx.createHttpClient();
        connectAll("/echo", WARM_SOCKETS, i -> text -> {})
                .compose(warm -> heap(http))
                .compose(before -> connectAll("/echo", n, i -> text -> {})
                        .compose(idle -> heap(http))
                        .map(after -> String.format(Locale.ROOT, "RESULT %d", (after - before) / n)))
                .onComplete(r -> {
                    if (r.succeeded()) {
                        result.complete(r.result());
                    } else {
                        result.completeExceptionally(r.cause());
                    }
                });
    }

    private Future<Long> heap(HttpClient http) {
        return http.request(HttpMethod.GET, port, "127.0.0.1", "/heap")
                .compose(req -> req.send().compose(HttpClientResponse::body))
                .map(body -> Long.parseLong(body.toString().trim()));
    }

    // ------------------------------------------------------------------------------------------------
    // Shared

    /** A text message of {@code size} bytes: the 8-digit sequence number, a colon, padding. */
    private String message(long seq) {
        String head = String.format(Locale.ROOT, "%08d:", seq % 100_000_000);
        return head + "x".repeat(size - head.length());
    }

    /**
     * Connects {@code n} sockets to {@code path}, at most {@link #CONNECT_CONCURRENCY} handshakes at a time; socket
     * {@code i} gets the text handler {@code handlers.apply(i)}. Fails if any connection fails or a socket closes
     * before the run ends.
     */
    private Future<List<WebSocket>> connectAll(
            String path, int n, IntFunction<io.vertx.core.Handler<String>> handlers) {
        Promise<List<WebSocket>> done = Promise.promise();
        WebSocket[] sockets = new WebSocket[n];
        int[] started = {0};
        int[] connected = {0};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started[0] >= n || done.future().isComplete()) {
                return;
            }
            int i = started[0]++;
            client.connect(new WebSocketConnectOptions().setURI(path)).onComplete(r -> {
                if (r.failed()) {
                    done.tryFail(new IllegalStateException("socket " + i + " to " + path + " failed", r.cause()));
                    return;
                }
                WebSocket ws = r.result();
                ws.textMessageHandler(handlers.apply(i));
                ws.closeHandler(v -> result.completeExceptionally(
                        new IllegalStateException("the server closed socket " + i + " of " + path)));
                sockets[i] = ws;
                if (++connected[0] == n) {
                    done.tryComplete(List.of(sockets));
                } else {
                    next[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(n, CONNECT_CONCURRENCY); i++) {
            next[0].run();
        }
        return done.future();
    }

    /**
     * After {@code warmup} seconds, notes the message count and the server's CPU time; after {@code seconds} more,
     * stops the senders and completes {@link #result} with the figures (latency percentiles from {@code
     * histogram} when given).
     */
    private void measure(
            int warmup,
            int seconds,
            java.util.function.LongSupplier messages,
            Runnable stop,
            int @org.jspecify.annotations.Nullable [] histogram) {
        vertx.setTimer(warmup * 1000L, t -> {
            long m0 = messages.getAsLong();
            long s0 = cpuNanos(serverPid);
            long c0 = cpuNanos(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            vertx.setTimer(seconds * 1000L, t2 -> {
                long m1 = messages.getAsLong();
                long s1 = cpuNanos(serverPid);
                long c1 = cpuNanos(ProcessHandle.current().pid());
                long t1 = System.nanoTime();
                stop.run();
                long count = m1 - m0;
                if (count == 0) {
                    result.completeExceptionally(new IllegalStateException("no message in the measured period"));
                    return;
                }
                double rate = count * 1e9 / (t1 - t0);
                double serverUs = s0 < 0 ? 0 : (s1 - s0) / 1e3 / count;
                double clientUs = (c1 - c0) / 1e3 / count;
                long p50 = histogram == null ? 0 : percentile(histogram, 0.50);
                long p99 = histogram == null ? 0 : percentile(histogram, 0.99);
                result.complete(
                        String.format(Locale.ROOT, "RESULT %.0f %.3f %d %d %.3f", rate, serverUs, p50, p99, clientUs));
            });
        });
    }

    private static long percentile(int[] histogram, double p) {
        long total = 0;
        for (int c : histogram) {
            total += c;
        }
        long target = (long) Math.ceil(total * p);
        long seen = 0;
        for (int us = 0; us < histogram.length; us++) {
            seen += histogram[us];
            if (seen >= target && target > 0) {
                return us;
            }
        }
        return histogram.length - 1;
    }

    /** CPU time (user + system) of process {@code pid} in ns, or -1 if unknown. */
    private static long cpuNanos(long pid) {
        if (pid < 0) {
            return -1;
        }
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
    }
}
