package dev.squall.kotlin

import dev.squall.internal.loop.LoopInternals
import dev.squall.loop.IOLoop
import dev.squall.testing.AsyncTest
import dev.squall.testing.ExpectLog
import dev.squall.testing.RawConnection
import dev.squall.testing.SquallTest
import dev.squall.testing.TestApp
import dev.squall.testing.TestClient
import dev.squall.testing.TestLoop
import dev.squall.web.Application
import dev.squall.web.HttpError
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * SuspendRequestHandler served over a real socket on the harness, with its HTTP client and raw connections.
 * Lives here, not in the kotlin module: squall-testing optionally depends on squall-kotlin.
 */
@SquallTest
class SuspendRequestHandlerTest {
    // What the handlers saw; JUnit makes a test instance, and so an application, per test.
    private val threads = CompletableFuture<List<Thread>>()
    private val jobs = CompletableFuture<Triple<Job, Job, Boolean>>()
    private val requestJob = CompletableFuture<Job>()
    private val started = CompletableFuture<Unit>()
    private val cancelled = CompletableFuture<Pair<Throwable, Thread>>()
    private val methodRan = CompletableFuture<Boolean>()

    @TestApp private val app: Application = Application.builder()
        .route("/threads", {
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
        .route("/jobs", {
            object : SuspendRequestHandler() {
                lateinit var inPrepare: Job

                override suspend fun prepare() {
                    inPrepare = job
                }

                override suspend fun get() {
                    val supervisor = application().coroutineScope.coroutineContext[Job]!!
                    jobs.complete(Triple(inPrepare, job, supervisor.children.any { it === job }))
                }
            }
        })
        .route("/ok", {
            object : SuspendRequestHandler() {
                override suspend fun get() {
                    requestJob.complete(job)
                    write(blocking { "ok" })
                }
            }
        })
        .route("/slow", {
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
        .route("/fails", {
            object : SuspendRequestHandler() {
                override suspend fun get() {
                    blocking { }
                    throw IllegalStateException("database down")
                }
            }
        })
        .route("/not-found", {
            object : SuspendRequestHandler() {
                override suspend fun get() {
                    blocking { }
                    throw HttpError(404)
                }
            }
        })
        .route("/redirects", {
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
        .route("/get-only", { GetOnly() })
        .route("/dav", { Dav() })
        .build()

    @AsyncTest suspend fun suspendMethodsRunOnTheLoopThreadBeforeAndAfterSuspending(client: TestClient, loop: IOLoop) {
        val response = client.fetchAsync("/threads").await()
        assertEquals(200, response.code())
        assertEquals("done", response.bodyText())
        val (before, fromBlocking, afterBlocking, afterAwait) = threads.await()
        assertSame(LoopInternals.thread(loop), before)
        assertFalse(fromBlocking === LoopInternals.thread(loop), "blocking { } runs off the loop")
        assertSame(LoopInternals.thread(loop), afterBlocking)
        assertSame(LoopInternals.thread(loop), afterAwait)
    }

    @AsyncTest suspend fun prepareAndTheMethodRunInOneJobThatIsAChildOfTheApplicationSupervisor(client: TestClient) {
        assertEquals(200, client.fetchAsync("/jobs").await().code())
        val (inPrepare, inGet, isChild) = jobs.await()
        assertSame(inPrepare, inGet)
        assertTrue(isChild, "the request's job is a child of the application's supervisor")
    }

    @AsyncTest suspend fun theRequestJobCompletesWithTheRequestAndLeavesNothingInTheApplicationScope(client: TestClient) {
        assertEquals("ok", client.fetchAsync("/ok").await().bodyText())
        val job = requestJob.await()
        job.join()
        assertFalse(job.isCancelled)
        assertEquals(0, app.coroutineScope.coroutineContext[Job]!!.children.count())
    }

    @Test fun theJobIsCancelledWhenTheClientDisconnectsMidRequest(client: TestClient, loop: TestLoop) {
        RawConnection.open(client.port()).use { connection ->
            connection.send("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
            loop.join(started)
        } // the client goes away mid-request
        val (cause, thread) = loop.join(cancelled)
        assertInstanceOf(CancellationException::class.java, cause)
        assertSame(LoopInternals.thread(loop.loop()), thread, "the cancelled method finishes on the loop")
        val job = loop.join(requestJob)
        loop.join(loop.loop().future { job.join() })
        assertTrue(job.isCancelled)
    }

    @Test fun anExceptionBecomesA500AndIsNotReportedAsUncaught(client: TestClient, loop: TestLoop) {
        val uncaught = CopyOnWriteArrayList<Throwable>()
        val previous = Thread.getDefaultUncaughtExceptionHandler()
        Thread.setDefaultUncaughtExceptionHandler { _, e -> uncaught += e }
        try {
            ExpectLog.expect("dev.squall.application", "Uncaught exception").use { logged ->
                assertEquals(500, client.fetch("/fails").code())
                loop.settle() // the request has been handled through and through
                assertEquals(1, logged.messages().size, "the framework logs the failure once")
            }
            assertEquals(emptyList<Throwable>(), uncaught, "the framework logs the failure once; nothing else does")
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous)
        }
    }

    @Test fun anHttpErrorAfterASuspensionSetsItsStatus(client: TestClient) {
        assertEquals(404, client.fetch("/not-found").code())
    }

    @Test fun methodsTheHandlerDoesNotOverrideAnswer405WithAllow(client: TestClient) {
        val response = client.fetch(client.request("/get-only").method("POST").body("").build())
        assertEquals(405, response.code())
        assertEquals("GET, HEAD", response.header("Allow"))
    }

    @Test fun headRunsGetAndSendsItsHeadersWithoutTheBody(client: TestClient) {
        val response = client.fetch(client.request("/get-only").method("HEAD").build())
        assertEquals(200, response.code())
        assertEquals("8", response.header("Content-Length"))
        assertEquals("", response.bodyText())
    }

    @AsyncTest suspend fun prepareCanFinishTheRequestAndTheMethodDoesNotRun(client: TestClient) {
        val response = client.fetchAsync("/redirects").await()
        assertEquals(302, response.code())
        assertEquals("/elsewhere", response.header("Location"))
        assertFalse(methodRan.isDone)
        requestJob.await().join()
        assertEquals(0, app.coroutineScope.coroutineContext[Job]!!.children.count())
    }

    @AsyncTest suspend fun cancellingTheApplicationScopeCancelsRequestsInFlightWith503(client: TestClient) {
        val response = client.fetchAsync("/slow")
        started.await()
        app.coroutineScope.cancel()
        assertEquals(503, response.await().code())
    }

    @AsyncTest suspend fun anExtraMethodRunsAsASuspendFunAndTheAllowListNamesIt(client: TestClient) {
        val propfind = client.fetchAsync(client.request("/dav").method("PROPFIND").allowNonstandardMethods(true).build()).await()
        assertEquals(207, propfind.code())
        assertEquals("PROPFIND after suspending", propfind.bodyText())
        val delete = client.fetchAsync(client.request("/dav").method("DELETE").build()).await()
        assertEquals(405, delete.code())
        assertEquals("GET, HEAD, PROPFIND", delete.header("Allow"))
    }

    class Dav : SuspendRequestHandler() {
        override fun extraMethods(): Set<String> = setOf("PROPFIND")

        override suspend fun get() {
            write("get")
        }

        override suspend fun extraMethod(method: String) {
            val text = blocking { "$method after suspending" }
            setStatus(207)
            write(text)
        }
    }

    class GetOnly : SuspendRequestHandler() {
        override suspend fun get() {
            write("only GET")
        }
    }
}
