package dev.squall.web;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.locale.Locale;
import dev.squall.net.IOStream;
import dev.squall.template.PageContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okio.ByteString;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * What every request handler can do, whatever its style: read the request and its arguments, write the
 * response, and take part in the lifecycle — Tornado's {@code RequestHandler} minus the HTTP-method
 * methods, whose shape depends on the style.
 *
 * <p>Extend one of the styles, not this class:
 * <ul>
 *   <li>{@link RequestHandler}: {@code void get()} runs on the loop and the response finishes when it
 *       returns;</li>
 *   <li>{@link AsyncRequestHandler}: {@code CompletionStage<?> get()}; the response finishes when the stage
 *       completes;</li>
 *   <li>{@link CoroutineRequestHandler}: {@code void get()} runs as a coroutine that may
 *       {@code await(future)}; the response finishes when it returns.</li>
 * </ul>
 * Further styles (Kotlin {@code suspend}) extend a style class, or this one, and override
 * {@link #invokePrepare()} and {@link #invokeMethod(HttpMethod)}; nothing else changes.
 *
 * <h2>Lifecycle</h2>
 * A fresh handler is made for each request by its route's factory (so constructor arguments are its
 * per-route configuration, Tornado's {@code initialize(**kwargs)}). Then: the method is checked (405 with
 * {@code Allow} for one the handler does not implement), path arguments are decoded, {@code prepare()} runs
 * (and is waited for, if asynchronous), then the HTTP method, then the response is finished unless the
 * handler finished it, then {@link #onFinish()}. {@link #onConnectionClose()} is called if the client goes
 * away while the handler is still waiting for something.
 *
 * <p>An exception thrown by {@code prepare()} or the method — or a failed stage — is logged and answered
 * through {@link #sendError(int, Throwable)}: with its status for an {@link HttpError}, else 500. A
 * {@link Finish} ends the request quietly with what was written.
 *
 * <h2>Threading</h2>
 * A handler belongs to the loop of its connection ({@code request().loop()}): call its methods there only.
 * Code continuing after a foreign future (a JDBC call on another thread) must come back first, with
 * {@code request().loop().adopt(future)}; output methods called from another thread throw.
 */
public abstract class BaseRequestHandler {
    // Why this file is past ~600 lines (issue 10): it is the public surface, Tornado's RequestHandler — about
    // 100 public and protected methods, most of them one-line delegations — and of its ~1,650 lines about 830
    // are their javadoc, ~620 code. The logic lives in package-private collaborators: HandlerRun (lifecycle),
    // HandlerResponse (output), RequestArguments, CurrentUser, Cookies, Xsrf, Rendering, StreamedBody. Splitting
    // the surface into package-private abstract superclasses (AbstractStringBuilder's shape) was tried: callers
    // in Java and Kotlin compile and javadoc lists the methods here, but javac writes no visibility bridge for a
    // final method inherited from a package-private class, so reflection on BaseRequestHandler's public final
    // methods (getMethod(...).invoke) would throw IllegalAccessException: a change of public behaviour.

    /** The {@code Content-Type} of a response until the handler sets another, as Tornado's. */
    public static final String DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
    /** The {@code Content-Type} that {@link #write(Object)} sets when it writes JSON. */
    public static final String JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");
    private static final System.Logger GEN_LOG = System.getLogger("dev.squall.general");
    /** A completed stage for handler styles to return; cheap to recognise without a callback. */
    static final CompletionStage<@Nullable Void> DONE = CompletableFuture.completedStage(null);

    private static final String[] NO_ARGS = new String[0];

    private @Nullable Application application;
    private @Nullable HttpServerRequest request;
    private @Nullable HttpServerResponse response;
    private Router.@Nullable Match match;
    /** Set by the route that made this handler, else read on first use; see {@link #traits()}. */
    private @Nullable HandlerTraits traits;

    private String[] pathArgs = NO_ARGS;
    private @Nullable HttpMethod method;
    /** The request's method when it is one of {@link #extraMethods()}; then {@link #method} stays null. */
    private @Nullable String extraMethod;

    /** The response side: status, headers, body, flush and finish, errors. */
    private final HandlerResponse out = new HandlerResponse(this);

    private long finishNanos;
    private boolean watchingClose;

    private @Nullable RequestArguments arguments;

    private @Nullable CurrentUser user;
    private @Nullable Cookies cookies;
    private @Nullable Xsrf xsrf;
    /** The body of a {@link StreamRequestBody} handler's request; null for buffered ones. */
    private @Nullable StreamedBody streamedBody;

    /** Creates a handler; called by route factories. Request state is attached afterwards. */
    protected BaseRequestHandler() {}

    // ------------------------------------------------------------------------------------------------
    // Style hooks

    /**
     * Runs {@code prepare()} in this handler's style and returns a stage that completes when it is done.
     * Called on the loop. For handler styles (coroutines, Kotlin), not for application code.
     *
     * @return a stage completing when {@code prepare()} is done; a failure is handled like a thrown exception
     * @throws Exception what {@code prepare()} threw
     */
    protected abstract CompletionStage<?> invokePrepare() throws Exception;

    /**
     * Runs the HTTP method {@code method} in this handler's style — one exhaustive {@code switch} over
     * {@link HttpMethod} — and returns a stage that completes when it is done; the response is then finished
     * unless the handler finished it. Called on the loop, after {@code prepare()}, only if {@code prepare()}
     * did not finish the response. For handler styles, not for application code.
     *
     * @param method the request's method
     * @return a stage completing when the method is done; a failure is handled like a thrown exception
     * @throws Exception what the method threw
     */
    protected abstract CompletionStage<?> invokeMethod(HttpMethod method) throws Exception;

    /**
     * Returns the methods this handler implements, for the {@code Allow} header of a 405. The default finds
     * the public no-argument {@code get}, {@code post}, ... methods that a subclass overrides (found once per
     * class). A style whose methods have other signatures overrides this with
     * {@link #implementedMethods(Class, Class, Class[])}.
     *
     * @return method names such as {@code GET}, {@code POST}
     */
    protected Collection<String> allowedMethods() {
        return AllowedMethods.of(
                getClass(), this instanceof AsyncRequestHandler ? AsyncRequestHandler.class : RequestHandler.class);
    }

    /**
     * Returns the HTTP methods beyond the seven of {@link HttpMethod} that this handler serves, as adding to
     * Tornado's {@code SUPPORTED_METHODS}: WebDAV's {@code PROPFIND}, say. A request with one of them runs the
     * usual lifecycle (XSRF check, as for any unsafe method; {@code prepare()}; the user lookup) and then the
     * style's {@code extraMethod(name)} instead of {@code get()}, {@code post()}...; the {@code Allow} header of
     * a 405 lists them after {@link #allowedMethods()}. Called on the loop, once per request whose method is
     * not one of the seven. Default: none.
     *
     * <pre>{@code
     * @Override protected Set<String> extraMethods() { return Set.of("PROPFIND"); }
     * @Override protected void extraMethod(String method) { setStatus(207); write(multistatus()); }
     * }</pre>
     *
     * @return method names, exactly as the request line spells them (HTTP methods are case-sensitive)
     */
    protected Set<String> extraMethods() {
        return Set.of();
    }

    /**
     * Runs the extra method {@code name} (one of {@link #extraMethods()}) in this handler's style, as
     * {@link #invokeMethod(HttpMethod)} does for the seven. Called on the loop, after {@code prepare()}. For
     * handler styles, not for application code. Default: a 405.
     *
     * @param name the request's method
     * @return a stage completing when the method is done; a failure is handled like a thrown exception
     * @throws Exception what the method threw
     */
    protected CompletionStage<?> invokeExtraMethod(String name) throws Exception {
        sendError(405);
        return DONE;
    }

    /** Returns the request's method when it is one of {@link #extraMethods()}, else null. */
    final @Nullable String extraMethodName() {
        return extraMethod;
    }

    /**
     * Returns the {@link HttpMethod}s, by name, whose handler method ({@code get}, {@code post}...) with the
     * given parameter types {@code handlerClass} declares or inherits from below {@code styleClass} — and
     * HEAD with GET, since the default {@code head()} runs {@code get()}. Found by reflection once per class.
     * For handler styles implementing {@link #allowedMethods()} (Kotlin's passes {@code Continuation}).
     *
     * @param handlerClass the concrete handler class
     * @param styleClass the style's base class, whose own methods answer 405
     * @param parameterTypes the handler methods' parameter types; none for the Java styles
     * @return method names in {@link HttpMethod} order
     */
    protected static List<String> implementedMethods(
            Class<?> handlerClass, Class<?> styleClass, Class<?>... parameterTypes) {
        return AllowedMethods.of(handlerClass, styleClass, parameterTypes);
    }

    /**
     * Takes the connection over after this handler finished a {@code 101 Switching Protocols} response (see
     * {@link HttpServerResponse#detach()}): the server stops reading requests from it and will not close it. For
     * protocol handler styles such as {@code dev.squall.websocket.WebSocketHandler}, not for application code.
     * Loop thread only.
     *
     * @return the connection's stream, with no reader set; bytes the client sent after the request are kept
     * @throws IllegalStateException if the response is not a finished 101, or off the loop
     */
    protected final IOStream detachConnection() {
        return response().detach(); // checks the loop and the finished 101 itself
    }

    // ------------------------------------------------------------------------------------------------
    // Dispatch (package-private: called by Application)

    final void attach(
            Application application,
            HttpServerRequest request,
            HttpServerResponse response,
            Router.@Nullable Match match,
            HandlerTraits traits) {
        this.application = application;
        this.request = request;
        this.response = response;
        this.match = match;
        this.traits = traits;
    }

    /** Returns what reflection tells of this handler's class, read once per class ({@link HandlerTraits}). */
    final HandlerTraits traits() {
        HandlerTraits t = traits;
        if (t == null) {
            t = HandlerTraits.of(getClass());
            traits = t;
        }
        return t;
    }

    /** Records the request's method, from {@link HandlerRun}: one of the seven, or else an extra one. */
    final void dispatchTo(@Nullable HttpMethod method, @Nullable String extraMethod) {
        this.method = method;
        this.extraMethod = extraMethod;
    }

    /** Returns the request's method, null when it is an extra one; for {@link HandlerRun}. */
    final @Nullable HttpMethod methodOrNull() {
        return method;
    }

    /** Returns the route's match, null for a default handler; for {@link HandlerRun}. */
    final Router.@Nullable Match match() {
        return match;
    }

    /** Sets the decoded path arguments, from {@link HandlerRun}. */
    final void setPathArgs(String[] decoded) {
        pathArgs = decoded;
    }

    /** Returns true the first time it is called: {@link HandlerRun} then starts watching the connection. */
    final boolean startWatchingClose() {
        if (watchingClose) {
            return false;
        }
        watchingClose = true;
        return true;
    }

    /** Returns the response side; for {@link HandlerRun}. */
    final HandlerResponse out() {
        return out;
    }

    /** Runs the lifecycle (see {@link HandlerRun}). Any failure is answered, never thrown. */
    final void execute() {
        HandlerRun.execute(this);
    }

    /**
     * Lets a {@link StreamRequestBody} body flow once {@code prepare()} is done, and returns what the method waits
     * for: the whole body when the handler receives it in {@link #dataReceived}; else (and for buffered requests)
     * {@link #DONE}. Styles that run {@code prepare()} and the method in one coroutine call it in between.
     */
    final CompletionStage<?> bodyReadyForMethod() {
        StreamedBody b = streamedBody;
        return b == null ? DONE : b.accept();
    }

    /** Makes this handler's request streamed: called by the application before {@link #execute()}. */
    final StreamedBody streamBody() {
        StreamedBody b = new StreamedBody(this);
        streamedBody = b;
        return b;
    }

    /**
     * Returns a stage that completes when the current user is known, if the method needs it before it runs:
     * it is {@link Authenticated}, or the handler looks its user up asynchronously. Else {@link #DONE}. The
     * coroutine style does this inside its coroutine and overrides this to return {@link #DONE}.
     */
    CompletionStage<?> userReadyForMethod() {
        if (!requiresAuthenticationForRequest() && !traits().asyncUser) {
            return DONE;
        }
        CompletionStage<?> u = currentUserAsync();
        return u instanceof CompletableFuture<?> f && f.isDone() && !f.isCompletedExceptionally() ? DONE : u;
    }

    /**
     * Applies {@link Authenticated} to the method about to run: true to run it; false when there is no user
     * and the request was answered with the login redirect (GET, HEAD). Throws a 403 for other methods. The
     * user must be known already (see {@link #userReadyForMethod()}).
     */
    boolean authorizeMethod() {
        if (!requiresAuthenticationForRequest() || currentUser() != null) {
            return true;
        }
        HttpMethod m = method;
        if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
            throw new HttpError(
                    403,
                    null,
                    "no user signed in for @Authenticated " + request().method() + " "
                            + request().path());
        }
        HttpServerRequest r = request();
        redirect(Authentication.loginRedirect(getLoginUrl(), r.uri(), r.fullUrl()));
        return false;
    }

    /** Runs {@code task} on the request's loop: now if already there, else queued. */
    final void onLoop(Runnable task) {
        HandlerRun.onLoop(this, task);
    }

    /** Called (on the loop) when the connection closed while this handler was waiting. */
    final void connectionClosed() {
        HandlerRun.connectionClosed(this);
    }

    /**
     * Called on the loop after {@link #onConnectionClose()}, for handler styles that stop their own work
     * when the client goes away (a coroutine handler cancels its coroutine). Default: nothing.
     */
    void clientDisconnected() {}

    // ------------------------------------------------------------------------------------------------
    // Streamed request bodies (StreamedBody does the work)

    /**
     * Receives the next chunk of a {@link StreamRequestBody} handler's body, as Tornado's {@code data_received}:
     * called on the loop after {@code prepare()}, once per chunk as it arrives; the HTTP method runs after the
     * last one. The chunk stays valid until the returned stage completes; a pending stage stops the server
     * reading from the socket until it completes. A handler that does not override this reads the body with
     * {@link #requestBody()} instead. Never called for other handlers.
     *
     * @param chunk the next bytes of the body (decoded from chunked framing)
     * @return a stage that completes when the handler is ready for the next chunk
     * @throws Exception answered as an exception of the method (an error page; the connection then closes)
     */
    public CompletionStage<?> dataReceived(ByteBuffer chunk) throws Exception {
        return DONE;
    }

    /**
     * Returns the request body as a source to read chunk by chunk — for {@link StreamRequestBody} handlers that do
     * not override {@link #dataReceived}: their HTTP method runs after {@code prepare()} and reads it. Loop thread.
     *
     * @return the body's source
     * @throws IllegalStateException if the class is not {@link StreamRequestBody} (its body is buffered: use
     *     {@code request().body()})
     */
    public final RequestBodySource requestBody() {
        StreamedBody b = streamedBody;
        if (b == null) {
            throw new IllegalStateException(getClass().getName() + " is not annotated @StreamRequestBody, so its "
                    + "body was buffered: read request().body(), or annotate the class to stream the body");
        }
        return b;
    }

    /**
     * Sets the largest body this {@link StreamRequestBody} request may send, in place of the server's
     * {@code maxBodyBytes}, as Tornado's {@code set_max_body_size}: a larger {@code Content-Length} is answered
     * with 413 before the body is read, a chunked body with 413 when it grows past it. Call it in
     * {@code prepare()}.
     *
     * @param bytes the limit
     * @throws IllegalStateException if the class is not {@link StreamRequestBody}, or the body is already flowing
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public final void setMaxBodyBytes(long bytes) {
        StreamedBody b = streamedBody;
        if (b == null) {
            throw new IllegalStateException("setMaxBodyBytes() applies to @StreamRequestBody handlers; a buffered "
                    + "body's limit is the server's maxBodyBytes");
        }
        b.maxBodyBytes(bytes);
    }

    /** Returns the streamed body, or null for a buffered request (the multipart stream's entry). */
    final @Nullable StreamedBody streamedBody() {
        return streamedBody;
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle hooks

    /**
     * Called after the response is finished (also after errors), for cleanup and metrics, as Tornado's
     * {@code on_finish}. Runs on the loop; exceptions are logged. Default: nothing.
     */
    public void onFinish() {}

    /**
     * Called when the client closes the connection while this handler is still waiting (for a stage, a
     * streamed flush), as Tornado's {@code on_connection_close}: stop the work, the answer will not be read.
     * Not called once the response is finished. Runs on the loop; exceptions are logged. Default: nothing.
     */
    public void onConnectionClose() {}

    /**
     * Called when the server begins a graceful shutdown ({@code HttpServer.shutdown(grace)}) while this handler
     * is still waiting (a long poll): finish the response now — answer with what there is, or a 503 — rather
     * than be cut off when the grace period ends. Not called once the response is finished. Runs on the loop;
     * exceptions are logged. Default: nothing (the handler keeps the whole grace period).
     */
    public void onServerShutdown() {}

    /**
     * Logs an exception that ended a request: an {@link HttpError} with a log message at WARNING, other
     * {@code HttpError}s not at all, anything else at ERROR with its stack trace, as Tornado's
     * {@code log_exception}. Override to report errors elsewhere. Runs on the loop.
     *
     * @param error the exception
     */
    protected void logException(Throwable error) {
        if (error instanceof HttpError he) {
            if (he.logMessage() != null) {
                GEN_LOG.log(Level.WARNING, he.status() + " " + requestSummary() + ": " + he.logMessage());
            }
        } else {
            APP_LOG.log(Level.ERROR, "Uncaught exception " + requestSummary(), error);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Request

    /** Returns the application that routed this request. */
    public final Application application() {
        Application app = application;
        if (app == null) {
            throw notAttached();
        }
        return app;
    }

    /**
     * Returns the request's method as one of the seven the handler dispatches; the framework answers any other
     * with a 405 before the handler runs, unless it is one of {@link #extraMethods()}.
     *
     * @return the method
     * @throws IllegalStateException before the request started (in the constructor), or when the request's
     *     method is an extra one (read {@code request().method()} then)
     */
    public final HttpMethod method() {
        HttpMethod m = method;
        if (m == null) {
            String extra = extraMethod;
            if (extra != null) {
                throw new IllegalStateException("method() is one of the seven HttpMethods, but this request's method "
                        + "is the extra method " + extra + "; read request().method() for it");
            }
            throw notAttached();
        }
        return m;
    }

    /** Returns the request: method, URI, headers, body, remote IP (honouring xheaders), protocol, host. */
    public final HttpServerRequest request() {
        HttpServerRequest r = request;
        if (r == null) {
            throw notAttached();
        }
        return r;
    }

    /** Returns the connection's response; for {@link HandlerResponse}. */
    final HttpServerResponse response() {
        HttpServerResponse r = response;
        if (r == null) {
            throw notAttached();
        }
        return r;
    }

    private IllegalStateException notAttached() {
        return new IllegalStateException(getClass().getName() + " is not handling a request yet: a handler gets "
                + "its request after construction; read it in prepare() or the HTTP method, not the constructor");
    }

    /**
     * Returns the time since the request started, in seconds, as Tornado's {@code request_time()}. Once the
     * response is finished the value stops growing: it is fixed by the first call after {@link #finish()}
     * (which the access log makes as the response finishes).
     *
     * @return seconds on the loop's clock
     */
    public double requestTime() {
        long end;
        if (!out.isFinished()) {
            end = request().loop().nanoTime();
        } else {
            if (finishNanos == 0) {
                // Read lazily: a clock read costs ~100 ns on virtual machines, and most requests never ask.
                // The access log asks as the response finishes, which fixes the value for later calls.
                finishNanos = request().loop().nanoTime();
            }
            end = finishNanos;
        }
        return (end - request().startNanos()) / 1e9;
    }

    /**
     * Returns a path argument by group name: the value captured by {@code (?<name>...)} in the route,
     * percent-decoded ({@code +} stays {@code +}).
     *
     * @param name the group name
     * @return the decoded value; empty when the group did not take part in the match
     * @throws IllegalArgumentException if the route has no group of that name
     */
    public final String pathArg(String name) {
        Integer group = match != null ? match.route().pattern.namedGroups.get(name) : null;
        if (group == null) {
            throw new IllegalArgumentException(
                    "the route " + (match != null ? "\"" + match.route().pattern + "\"" : "(none)")
                            + " has no group named \"" + name + "\"; name it with (?<" + name + ">...)");
        }
        return pathArgs[group - 1];
    }

    /**
     * Returns a path argument by position, 0-based, percent-decoded.
     *
     * @param index the group's position among the route's groups
     * @return the decoded value; empty when the group did not take part in the match
     * @throws IndexOutOfBoundsException if the route has fewer groups
     */
    public final String pathArg(int index) {
        if (index < 0 || index >= pathArgs.length) {
            throw new IndexOutOfBoundsException("path argument " + index + " requested, but the route has "
                    + pathArgs.length + " group" + (pathArgs.length == 1 ? "" : "s"));
        }
        return pathArgs[index];
    }

    /** Returns every path argument, decoded, in group order. */
    public final List<String> pathArgs() {
        return List.of(pathArgs);
    }

    /**
     * Returns the last value of a query or body argument, stripped of surrounding whitespace, as Tornado's
     * {@code get_argument}.
     *
     * @param name the argument name
     * @return the value
     * @throws MissingArgumentError (a 400 naming it) if absent
     * @throws HttpError 400 if the value is not valid UTF-8 or the body cannot be parsed
     */
    public final String getArgument(String name) {
        return RequestArguments.required(name, getArgumentOrNull(name));
    }

    /**
     * Returns the last value of a query or body argument, stripped, or {@code defaultValue} when absent.
     *
     * @param name the argument name
     * @param defaultValue returned when absent
     * @return the value
     * @throws HttpError 400 if the value is not valid UTF-8 or the body cannot be parsed
     */
    public final String getArgument(String name, String defaultValue) {
        String v = getArgumentOrNull(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Returns the last value of a query or body argument, stripped, or null when absent.
     *
     * @param name the argument name
     * @return the value or null
     * @throws HttpError 400 if the value is not valid UTF-8 or the body cannot be parsed
     */
    public final @Nullable String getArgumentOrNull(String name) {
        return arguments().all().last(name);
    }

    /**
     * Returns every value of a query or body argument (query values first), stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty
     * @throws HttpError 400 if a value is not valid UTF-8 or the body cannot be parsed
     */
    public final List<String> getArguments(String name) {
        return arguments().all().all(name, true);
    }

    /**
     * Returns every value of a query or body argument, stripped or not.
     *
     * @param name the argument name
     * @param strip whether to strip surrounding whitespace
     * @return the values, possibly empty
     * @throws HttpError 400 if a value is not valid UTF-8 or the body cannot be parsed
     */
    public final List<String> getArguments(String name, boolean strip) {
        return arguments().all().all(name, strip);
    }

    /**
     * Returns the last value of a query-string argument, stripped.
     *
     * @param name the argument name
     * @return the value
     * @throws MissingArgumentError if absent
     * @throws HttpError 400 if the value is not valid UTF-8
     */
    public final String getQueryArgument(String name) {
        return RequestArguments.required(name, getQueryArgumentOrNull(name));
    }

    /**
     * Returns the last value of a query-string argument, stripped, or {@code defaultValue}.
     *
     * @param name the argument name
     * @param defaultValue returned when absent
     * @return the value
     */
    public final String getQueryArgument(String name, String defaultValue) {
        String v = getQueryArgumentOrNull(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Returns the last value of a query-string argument, stripped, or null.
     *
     * @param name the argument name
     * @return the value or null
     */
    public final @Nullable String getQueryArgumentOrNull(String name) {
        return arguments().query().last(name);
    }

    /**
     * Returns every value of a query-string argument, stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public final List<String> getQueryArguments(String name) {
        return arguments().query().all(name, true);
    }

    /**
     * Returns the last value of a body argument ({@code application/x-www-form-urlencoded} or a
     * {@code multipart/form-data} field), stripped.
     *
     * @param name the argument name
     * @return the value
     * @throws MissingArgumentError if absent
     * @throws HttpError 400 if the value is not valid UTF-8 or the body cannot be parsed
     */
    public final String getBodyArgument(String name) {
        return RequestArguments.required(name, getBodyArgumentOrNull(name));
    }

    /**
     * Returns the last value of a body argument, stripped, or {@code defaultValue}.
     *
     * @param name the argument name
     * @param defaultValue returned when absent
     * @return the value
     */
    public final String getBodyArgument(String name, String defaultValue) {
        String v = getBodyArgumentOrNull(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Returns the last value of a body argument, stripped, or null.
     *
     * @param name the argument name
     * @return the value or null
     */
    public final @Nullable String getBodyArgumentOrNull(String name) {
        return arguments().body().last(name);
    }

    /**
     * Returns every value of a body argument, stripped.
     *
     * @param name the argument name
     * @return the values, possibly empty
     */
    public final List<String> getBodyArguments(String name) {
        return arguments().body().all(name, true);
    }

    /**
     * Returns the files uploaded under {@code name} in a {@code multipart/form-data} body.
     *
     * @param name the form field name
     * @return the files, in order; empty when none
     * @throws HttpError 400 if the body cannot be parsed
     */
    public final List<UploadedFile> getFiles(String name) {
        return arguments().files(name);
    }

    private RequestArguments arguments() {
        RequestArguments a = arguments;
        if (a == null) {
            a = new RequestArguments(request());
            arguments = a;
        }
        return a;
    }

    /**
     * Parses the request body as JSON into {@code type}, through the application's {@link
     * com.squareup.moshi.Moshi}.
     *
     * @param type the class to read, e.g. {@code NewStory.class}
     * @param <T> the result type
     * @return the value, never null
     * @throws HttpError 400 whose reason names the parse error ({@code Invalid JSON body: Expected a string but
     *     was NUMBER at path $.title}) if the body is empty, malformed, of the wrong shape, or JSON null
     */
    public final <T> T getJsonBody(Class<T> type) {
        return getJsonBody((Type) type);
    }

    /**
     * Parses the request body as JSON into a generic type such as
     * {@code Types.newParameterizedType(List.class, Story.class)}.
     *
     * @param type the type to read
     * @param <T> the result type (unchecked: it must match {@code type})
     * @return the value, never null
     * @throws HttpError 400 whose reason names the parse error
     */
    public final <T> T getJsonBody(Type type) {
        byte[] data = request().body();
        if (data.length == 0) {
            throw invalidJson("the request has no body");
        }
        JsonAdapter<T> adapter = application().jsonAdapter(type);
        // Read through a stream, not a Buffer copy: the body is held once (bounded by maxBufferedBodyBytes).
        try (JsonReader reader = JsonReader.of(Okio.buffer(Okio.source(new ByteArrayInputStream(data))))) {
            T value = adapter.fromJson(reader);
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw invalidJson("more data after the JSON value at path " + reader.getPath());
            }
            if (value == null) {
                throw invalidJson("the body is JSON null");
            }
            return value;
        } catch (JsonDataException e) {
            throw invalidJson(e.getMessage());
        } catch (IOException e) { // JsonEncodingException, EOFException: malformed or truncated
            throw invalidJson(e.getMessage());
        } catch (AssertionError e) {
            throw Application.explainJsonFailure(type, e);
        }
    }

    private static HttpError invalidJson(@Nullable String why) {
        String text = "Invalid JSON body: " + (why != null ? why : "unreadable");
        return new HttpError(400, ReasonPhrase.sanitizeReason(text), text);
    }

    // ------------------------------------------------------------------------------------------------
    // Current user and authentication (state in CurrentUser, rules in Authentication)

    private CurrentUser user() {
        CurrentUser u = user;
        if (u == null) {
            u = new CurrentUser(this);
            user = u;
        }
        return u;
    }

    /**
     * Returns the user of this request, computed once by {@link #getCurrentUser()} (or set by
     * {@link #setCurrentUser}, or found by {@link #getCurrentUserAsync()}), as Tornado's {@code current_user}.
     *
     * @return the user, or null when nobody is signed in
     * @throws IllegalStateException if the handler overrides {@code getCurrentUserAsync()} and the lookup has
     *     not completed yet (in {@code prepare()}: use {@link #currentUserAsync()})
     */
    public final @Nullable Object currentUser() {
        return user().get();
    }

    /**
     * Returns the user of this request as a stage, starting the lookup through {@link #getCurrentUserAsync()}
     * the first time. Completes on the request's loop; later calls return the same result.
     *
     * @return a stage of the user, or of null when nobody is signed in
     */
    public final CompletionStage<@Nullable Object> currentUserAsync() {
        return user().async();
    }

    /**
     * Sets the user of this request, e.g. from an asynchronous {@code prepare()} that looked it up (the Kotlin
     * way: {@code override suspend fun prepare() { setCurrentUser(users.find(getSignedCookie("user"))) }}).
     *
     * @param user the user, or null
     */
    public final void setCurrentUser(@Nullable Object user) {
        user().set(user);
    }

    /**
     * Determines the user of this request; override it (with a narrower return type if you like) to read a
     * signed cookie or a header. Called at most once per request. In a {@link CoroutineRequestHandler} it runs
     * in the request's coroutine (also when the framework calls it for {@link Authenticated}), so it may
     * {@code await} a database lookup. Default: null.
     *
     * @return the user, or null when nobody is signed in
     */
    protected @Nullable Object getCurrentUser() {
        return null;
    }

    /**
     * Determines the user asynchronously, for handlers that chain futures: override it to return the stage of
     * a database lookup. When a handler overrides it, the framework calls it once per request after
     * {@code prepare()} and waits for it before the HTTP method, so {@link #currentUser()} works in the method;
     * {@code prepare()} reads it with {@link #currentUserAsync()}. Default: {@link #getCurrentUser()}, completed.
     *
     * @return a stage of the user (null when nobody is signed in), completing on the request's loop
     */
    protected CompletionStage<? extends @Nullable Object> getCurrentUserAsync() {
        return CompletableFuture.completedFuture(getCurrentUser());
    }

    /**
     * Returns whether {@code method} needs a signed-in user: by default, whether the handler's method (or
     * class) carries {@link Authenticated}. Override it to decide in code — the way for Kotlin or for a handler
     * shared by several routes: {@code override fun requiresAuthentication(method: HttpMethod) = true}.
     *
     * @param method the request's method
     * @return true to redirect (GET, HEAD) or refuse with 403 (others) a request without a user
     */
    protected boolean requiresAuthentication(HttpMethod method) {
        return traits().requires(method);
    }

    /** Whether the request's method needs a user: an extra method when its class or {@code extraMethod} is annotated. */
    private boolean requiresAuthenticationForRequest() {
        HttpMethod m = method;
        return m != null ? requiresAuthentication(m) : traits().extraMethodRequired;
    }

    /**
     * Returns the login page {@link Authenticated} redirects to, as Tornado's {@code get_login_url}. Default:
     * the application's {@link Application.Builder#loginUrl(String) loginUrl}.
     *
     * @return the login URL
     * @throws IllegalStateException if the application has no {@code loginUrl} (a 500, whose log says to set it)
     */
    protected String getLoginUrl() {
        String url = application().loginUrl();
        if (url == null) {
            throw new IllegalStateException(getClass().getName() + " requires a signed-in user (@Authenticated), "
                    + "but the application has no login page to send visitors to: set "
                    + "Application.builder().loginUrl(\"/login\"), or override getLoginUrl()");
        }
        return url;
    }

    /**
     * Returns the {@code next} argument if it is a path on this site, else {@code fallback}: where to go after
     * a login, without an open redirect (see {@link SafeRedirects#isLocalPath(String)}).
     *
     * <pre>{@code
     * setSignedCookie("user", name);
     * redirect(nextUrl("/"));
     * }</pre>
     *
     * @param fallback where to go when {@code next} is absent or unsafe, e.g. {@code /}
     * @return a local path
     */
    public final String nextUrl(String fallback) {
        String next = getArgumentOrNull("next");
        return next != null && SafeRedirects.isLocalPath(next) ? next : fallback;
    }

    // ------------------------------------------------------------------------------------------------
    // Cookies (state in Cookies)

    private Cookies cookieState() {
        Cookies c = cookies;
        if (c == null) {
            c = new Cookies();
            cookies = c;
        }
        return c;
    }

    private long nowMillis() {
        return request().loop().clock().currentTimeMillis();
    }

    /**
     * Returns the value of a cookie the request brought, as Tornado's {@code get_cookie}: parsed leniently
     * (quoted values unquoted, malformed pairs skipped); for a name sent twice, the last value.
     *
     * @param name the cookie's name
     * @return the value, or null when absent
     */
    public final @Nullable String getCookie(String name) {
        return cookies().get(name);
    }

    /**
     * Returns the value of a cookie the request brought, or {@code defaultValue}.
     *
     * @param name the cookie's name
     * @param defaultValue returned when absent
     * @return the value
     */
    public final String getCookie(String name, String defaultValue) {
        String v = getCookie(name);
        return v != null ? v : defaultValue;
    }

    /**
     * Returns every cookie the request brought, by name, in order.
     *
     * @return an unmodifiable map, empty without a {@code Cookie} header
     */
    public final Map<String, String> cookies() {
        return cookieState().incoming(request().headers());
    }

    /**
     * Sets a cookie with {@code Path=/} for the rest of the browser session.
     *
     * @param name the name: letters, digits and {@code !#$%&'*+-.^_`|~}
     * @param value the value; quoted when it has characters outside the cookie-octet set
     * @throws IllegalArgumentException if the name is not a token, or the value has control characters,
     *     whitespace or characters beyond Latin-1 (encode it first)
     * @throws IllegalStateException if the headers were already sent
     */
    public final void setCookie(String name, String value) {
        setCookie(name, value, CookieOptions.defaults());
    }

    /**
     * Sets a cookie with the given attributes, as Tornado's {@code set_cookie}. A cookie of the same name,
     * domain and path set earlier in this response is replaced.
     *
     * @param name the name
     * @param value the value
     * @param options path, domain, expiry, Secure, HttpOnly, SameSite, Partitioned
     * @throws IllegalArgumentException if the name or value is invalid (see {@link #setCookie(String, String)})
     * @throws IllegalStateException if the headers were already sent
     */
    public final void setCookie(String name, String value, CookieOptions options) {
        out.checkHeadersOpen("setCookie");
        cookieState().set(name, value, options, nowMillis());
    }

    /**
     * Deletes a cookie with {@code Path=/} by sending it expired (a year in the past), as Tornado's
     * {@code clear_cookie}.
     *
     * @param name the name
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearCookie(String name) {
        clearCookie(name, CookieOptions.defaults());
    }

    /**
     * Deletes a cookie set with the given path and domain (a browser keeps cookies per name, domain and path,
     * so these must match how it was set).
     *
     * @param name the name
     * @param options the path and domain it was set with (other attributes are sent as given)
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearCookie(String name, CookieOptions options) {
        out.checkHeadersOpen("clearCookie");
        cookieState().clear(name, options, nowMillis());
    }

    /**
     * Deletes every cookie the request brought, with {@code Path=/}, as Tornado's {@code clear_all_cookies}.
     *
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearAllCookies() {
        clearAllCookies(CookieOptions.defaults());
    }

    /**
     * Deletes every cookie the request brought, with the given path and domain.
     *
     * @param options the path and domain they were set with
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearAllCookies(CookieOptions options) {
        for (String name : cookies().keySet()) {
            if (!name.isEmpty()) {
                clearCookie(name, options);
            }
        }
    }

    /** Adds the handler's collaborators' headers (the outgoing cookies) as the head goes out. */
    final void beforeHeadWritten(HttpHeaders headers) {
        Cookies c = cookies;
        if (c != null) {
            c.writeTo(headers);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Signed cookies (SignedValues)

    private SignedValues signer() {
        SignedValues s = application().signedValues();
        if (s == null) {
            throw new IllegalStateException("signed cookies need a secret: set Application.builder()"
                    + ".cookieSecret(secret) (a long random string kept out of the source code)");
        }
        return s;
    }

    /**
     * Returns the value of a signed cookie if its signature is valid and it is at most 31 days old, as
     * Tornado's {@code get_signed_cookie}. A tampered, expired, malformed or otherwise invalid cookie reads as
     * absent (a DEBUG line on {@code dev.squall.security} says why).
     *
     * @param name the cookie's name (it is part of the signature)
     * @return the value, or null
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public final @Nullable String getSignedCookie(String name) {
        return getSignedCookie(name, SignedValues.DEFAULT_MAX_AGE);
    }

    /**
     * Returns the value of a signed cookie if valid and at most {@code maxAge} old.
     *
     * @param name the cookie's name
     * @param maxAge how old the signature may be
     * @return the value, or null
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public final @Nullable String getSignedCookie(String name, Duration maxAge) {
        SignedValues s = signer();
        return s.verify(name, getCookie(name), Math.floorDiv(nowMillis(), 1000L), maxAge);
    }

    /**
     * Signs and sets a cookie that expires in 30 days, as Tornado's {@code set_signed_cookie}: the browser
     * can read the value (it is not encrypted) but cannot change it.
     *
     * @param name the cookie's name
     * @param value the value
     * @throws IllegalStateException if the application has no {@code cookieSecret}, or the headers were sent
     */
    public final void setSignedCookie(String name, String value) {
        setSignedCookie(name, value, CookieOptions.defaults());
    }

    /**
     * Signs and sets a cookie with the given attributes; without an expiry in them, it expires in 30 days.
     *
     * @param name the cookie's name
     * @param value the value
     * @param options the cookie's attributes, e.g. {@code httpOnly(true).secure(true)}
     * @throws IllegalStateException if the application has no {@code cookieSecret}, or the headers were sent
     */
    public final void setSignedCookie(String name, String value, CookieOptions options) {
        CookieOptions o = options.hasExpiry()
                ? options
                : options.newBuilder()
                        .expiresDays(SignedValues.DEFAULT_EXPIRES_DAYS)
                        .build();
        setCookie(name, createSignedValue(name, value), o);
    }

    /**
     * Signs {@code value} for {@code name} with the application's current key, as Tornado's
     * {@code create_signed_value}: for a signed value sent some other way than a cookie (a link, a header).
     *
     * @param name the name it is signed for
     * @param value the value
     * @return the signed value
     * @throws IllegalStateException if the application has no {@code cookieSecret}
     */
    public final String createSignedValue(String name, String value) {
        return signer().sign(name, value, Math.floorDiv(nowMillis(), 1000L));
    }

    // ------------------------------------------------------------------------------------------------
    // XSRF (state in Xsrf, format in XsrfTokens)

    private Xsrf xsrf() {
        Xsrf x = xsrf;
        if (x == null) {
            x = new Xsrf(this);
            xsrf = x;
        }
        return x;
    }

    /**
     * Returns this response's XSRF token, as Tornado's {@code xsrf_token}: the {@code _xsrf} cookie's token
     * (a new one, set as the cookie, when the request had none), masked afresh for this response. Put it in
     * forms ({@link #xsrfFormHtml()}) or hand it to scripts, which send it in an {@code X-XSRFToken} header.
     *
     * @return the token, in Tornado's version-2 format
     * @throws IllegalStateException if the cookie must be set and the headers were already sent
     */
    public final String xsrfToken() {
        CurrentUser u = user;
        return xsrf().token(u == null ? null : u.loadedOrNull());
    }

    /**
     * Returns {@code <input type="hidden" name="_xsrf" value="..."/>} for a form that posts to this site, as
     * Tornado's {@code xsrf_form_html}.
     *
     * @return the HTML
     */
    public final String xsrfFormHtml() {
        CurrentUser u = user;
        return xsrf().formHtml(u == null ? null : u.loadedOrNull());
    }

    /**
     * Checks the XSRF token of a request that is not GET, HEAD or OPTIONS, when the application has
     * {@link Application.Builder#xsrfCookies(boolean) xsrfCookies} on; called before {@code prepare()}. The
     * token comes from the {@code _xsrf} argument, else the {@code X-XSRFToken} or {@code X-CSRFToken} header,
     * and must match the {@code _xsrf} cookie's. Override with an empty method to opt a handler out (an API
     * authenticated otherwise, e.g. with a bearer token).
     *
     * @throws HttpError 403 whose reason says what is missing or wrong
     */
    protected void checkXsrfCookie() {
        xsrf().check();
    }

    /**
     * Returns the URL path of a named route with {@code args} in its groups, escaped, as Tornado's
     * {@code reverse_url}. Same as {@code application().reverseUrl(name, args)}.
     *
     * @param name the route's name
     * @param args one value per group
     * @return the path, e.g. {@code /story/42}
     * @throws IllegalArgumentException if there is no such route or the arguments do not fit
     */
    public final String reverseUrl(String name, Object... args) {
        return application().reverseUrl(name, args);
    }

    // ------------------------------------------------------------------------------------------------
    // Response (delegated to HandlerResponse)

    /**
     * Sets the status with its standard reason phrase.
     *
     * @param status 100..599
     * @throws IllegalArgumentException if out of range
     */
    public final void setStatus(int status) {
        out.setStatus(status, null);
    }

    /**
     * Sets the status and reason phrase.
     *
     * @param status 100..599
     * @param reason the reason phrase, or null for the standard one; visible ASCII, Latin-1, spaces and tabs,
     *     no {@code <}
     * @throws IllegalArgumentException if the status is out of range or the reason has CR, LF, other control
     *     characters or {@code <}
     */
    public final void setStatus(int status, @Nullable String reason) {
        out.setStatus(status, reason);
    }

    /** Returns the response status (200 until set). */
    public final int status() {
        return out.status();
    }

    /**
     * Sets a response header, replacing any value it had.
     *
     * @param name a header name (an HTTP token)
     * @param value the value
     * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
     * @throws IllegalStateException if the headers were already sent by {@link #flush()}
     */
    public final void setHeader(String name, String value) {
        out.setHeader(name, value);
    }

    /**
     * Adds a response header value, keeping existing ones (for headers that may repeat).
     *
     * @param name a header name
     * @param value the value
     * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
     * @throws IllegalStateException if the headers were already sent
     */
    public final void addHeader(String name, String value) {
        out.addHeader(name, value);
    }

    /**
     * Removes a response header, including a default such as {@code Content-Type}.
     *
     * @param name the header name, any case
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearHeader(String name) {
        out.clearHeader(name);
    }

    /**
     * Returns the first value of a response header set so far, or null.
     *
     * @param name the header name, any case
     * @return the value or null
     */
    public final @Nullable String getResponseHeader(String name) {
        return out.headers().get(name);
    }

    /**
     * Resets the response to its initial state: status 200, default headers, empty body. Used before an
     * error page; rarely needed by applications. Cookies set with {@code setCookie} survive it, as in Tornado.
     *
     * @throws IllegalStateException if the headers were already sent
     */
    public void clear() {
        out.clear();
        setDefaultHeaders();
    }

    /**
     * Sets the headers every response of this handler starts with, as Tornado's {@code set_default_headers}:
     * a {@code Server} header, a security policy. Called on the loop before {@code prepare()} (after the
     * constructor: a header the constructor set with the same name is replaced) and again after each
     * {@link #clear()}, so an error page keeps them. Default: nothing.
     *
     * <pre>{@code
     * @Override protected void setDefaultHeaders() { setHeader("Server", "Squall"); }
     * }</pre>
     */
    protected void setDefaultHeaders() {}

    /**
     * Appends text, encoded as UTF-8, to the response body.
     *
     * @param text the text
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(String text) {
        out.write(text);
    }

    /**
     * Appends bytes to the response body (copied).
     *
     * @param bytes the bytes
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(byte[] bytes) {
        out.write(bytes);
    }

    /**
     * Appends bytes to the response body.
     *
     * @param bytes the bytes
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(ByteString bytes) {
        out.write(bytes);
    }

    /**
     * Appends {@code value} to the body: as text for a {@link CharSequence}, as bytes for a {@code byte[]} or
     * {@link ByteString}, else as JSON through the application's {@link com.squareup.moshi.Moshi} — a
     * {@code Map}, a {@code List}, a record or any class Moshi can serialise — setting {@code Content-Type}
     * to {@value #JSON_CONTENT_TYPE}.
     *
     * @param value the value
     * @throws IllegalArgumentException if Moshi cannot serialise the value's class
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(Object value) {
        if (value instanceof CharSequence text) {
            out.write(text.toString());
        } else if (value instanceof byte[] bytes) {
            out.write(bytes);
        } else if (value instanceof ByteString bytes) {
            out.write(bytes);
        } else {
            out.writeJson(value);
        }
    }

    /**
     * Sends the headers (the first time) and the body written so far, chunked since the total length is not
     * known yet; the streaming primitive.
     *
     * <pre>{@code
     * write(part);
     * return flush().thenCompose(ignored -> nextPart());   // waits until the client has taken the bytes
     * }</pre>
     *
     * @return a future completed on the loop when these bytes reached the kernel (a slow client delays it),
     *     or failed with {@link dev.squall.net.StreamClosedException} if the connection closed first
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final CompletableFuture<Void> flush() {
        return out.flush();
    }

    /**
     * Sends part of a file as the next part of the body: the headers first (the first time; set
     * {@code Content-Length} for a length-delimited body, else it is chunked), then what was written so far,
     * then the file's bytes, which never enter the heap on a plain socket ({@code FileChannel.transferTo}) and
     * stream in bounded pieces through TLS. No gzip transform applies. Write nothing else until the returned
     * future completes; close {@code file} then. {@link StaticFileHandler} is built on it.
     *
     * <pre>{@code
     * FileChannel ch = FileChannel.open(path);
     * setHeader("Content-Length", Long.toString(ch.size()));
     * return writeFile(ch, 0, ch.size()).whenComplete((ok, error) -> close(ch));   // in an AsyncRequestHandler
     * }</pre>
     *
     * @param file an open file; its own position is not used
     * @param position where to start
     * @param count how many bytes
     * @return a future completed on the loop when the bytes reached the kernel (nothing is sent for HEAD)
     * @throws IllegalStateException if the response is finished, off the loop, or after a compressed flush
     */
    public final CompletableFuture<Void> writeFile(FileChannel file, long position, long count) {
        return out.writeFile(file, position, count);
    }

    /**
     * Returns the versioned URL of a static file, as Tornado's {@code static_url}:
     * {@code staticUrl("css/site.css")} → {@code /static/css/site.css?v=3f2a9c0d51e7b684}, cacheable for a year
     * and changed when the file changes. See {@link StaticFiles#url}.
     *
     * @param path the file's path under the application's {@code staticPath}
     * @return the URL
     * @throws IllegalStateException if the application has no {@code staticPath}
     */
    public final String staticUrl(String path) {
        return application().staticUrl(path);
    }

    /**
     * Ends the response: computes the {@code Etag} of a 200 answer to GET or HEAD and turns it into a 304
     * when the client's {@code If-None-Match} matches, sends what is left, logs the request and calls
     * {@link #onFinish()}. Called automatically when the method (or its stage) completes, unless the handler
     * called it.
     *
     * <p>Returns a future of the flush, as Tornado's {@code finish()}: a handler that must know the client got
     * the bytes (before releasing a resource, say) waits on it; most ignore it.
     *
     * @return a future completed on the loop when the response's last bytes reached the kernel; failed with
     *     {@link dev.squall.net.StreamClosedException} if the connection closed first
     * @throws IllegalStateException if called twice, off the loop, or with a body on a 1xx, 204 or 304
     *     response
     */
    public final CompletableFuture<Void> finish() {
        return out.finish();
    }

    /** Returns whether the response has been finished. */
    public final boolean isFinished() {
        return out.isFinished();
    }

    /**
     * Redirects with 302 Found. A relative {@code url} is resolved against the request's URI as a browser would
     * (against {@code /a/b?c}: {@code x} is {@code /a/x}, {@code ../x} is {@code /x}, {@code ?q} is
     * {@code /a/b?q}); an absolute path or a URL with a scheme is sent as it is. A scheme-relative
     * {@code //host/...} is refused as an open redirect: write the scheme to leave the site on purpose.
     *
     * @param url the target, absolute or relative
     * @throws IllegalArgumentException for a scheme-relative URL, or one with CR or LF
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url) {
        out.redirect(url, 302);
    }

    /**
     * Redirects with 301 Moved Permanently or 302 Found.
     *
     * @param url the target, resolved as {@link #redirect(String)} says
     * @param permanent true for 301
     * @throws IllegalArgumentException for a scheme-relative URL, or one with CR or LF
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url, boolean permanent) {
        out.redirect(url, permanent ? 301 : 302);
    }

    /**
     * Redirects with the given 3xx status and finishes the response.
     *
     * @param url the target, resolved as {@link #redirect(String)} says
     * @param status 300..399
     * @throws IllegalArgumentException if the status is not 3xx, the URL is scheme-relative or contains CR or LF
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url, int status) {
        out.redirect(url, status);
    }

    /**
     * Answers with an error page for {@code status}, as Tornado's {@code send_error}.
     *
     * @param status the HTTP status
     * @throws IllegalArgumentException if the status is out of range
     */
    public final void sendError(int status) {
        out.sendError(status, null);
    }

    /**
     * Answers with an error page: clears the response, sets the status (and the {@link HttpError}'s reason),
     * calls {@link #writeError} and finishes. When the headers were already sent it can only end the response
     * (and closes the connection so the client sees it was cut short).
     *
     * @param status the HTTP status
     * @param error the exception that caused it, or null
     * @throws IllegalArgumentException if the status is out of range
     */
    public final void sendError(int status, @Nullable Throwable error) {
        out.sendError(status, error);
    }

    /**
     * Writes the body of an error page, as Tornado's {@code write_error}: the stack trace as text/plain when
     * the application serves tracebacks ({@code debug} or {@code serveTraceback}) and there is an exception,
     * else a small HTML page {@code 404: Not Found}. Override for custom error pages (JSON for APIs...); the
     * status is already set, and {@link #status()} gives it.
     *
     * @param status the HTTP status
     * @param error the exception that caused the error, or null
     * @throws Exception anything; it is logged and the response finished as it stands
     */
    protected void writeError(int status, @Nullable Throwable error) throws Exception {
        out.writeDefaultError(status, error);
    }

    // ------------------------------------------------------------------------------------------------
    // ETag

    /**
     * Returns the ETag for the body written so far: a quoted SHA-1 hex digest, or null (no ETag) when the
     * body is empty. Override to compute it more cheaply, or return null to turn it off.
     *
     * @return a quoted entity tag, or null
     */
    protected @Nullable String computeEtag() {
        BodyBuffer body = out.body();
        return body.size() == 0 ? null : '"' + body.sha1Hex() + '"';
    }

    /** Sets the {@code Etag} header from {@link #computeEtag()} when that is not null. */
    protected void setEtagHeader() {
        String etag = computeEtag();
        if (etag != null) {
            out.headers().set("Etag", etag);
        }
    }

    /**
     * Returns whether the request's {@code If-None-Match} matches the response's {@code Etag}: {@code *}
     * matches anything, otherwise any listed tag compared weakly ({@code W/} ignored).
     *
     * @return true when the client already has this response (a 304 follows)
     */
    protected boolean checkEtagHeader() {
        String etag = out.headers().get("Etag");
        // Without an Etag nothing can match: skip the scan of the request's headers.
        return etag != null && Etags.matches(etag, request().headers().get("If-None-Match"));
    }

    // ================================================================================================
    // Templates, UI modules and locale (issue 15). Thin delegates to Rendering, which holds the logic and the
    // per-request state; this block stays together so it merges as one piece.

    private @Nullable Rendering rendering;

    private Rendering rendering() {
        Rendering r = rendering;
        if (r == null) {
            r = rendering = new Rendering(this);
        }
        return r;
    }

    /** Whether the headers went out (with flush()): render then keeps the Content-Type it has. */
    final boolean headersSent() {
        return out.isHeadWritten();
    }

    /**
     * Renders a template with no parameters but {@code page} and finishes the response; see
     * {@link #render(String, Map)}.
     *
     * @param name the template's name
     * @throws dev.squall.template.TemplateException if the template fails (the request ends with a 500)
     * @throws IllegalStateException if the application has no template engine, or the response is finished
     */
    public final void render(String name) {
        rendering().render(name, Map.of());
    }

    /**
     * Renders a template and finishes the response, as Tornado's {@code render}: the template gets
     * {@code model}'s entries as parameters and the request's {@link dev.squall.template.PageContext} as
     * {@code page}; the page is rendered whole before anything is written (a failing template ends the
     * request with a 500 naming the template and line, never with half a page); the CSS and JavaScript of
     * the UI modules it used go before {@code </head>} and {@code </body>}; {@code Content-Type} is the
     * template's ({@code text/html; charset=UTF-8} for HTML). Works in every handler style; runs on the loop.
     *
     * <pre>{@code
     * render("story.jte", Map.of("story", story, "comments", comments));
     * }</pre>
     *
     * @param name the template's name, e.g. {@code story.jte}
     * @param model the template's parameters by name
     * @throws dev.squall.template.TemplateException if the template fails (the request ends with a 500)
     * @throws IllegalStateException if the application has no template engine, or the response is finished
     */
    public final void render(String name, Map<String, ? extends @Nullable Object> model) {
        rendering().render(name, model);
    }

    /**
     * Renders a template to text with this request's {@code page}, without writing it, as Tornado's
     * {@code render_string} (UI module resources are not added: only {@code render} does that).
     *
     * @param name the template's name
     * @param model the template's parameters by name
     * @return the rendered text
     * @throws dev.squall.template.TemplateException if the template fails
     * @throws IllegalStateException if the application has no template engine
     */
    public final String renderString(String name, Map<String, ? extends @Nullable Object> model) {
        return rendering().renderString(name, model);
    }

    /**
     * Returns this request's template namespace, what templates get as {@code page}.
     *
     * @return the page context, one per request
     */
    public final PageContext pageContext() {
        return rendering();
    }

    /**
     * Returns the user's locale, determined once per request: {@link #getUserLocale()} if it gives one, else
     * {@link #getBrowserLocale()}, as Tornado's {@code locale}.
     *
     * @return the locale, never null
     */
    public final Locale locale() {
        return rendering().locale();
    }

    /**
     * Sets the user's locale for the rest of this request (after a user changed their language, say).
     *
     * @param locale the locale
     */
    public final void setLocale(Locale locale) {
        rendering().setLocale(Objects.requireNonNull(locale, "locale"));
    }

    /**
     * Determines the user's locale from what the application knows about the user (a profile setting, a
     * cookie), as Tornado's {@code get_user_locale}; null means "use the browser's". Called at most once per
     * request. Default: null.
     *
     * @return the user's locale ({@code application().locales().get(user.language())}), or null
     */
    protected dev.squall.locale.@Nullable Locale getUserLocale() {
        return null;
    }

    /**
     * Returns the closest supported locale for the request's {@code Accept-Language} header (q-values
     * honoured), else the application's default locale, as Tornado's {@code get_browser_locale}.
     *
     * @return the locale
     */
    public Locale getBrowserLocale() {
        return application().locales().fromAcceptLanguage(request().headers().get("Accept-Language"));
    }

    // End of the templates, UI modules and locale block (issue 15).
    // ================================================================================================

    // ------------------------------------------------------------------------------------------------

    /**
     * Gives the response to another {@link dev.squall.http.HttpHandler} ({@link FallbackHandler}'s hook): marks
     * this handler finished, without writing, logging or calling {@code onFinish()}, and returns the response.
     */
    final HttpServerResponse handOver() {
        out.handOver();
        return response();
    }

    /** Returns {@code GET /path?q (1.2.3.4)}, for logs. */
    final String requestSummary() {
        HttpServerRequest r = request;
        return r == null ? getClass().getName() : r.method() + " " + r.uri() + " (" + r.remoteIp() + ")";
    }
}
