package dev.squall.benchmarks;

import static dev.squall.async.Coroutines.await;

import dev.squall.async.Coroutines;
import dev.squall.loop.IOLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one Java-coroutine {@code await} (issue 4): a coroutine awaits a pending future that a loop task
 * completes, so each await is a full round trip — the coroutine hands the loop back, the loop runs the task,
 * the loop hands the coroutine the baton again. Reported per await, in microseconds.
 *
 * <ul>
 *   <li>{@link #awaitPending}: the round trip being measured;</li>
 *   <li>{@link #awaitCompleted}: an await of an already-complete future, which keeps the loop (no hand-off);</li>
 *   <li>{@link #chainedOnLoop}: the same steps as plain loop callbacks with no coroutine: the loop's own share,
 *       so that {@code awaitPending - chainedOnLoop} is the price of the hand-off.</li>
 * </ul>
 *
 * <p>Each invocation runs {@value #BATCH} awaits inside one coroutine, so starting the coroutine and waiting
 * for it from the benchmark thread are spread over the batch.
 *
 * <p>{@code mode} picks the coroutine mechanism, one fork each: {@code loop} runs coroutines on the loop thread
 * (the forks get {@code --add-opens java.base/java.lang=ALL-UNNAMED} from {@code jmh.sh}), {@code handoff}
 * forces the hand-off between threads ({@code -Dsquall.coroutines=handoff}). The setup checks that the JVM
 * runs the mode asked for. The work runs on the loop thread while the benchmark thread waits, so read
 * {@code cpu.threads.norm} of {@link CpuTimeProfiler}, not {@code cpu.time.norm}.
 *
 * <pre>{@code benchmarks/jmh.sh AwaitBenchmark -prof gc -prof dev.squall.benchmarks.CpuTimeProfiler}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AwaitBenchmark {
    static final int BATCH = 1000;

    /** {@code loop} or {@code handoff}: see the class comment. */
    @Param({"loop", "handoff"})
    public String mode = "loop";

    private final IOLoop loop = IOLoop.builder().name("bench-loop").daemon(true).build();

    /** Selects the coroutine mechanism before the first coroutine initialises it, and checks it took effect. */
    @Setup
    public void setUp() {
        selectMode(mode);
    }

    /**
     * Sets {@code squall.coroutines} to {@code mode} before any coroutine exists in this JVM, then checks that
     * coroutines run the way asked for.
     *
     * @param mode {@code loop} or {@code handoff}
     * @throws IllegalStateException if the JVM cannot run that mode (e.g. {@code loop} without the flag)
     */
    static void selectMode(String mode) {
        System.setProperty("squall.coroutines", mode);
        if (Coroutines.runOnLoopThread() != mode.equals("loop")) {
            throw new IllegalStateException("coroutines do not run in mode " + mode + " in this JVM; loop mode needs"
                    + " JDK 24+ and --add-opens=java.base/java.lang=ALL-UNNAMED (benchmarks/jmh.sh passes it)");
        }
    }

    /** Closes the loop the coroutines ran on. */
    @TearDown
    public void tearDown() {
        loop.close();
    }

    /** One await of a pending future that a loop task completes: a full hand-off round trip. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int awaitPending() throws Exception {
        return Coroutines.async(loop, () -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        CompletableFuture<Integer> f = new CompletableFuture<>();
                        loop.execute(() -> f.complete(1));
                        sum += await(f);
                    }
                    return sum;
                })
                .get();
    }

    /** One await of a future that is already complete: no hand-off. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int awaitCompleted() throws Exception {
        return Coroutines.async(loop, () -> {
                    int sum = 0;
                    for (int i = 0; i < BATCH; i++) {
                        sum += await(CompletableFuture.completedFuture(1));
                    }
                    return sum;
                })
                .get();
    }

    /** The same steps as loop callbacks without a coroutine: a task completes a future whose continuation goes on. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int chainedOnLoop() throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> step(0, 0, done));
        return done.get();
    }

    private void step(int i, int sum, CompletableFuture<Integer> done) {
        if (i == BATCH) {
            done.complete(sum);
            return;
        }
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(1));
        f.thenAccept(v -> step(i + 1, sum + v, done));
    }
}
