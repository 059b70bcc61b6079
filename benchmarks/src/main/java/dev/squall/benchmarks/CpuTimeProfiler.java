package dev.squall.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time JMH's worker threads spent per operation ({@code cpu.time.norm},
 * ns/op), next to the wall-clock score.
 *
 * <pre>{@code benchmarks/jmh.sh Http1RequestParserBenchmark -prof dev.squall.benchmarks.CpuTimeProfiler -prof gc}</pre>
 *
 * <p>Why: on a shared machine (two cores, other builds running) a benchmark thread spends much of each
 * iteration waiting for a core, and the wall-clock average grows with the load average — several times over,
 * with error bars larger than the score. The thread's own CPU time ({@link ThreadMXBean#getThreadCpuTime})
 * does not count the time it was descheduled, so it stays close to what the code costs on a quiet machine
 * (contention for caches still shows). Hardware counters ({@code -prof perfnorm}) would be better still,
 * but are not available in every VM.
 *
 * <p>It also reports {@code cpu.threads.norm}: the CPU time of every live Java thread of the JVM per operation
 * — the benchmark threads plus the loop threads and virtual-thread carriers they hand work to (JIT compiler and
 * GC threads are not Java threads and are left out; a thread that ends during the iteration is lost). That is
 * the figure for benchmarks whose work runs on a loop while the benchmark thread waits
 * ({@code AwaitBenchmark}, {@code HandlerStylesBenchmark}).
 *
 * <p>Like {@code -prof gc}'s {@code gc.alloc.rate.norm} it divides by every operation of the iteration,
 * so with {@code @OperationsPerInvocation(n)} it is per inner operation. Runs in the benchmark's JVM.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final String WORKER_MARK = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Map<Long, Long> allAtStart = new HashMap<>();

    /** Creates the profiler (JMH calls this once per fork). */
    public CpuTimeProfiler() {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new UnsupportedOperationException("this JVM cannot measure thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    /** Returns the one-line description {@code -lprof} prints. */
    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation (robust to a loaded machine)";
    }

    /** Records each worker thread's CPU time before the iteration. */
    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStart.clear();
        allAtStart.clear();
        for (long id : threads.getAllThreadIds()) {
            allAtStart.put(id, threads.getThreadCpuTime(id));
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(WORKER_MARK)) {
                cpuAtStart.put(t.threadId(), threads.getThreadCpuTime(t.threadId()));
            }
        }
    }

    /**
     * Returns the worker threads' CPU time during the iteration divided by its operations; a worker that
     * started during the iteration counts from zero.
     */
    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(WORKER_MARK)) {
                long now = threads.getThreadCpuTime(t.threadId());
                if (now >= 0) {
                    cpu += now - cpuAtStart.getOrDefault(t.threadId(), 0L);
                }
            }
        }
        long all = 0;
        for (long id : threads.getAllThreadIds()) {
            long now = threads.getThreadCpuTime(id);
            if (now >= 0) {
                all += now - Math.max(0, allAtStart.getOrDefault(id, 0L));
            }
        }
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0) {
            return List.of();
        }
        return List.of(
                new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.threads.norm", (double) all / ops, "ns/op", AggregationPolicy.AVG));
    }
}
