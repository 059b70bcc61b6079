package dev.squall.kotlin

import dev.squall.web.Application
import dev.squall.web.AttributeKey
import dev.squall.web.BaseRequestHandler
import dev.squall.web.Finish
import dev.squall.web.HttpError
import dev.squall.web.HttpMethod
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.coroutines.Continuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async

/**
 * A request handler whose `prepare()` and HTTP methods are `suspend fun`s running on the request's loop —
 * the Kotlin style of Squall's handlers, next to `RequestHandler` (plain) and `AsyncRequestHandler`
 * (chained futures), with the same lifecycle, output methods and semantics.
 *
 * ```kotlin
 * class ProfileHandler(private val users: UserRepository) : SuspendRequestHandler() {
 *     override suspend fun get() {
 *         val user = blocking { users.byId(pathArg("id")) }     // JDBC on a virtual thread
 *         val avatar = http.fetch(user.avatarUrl).await()        // a loop future: resumes on the loop
 *         write(mapOf("name" to user.name, "avatarBytes" to avatar.body().size))
 *     }
 * }
 * ```
 *
 * ## Threading
 * Every step of `prepare()` and the methods runs on the loop of the request's connection, on
 * [IOLoop.dispatcher][dev.squall.loop.IOLoop]: between suspensions, code here may touch the handler, the
 * response and anything else confined to that loop, with no locks. A method that does not suspend runs
 * straight through, as a plain handler's would. Blocking calls go in [blocking]; `CompletionStage.await()`
 * (kotlinx.coroutines.future) waits for futures, and framework futures resume here on the loop.
 *
 * ## One Job per request
 * `prepare()` and the method run as children of the request's [job], itself a child of the
 * application's [SupervisorJob] ([Application.coroutineScope]): one failing request never cancels
 * another, and cancelling the application's scope cancels every request in flight. Coroutines started
 * in `coroutineScope { launch { } }` inside a method are children of the request and end with it. The
 * job completes when the request ends, so nothing is left behind in the application's scope.
 *
 * ## When the client goes away
 * If the client closes the connection while a method is suspended, the request's job is cancelled: the
 * method gets a `CancellationException` at its suspension point (or its next one), its `finally` blocks
 * run on the loop, and the request ends quietly (no error page, no error log). To finish some work
 * regardless — a write to the database that must not be cut in half — wrap it in
 * `withContext(NonCancellable) { }`. (This style uses `onConnectionClose()` for it, so that hook is final
 * here: cleanup goes in `finally` or `catch (e: CancellationException)`.)
 *
 * ## Errors
 * An exception thrown by `prepare()` or the method is handled as in the other styles: an
 * [HttpError] becomes its status, [Finish] ends the request quietly with what was written, anything
 * else is logged and becomes a 500. A request cancelled because the application's scope was cancelled
 * (shutdown) answers 503.
 */
public abstract class SuspendRequestHandler protected constructor() : BaseRequestHandler() {
    private var requestJob: CompletableJob? = null
    private var clientGone = false

    /**
     * The request's [Job]: the parent of `prepare()` and the method, a child of the application's
     * supervisor. Cancelled when the client goes away.
     *
     * @throws IllegalStateException before the request started (in the constructor)
     */
    public val job: Job
        get() = requestJob ?: throw IllegalStateException(
            "the request's job exists once the request starts; use it from prepare() or an HTTP method, " +
                "not from the handler's constructor",
        )

    /**
     * Runs before the HTTP method, for work common to all methods (authentication, loading an object);
     * finishing the response here (a redirect, `sendError`) skips the method. Runs on the loop; may
     * suspend. Default: nothing.
     *
     * @throws Exception anything; handled like an exception from the method
     */
    public open suspend fun prepare() {
    }

    /** Handles GET. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun get() {
        sendError(405)
    }

    /**
     * Handles HEAD. Runs on the loop; may suspend; the response finishes when it returns. Default: [get],
     * whose headers are sent (with its body's `Content-Length` and `Etag`) and whose body is not, so HEAD
     * works wherever GET does (RFC 9110 section 9.3.2), as in the other handler styles.
     */
    public open suspend fun head() {
        get()
    }

    /** Handles POST. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun post() {
        sendError(405)
    }

    /** Handles DELETE. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun delete() {
        sendError(405)
    }

    /** Handles PATCH. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun patch() {
        sendError(405)
    }

    /** Handles PUT. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun put() {
        sendError(405)
    }

    /** Handles OPTIONS. Runs on the loop; may suspend; the response finishes when it returns. Default: 405. */
    public open suspend fun options() {
        sendError(405)
    }

