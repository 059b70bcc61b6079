package dev.squall.kotlin

import dev.squall.loop.IOLoop
import java.util.concurrent.CompletableFuture
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Measures what [LoopDispatcher.isDispatchNeeded] returning false (run immediately on the loop) saves
 * against always dispatching, without JMH: each scenario runs [OPS] times per round, the modes
 * interleaved, and the best round of [ROUNDS] (after [WARMUP_ROUNDS]) is reported in ns per operation.
 * A rough number for the documentation, not a benchmark: run it on a quiet machine.
 *
 * ```
 * mvn -q -pl kotlin -am test-compile
 * mvn -q -pl kotlin exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.squall.kotlin.LoopDispatchMeasurementKt"
 * ```
 *
 * Modes: `immediate` is [LoopDispatcher] as shipped; `always` wraps it so that every resumption is
 * queued through its dispatch path; `executor` is kotlinx's own `Executor.asCoroutineDispatcher()` on
 * `loop.execute`, the naive alternative (it always dispatches too).
 */
fun main() {
    val loop = IOLoop.builder().name("measure").daemon(true).build()
    val modes = linkedMapOf<String, CoroutineDispatcher>(
        "immediate" to loop.dispatcher,
        "always" to AlwaysDispatch(loop.dispatcher),
        "executor" to (loop as java.util.concurrent.Executor).asCoroutineDispatcher(),
    )
    val scenarios = linkedMapOf<String, suspend () -> Unit>(
        "await a future completed by a loop task" to ::awaitLoopCompletedFutures,
        "ping-pong over a rendezvous channel" to ::pingPong,
        "launch + join a coroutine from loop code" to ::launchChildren,
    )
    val best = HashMap<Pair<String, String>, Double>()
    for (round in 0 until WARMUP_ROUNDS + ROUNDS) {
        for ((scenario, body) in scenarios) {
            for ((mode, dispatcher) in modes) {
                val nanos = loop.runSync(5.minutes) {
                    withContext(dispatcher) {
                        val start = System.nanoTime()
                        body()
                        System.nanoTime() - start
                    }
                }
                if (round >= WARMUP_ROUNDS) {
                    val perOp = nanos.toDouble() / OPS
                    best.merge(scenario to mode, perOp, ::minOf)
                }
            }
        }
    }
    println(String.format("%-42s %12s %12s %12s", "scenario (ns/op, best of $ROUNDS)", *modes.keys.toTypedArray()))
    for (scenario in scenarios.keys) {
        val cells = modes.keys.map { String.format("%12.0f", best.getValue(scenario to it)) }
        println(String.format("%-42s", scenario) + " " + cells.joinToString(" "))
    }
    loop.close()
}

private const val OPS = 200_000
private const val WARMUP_ROUNDS = 3
private const val ROUNDS = 5

/** Always queues: the behaviour [LoopDispatcher] would have if isDispatchNeeded were always true. */
private class AlwaysDispatch(private val inner: LoopDispatcher) : CoroutineDispatcher() {
    override fun isDispatchNeeded(context: CoroutineContext): Boolean = true

    override fun dispatch(context: CoroutineContext, block: Runnable) = inner.dispatch(context, block)
}

/** A loop task completes a future the coroutine awaits: the shape of every framework I/O future. */
private suspend fun awaitLoopCompletedFutures() {
    val loop = IOLoop.current()
    repeat(OPS) {
        val f = CompletableFuture<Int>()
        loop.execute { f.complete(it) }
        f.await()
    }
}

/** Two loop coroutines hand a value back and forth: the shape of producer/consumer code on one loop. */
private suspend fun pingPong() = coroutineScope {
    val ping = Channel<Int>()
    val pong = Channel<Int>()
    launch {
        repeat(OPS) { pong.send(ping.receive()) }
    }
    repeat(OPS) {
        ping.send(it)
        pong.receive()
    }
}

/** Loop code starts a short coroutine and waits for it: per-request jobs, fire-and-forget work. */
private suspend fun launchChildren() = coroutineScope {
    var count = 0
    repeat(OPS) {
        val job: Job = launch { count++ }
        job.join()
    }
    check(count == OPS)
}
