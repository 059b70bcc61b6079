package dev.squall.samples.kotlin

import dev.squall.http.HttpServer
import dev.squall.kotlin.SuspendRequestHandler
import dev.squall.kotlin.blocking
import dev.squall.kotlin.coroutineScope
import dev.squall.loop.IOLoop
import dev.squall.loop.LoopGroup
import dev.squall.samples.Launch
import dev.squall.options.Option
import dev.squall.options.Options
import dev.squall.samples.Sample
import dev.squall.web.Application
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay

/**
 * `java -jar squall-samples.jar kotlin [--lookup-ms=50] [--delay-ms=100] [--port=8888]`: a Kotlin
 * [SuspendRequestHandler] that awaits a blocking call and a timer.
 *
 * `GET /?name=Ada` looks the name up in a [SlowDirectory] (a stand-in for a JDBC query: it blocks its
 * thread for `--lookup-ms`) inside `blocking { }`, waits `--delay-ms` on a loop timer with `delay`, and
 * answers JSON that shows where each part ran:
 *
 * ```json
 * {"greeting":"Hello, Ada","lookedUpOnVirtualThread":true,"respondedOnLoop":"squall-loop-1","waitedMillis":100}
 * ```
 *
 * While one request waits — on the lookup or on the timer — its loop serves the others.
 */
class KotlinSample : Sample {
    private lateinit var lookupMillis: Option<Int>
    private lateinit var delayMillis: Option<Int>

    override fun defineOptions(options: Options) {
        lookupMillis = options.define("lookup-ms", DEFAULT_LOOKUP_MILLIS).help("how long the blocking directory lookup takes")
        delayMillis = options.define("delay-ms", DEFAULT_DELAY_MILLIS).help("how long the handler then waits on a loop timer")
    }

    /**
     * Starts the server, prints its URL and returns; its loops keep the process alive, and a shutdown hook
     * closes it.
     *
     * @param launch port, address and loop count
     */
    override fun run(launch: Launch) {
        val running = serve(launch, SlowDirectory(lookupMillis.value().toLong()), delayMillis.value().milliseconds)
        Runtime.getRuntime().addShutdownHook(Thread({ running.close() }, "kotlin-sample-shutdown"))
        println("Listening on http://" + launch.address() + ":" + running.server.port() + "/?name=Ada")
    }

    /** A running sample: its application (with the requests' coroutine scope) and its server. */
    class Running(val application: Application, val server: HttpServer) : AutoCloseable {
        /** Cancels requests in flight, then closes the server and its loops. */
        override fun close() {
            application.coroutineScope.cancel()
            server.close()
            server.loops().close()
        }
    }

    companion object {
        /** Default `--lookup-ms`. */
        const val DEFAULT_LOOKUP_MILLIS: Int = 50

        /** Default `--delay-ms`. */
        const val DEFAULT_DELAY_MILLIS: Int = 100

        /** The sample's application: [GreetingHandler] at `/`. */
        fun app(directory: SlowDirectory, wait: Duration): Application =
            Application.builder().route("/", { GreetingHandler(directory, wait) }).build()

        /**
         * Serves [GreetingHandler] on a new server with `launch.loops()` loops.
         *
         * @return the running sample; close it to stop
         */
        fun serve(launch: Launch, directory: SlowDirectory, wait: Duration): Running {
            val app = app(directory, wait)
            val loops = LoopGroup.create(launch.loops())
            try {
                val server = HttpServer.builder().handler(app).loops(loops).build().listen(launch.port(), launch.address())
                return Running(app, server)
            } catch (e: RuntimeException) {
                loops.close()
                throw e
            }
        }
    }
}

/**
 * Greets the `name` argument: a blocking lookup, then a timer, then JSON. Every line of [get] that is not
 * inside `blocking { }` runs on the request's loop.
 */
class GreetingHandler(private val directory: SlowDirectory, private val wait: Duration) : SuspendRequestHandler() {
    override suspend fun get() {
        val name = getArgument("name", "world")
        val (greeting, onVirtualThread) = blocking {
            directory.greetingFor(name) to Thread.currentThread().isVirtual
        }
        delay(wait) // a loop timer: the loop serves other requests meanwhile
        write(
            mapOf(
                "greeting" to greeting,
                "lookedUpOnVirtualThread" to onVirtualThread,
                "respondedOnLoop" to IOLoop.current().name(),
                "waitedMillis" to wait.inWholeMilliseconds,
            ),
        )
    }
}

/** A stand-in for a database: each lookup blocks its thread, as a JDBC query would. Thread-safe. */
class SlowDirectory(private val lookupMillis: Long) {
    /** Returns the greeting for [name], after blocking the calling thread for the lookup time. */
    fun greetingFor(name: String): String {
        if (lookupMillis > 0) {
            Thread.sleep(lookupMillis) // the blocking call this sample is about; never do this on a loop
        }
        return "Hello, $name"
    }
}