    /**
     * Handles an HTTP method this handler adds with [extraMethods] (WebDAV's `PROPFIND`). Runs on the loop;
     * may suspend; the response finishes when it returns. Default: 405.
     *
     * @param method the request's method, one of [extraMethods]
     */
    public open suspend fun extraMethod(method: String) {
        sendError(405)
    }

    /**
     * Starts the request's job and runs [prepare] in it on the loop. For the framework, not for
     * application code.
     *
     * @return a stage completing when `prepare()` is done (already completed if it never suspended)
     */
    final override fun invokePrepare(): CompletionStage<*> {
        val parent = application().coroutineScope.coroutineContext[Job]
        val job = Job(parent)
        requestJob = job
        return runInJob(job, lastPhase = false) { prepare() }
    }

    /**
     * Runs the HTTP method [method] in the request's job on the loop. For the framework, not for
     * application code.
     *
     * @param method the request's method
     * @return a stage completing when the method is done (already completed if it never suspended)
     */
    final override fun invokeMethod(method: HttpMethod): CompletionStage<*> {
        return runInJob(requestJob(), lastPhase = true) {
            when (method) {
                HttpMethod.GET -> get()
                HttpMethod.HEAD -> head()
                HttpMethod.POST -> post()
                HttpMethod.DELETE -> delete()
                HttpMethod.PATCH -> patch()
                HttpMethod.PUT -> put()
                HttpMethod.OPTIONS -> options()
            }
        }
    }

    /**
     * Runs the extra method [name] in the request's job on the loop, as [invokeMethod]. For the framework,
     * not for application code.
     *
     * @param name the request's method, one of [extraMethods]
     * @return a stage completing when the method is done
     */
    final override fun invokeExtraMethod(name: String): CompletionStage<*> =
        runInJob(requestJob(), lastPhase = true) { extraMethod(name) }

    /**
     * Returns the HTTP methods this handler's class overrides, for the `Allow` header of a 405.
     *
     * @return method names such as `GET`, `POST`
     */
    override fun allowedMethods(): Collection<String> =
        implementedMethods(javaClass, SuspendRequestHandler::class.java, Continuation::class.java)

    /**
     * Cancels the request's job: the client closed the connection while the handler was suspended.
     * Called by the framework on the loop. Final in this style: put cleanup in `finally` blocks.
     */
    final override fun onConnectionClose() {
        clientGone = true
        requestJob?.cancel(CancellationException("the client closed the connection before the response was finished"))
    }

    private fun requestJob(): CompletableJob =
        requestJob ?: Job(application().coroutineScope.coroutineContext[Job]).also { requestJob = it }

    private fun runInJob(job: CompletableJob, lastPhase: Boolean, body: suspend () -> Unit): CompletionStage<*> {
        val done = CompletableFuture<Unit>()
        // UNDISPATCHED: run now, on this loop thread, until the first suspension; a method that never
        // suspends completes before this returns, and the framework then goes on without a callback.
        // async, not launch: the failure belongs to the returned stage (the framework answers and logs it
        // once), not to the thread's uncaught-exception handler.
        val coroutine = CoroutineScope(request().loop().dispatcher + job)
            .async(start = CoroutineStart.UNDISPATCHED) { body() }
        coroutine.invokeOnCompletion { cause ->
            when {
                cause == null -> {
                    if (lastPhase || isFinished) {
                        job.complete()
                    }
                    done.complete(Unit)
                }
                // The client left: end quietly. Finish finishes what is left without an error page or log.
                cause is CancellationException && clientGone -> done.completeExceptionally(Finish())
                cause is CancellationException && application().coroutineScope.coroutineContext[Job]?.isCancelled == true ->
                    done.completeExceptionally(
                        HttpError(503, null, "cancelled because the application's coroutine scope was cancelled"),
                    )
                else -> done.completeExceptionally(cause)
            }
        }
        return done
    }
}

/**
 * The application's coroutine scope: a [SupervisorJob] that is the parent of every
 * [SuspendRequestHandler] request's job. Cancel it when shutting the application down to cancel every
 * request still in flight; launch application-lifetime background work in it (add a loop's
 * [dispatcher] to run that work on the loop: the scope itself has no dispatcher). One scope per
 * application, created on first use and kept as an attribute of the application ([Application.attribute]). Safe
 * from any thread.
 */
public val Application.coroutineScope: CoroutineScope
    get() = attribute(APPLICATION_SCOPE)

/** The application's coroutine scope, an [Application] attribute created on first use. */
internal val APPLICATION_SCOPE: AttributeKey<CoroutineScope> = AttributeKey.withDefault("squall.coroutineScope") {
    CoroutineScope(SupervisorJob() + CoroutineName("squall-application"))
}
