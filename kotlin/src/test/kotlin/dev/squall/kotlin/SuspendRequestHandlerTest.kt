package dev.squall.kotlin

import dev.squall.http.HttpServer
import dev.squall.loop.LoopGroup
import dev.squall.web.Application
import dev.squall.web.HttpError
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.time.Duration as JavaDuration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** SuspendRequestHandler served over a real socket by HttpServer, with java.net.http and raw-socket clients. */
class SuspendRequestHandlerTest {
    private val loops = LoopGroup.create(1)
    private val loop = loops.loops()[0]
    private val client: HttpClient = HttpClient.newBuilder().connectTimeout(WAIT).build()
    private var server: HttpServer? = null
    private lateinit var app: Application

    @AfterEach fun stop() {
        server?.close()
        loops.close()
    }

    private fun serve(build: Application.Builder.() -> Unit): Int {
        app = Application.builder().apply(build).build()
        val s = HttpServer.builder().handler(app).loops(loops).build().listen(0, "127.0.0.1")
        server = s
        return s.port()
    }

    private fun fetch(port: Int, path: String, method: String = "GET"): HttpResponse<String> = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path")).timeout(WAIT)
            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString(),
    )

    @Test fun suspendMethodsRunOnTheLoopThreadBeforeAndAfterSuspending() {
        val threads = CompletableFuture<List<Thread>>()
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    override suspend fun get() {
                        val before = Thread.currentThread()
                        val fromBlocking = blocking { Thread.currentThread() }
                        val afterBlocking = Thread.currentThread()
                        request().loop().adopt(CompletableFuture.supplyAsync { "x" }).await()
                        threads.complete(listOf(before, fromBlocking, afterBlocking, Thread.currentThread()))
                        write("done")
                    }
                }
            })
        }
        val response = fetch(port, "/")
        assertEquals(200, response.statusCode())
        assertEquals("done", response.body())
        val (before, fromBlocking, afterBlocking, afterAwait) = threads.get(5, TimeUnit.SECONDS)
        assertSame(loop.thread(), before)
        assertFalse(fromBlocking === loop.thread(), "blocking { } runs off the loop")
        assertSame(loop.thread(), afterBlocking)
        assertSame(loop.thread(), afterAwait)
    }

    @Test fun prepareAndTheMethodRunInOneJobThatIsAChildOfTheApplicationSupervisor() {
        val seen = CompletableFuture<Triple<Job, Job, Boolean>>()
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    lateinit var inPrepare: Job

                    override suspend fun prepare() {
                        inPrepare = job
                    }

                    override suspend fun get() {
                        val supervisor = application().coroutineScope.coroutineContext[Job]!!
                        seen.complete(Triple(inPrepare, job, supervisor.children.any { it === job }))
                    }
                }
            })
        }
        assertEquals(200, fetch(port, "/").statusCode())
        val (inPrepare, inGet, isChild) = seen.get(5, TimeUnit.SECONDS)
        assertSame(inPrepare, inGet)
        assertTrue(isChild, "the request's job is a child of the application's supervisor")
    }

    @Test fun theRequestJobCompletesWithTheRequestAndLeavesNothingInTheApplicationScope() {
        val requestJob = CompletableFuture<Job>()
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    override suspend fun get() {
                        requestJob.complete(job)
                        write(blocking { "ok" })
                    }
                }
            })
        }
        assertEquals("ok", fetch(port, "/").body())
        val job = requestJob.get(5, TimeUnit.SECONDS)
        loop.runSync(5.seconds) { job.join() }
        assertFalse(job.isCancelled)
        assertEquals(0, app.coroutineScope.coroutineContext[Job]!!.children.count())
    }

    @Test fun theJobIsCancelledWhenTheClientDisconnectsMidRequest() {
        val started = CompletableFuture<Unit>()
        val cancelled = CompletableFuture<Pair<Throwable, Thread>>()
        val requestJob = CompletableFuture<Job>()
        val port = serve {
            route("/slow", {
                object : SuspendRequestHandler() {
                    override suspend fun get() {
                        requestJob.complete(job)
                        try {
                            started.complete(Unit)
                            awaitCancellation() // a slow database or remote call
                        } catch (e: CancellationException) {
                            cancelled.complete(e to Thread.currentThread())
                            throw e
                        }
                    }
                }
            })
        }
        Socket("127.0.0.1", port).use { socket ->
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray(StandardCharsets.US_ASCII))
            socket.getOutputStream().flush()
            started.get(5, TimeUnit.SECONDS)
        } // the client goes away mid-request
        val (cause, thread) = cancelled.get(5, TimeUnit.SECONDS)
        assertInstanceOf(CancellationException::class.java, cause)
        assertSame(loop.thread(), thread, "the cancelled method finishes on the loop")
        val job = requestJob.get(5, TimeUnit.SECONDS)
        loop.runSync(5.seconds) { job.join() }
        assertTrue(job.isCancelled)
    }

    @Test fun anExceptionBecomesA500AndIsNotReportedAsUncaught() {
        val uncaught = java.util.concurrent.CopyOnWriteArrayList<Throwable>()
        val previous = Thread.getDefaultUncaughtExceptionHandler()
        Thread.setDefaultUncaughtExceptionHandler { _, e -> uncaught += e }
        try {
            val port = serve {
                route("/", {
                    object : SuspendRequestHandler() {
                        override suspend fun get() {
                            blocking { }
                            throw IllegalStateException("database down")
                        }
                    }
                })
            }
            assertEquals(500, fetch(port, "/").statusCode())
            loop.runSync(5.seconds) { } // the request has been handled through and through
            assertEquals(emptyList<Throwable>(), uncaught, "the framework logs the failure once; nothing else does")
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous)
        }
    }

    @Test fun anHttpErrorAfterASuspensionSetsItsStatus() {
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    override suspend fun get() {
                        blocking { }
                        throw HttpError(404)
                    }
                }
            })
        }
        assertEquals(404, fetch(port, "/").statusCode())
    }

    @Test fun methodsTheHandlerDoesNotOverrideAnswer405WithAllow() {
        val port = serve { route("/", { GetOnly() }) }
        val response = fetch(port, "/", "POST")
        assertEquals(405, response.statusCode())
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""))
    }

    @Test fun headRunsGetAndSendsItsHeadersWithoutTheBody() {
        val port = serve { route("/", { GetOnly() }) }
        val response = fetch(port, "/", "HEAD")
        assertEquals(200, response.statusCode())
        assertEquals("8", response.headers().firstValue("Content-Length").orElse(""))
        assertEquals("", response.body())
    }

    @Test fun prepareCanFinishTheRequestAndTheMethodDoesNotRun() {
        val methodRan = CompletableFuture<Boolean>()
        val requestJob = CompletableFuture<Job>()
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    override suspend fun prepare() {
                        requestJob.complete(job)
                        blocking { }
                        redirect("/elsewhere")
                    }

                    override suspend fun get() {
                        methodRan.complete(true)
                    }
                }
            })
        }
        val response = fetch(port, "/")
        assertEquals(302, response.statusCode())
        assertEquals("/elsewhere", response.headers().firstValue("Location").orElse(""))
        assertFalse(methodRan.isDone)
        val job = requestJob.get(5, TimeUnit.SECONDS)
        loop.runSync(5.seconds) { job.join() }
        assertEquals(0, app.coroutineScope.coroutineContext[Job]!!.children.count())
    }

    @Test fun cancellingTheApplicationScopeCancelsRequestsInFlightWith503() {
        val started = CompletableFuture<Unit>()
        val port = serve {
            route("/", {
                object : SuspendRequestHandler() {
                    override suspend fun get() {
                        started.complete(Unit)
                        awaitCancellation()
                    }
                }
            })
        }
        val response = client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString(),
        )
        started.get(5, TimeUnit.SECONDS)
        app.coroutineScope.cancel()
        assertEquals(503, response.get(5, TimeUnit.SECONDS).statusCode())
    }

    class GetOnly : SuspendRequestHandler() {
        override suspend fun get() {
            write("only GET")
        }
    }

    private companion object {
        val WAIT: JavaDuration = JavaDuration.ofSeconds(5)
    }
}
