package dev.squall.web;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.squall.escape.Escape;
import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import okio.Buffer;
import okio.ByteString;
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
 * {@link #invokePrepare()} and {@link #invokeMethod(String)}; nothing else changes.
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
    /** The {@code Content-Type} of a response until the handler sets another, as Tornado's. */
    public static final String DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
    /** The {@code Content-Type} that {@link #write(Object)} sets when it writes JSON. */
    public static final String JSON_CONTENT_TYPE = "application/json; charset=UTF-8";

    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");
    private static final System.Logger GEN_LOG = System.getLogger("dev.squall.general");
    /** A completed stage for handler styles to return; cheap to recognise without a callback. */
    static final CompletionStage<@Nullable Void> DONE = CompletableFuture.completedStage(null);
    private static final String[] NO_ARGS = new String[0];
    /** Copied for each response: copying skips the validation that {@code set} does. */
    private static final HttpHeaders DEFAULT_HEADERS = new HttpHeaders(1).set("Content-Type", DEFAULT_CONTENT_TYPE);

    private @Nullable Application application;
    private @Nullable HttpServerRequest request;
    private @Nullable HttpServerResponse response;
    private Router.@Nullable Match match;
    private String[] pathArgs = NO_ARGS;

    private int status = 200;
    private @Nullable String reason;
    private HttpHeaders headers = defaultHeaders();
    private final BodyBuffer body = new BodyBuffer();
    private boolean headWritten;
    private boolean finished;
    private long finishNanos;
    private @Nullable GzipEncoder gzip;
    private boolean watchingClose;

    private @Nullable RequestArguments arguments;

    private @Nullable Object currentUser;
    private boolean currentUserLoaded;

    /** Creates a handler; called by route factories. Request state is attached afterwards. */
    protected BaseRequestHandler() {
    }

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
     * Runs the HTTP method {@code method} ({@code GET}, {@code HEAD}, {@code POST}, {@code DELETE},
     * {@code PATCH}, {@code PUT} or {@code OPTIONS}) in this handler's style and returns a stage that
     * completes when it is done; the response is then finished unless the handler finished it. Called on the
     * loop, after {@code prepare()}, only if {@code prepare()} did not finish the response. For handler
     * styles, not for application code.
     *
     * @param method one of the seven supported methods
     * @return a stage completing when the method is done; a failure is handled like a thrown exception
     * @throws Exception what the method threw
     */
    protected abstract CompletionStage<?> invokeMethod(String method) throws Exception;

    /**
     * Returns the methods this handler implements, for the {@code Allow} header of a 405. The default finds
     * the public no-argument {@code get}, {@code post}, ... methods that a subclass overrides (found once per
     * class). A style whose methods have other signatures overrides this.
     *
     * @return method names such as {@code GET}, {@code POST}
     */
    protected Collection<String> allowedMethods() {
        return AllowedMethods.of(getClass());
    }

    // ------------------------------------------------------------------------------------------------
    // Dispatch (package-private: called by Application)

    final void attach(Application application, HttpServerRequest request, HttpServerResponse response,
            Router.@Nullable Match match) {
        this.application = application;
        this.request = request;
        this.response = response;
        this.match = match;
    }

    /** Runs the lifecycle. Any failure is answered, never thrown. */
    final void execute() {
        try {
            if (!isSupportedMethod(request().method())) {
                sendError(405);
                return;
            }
            decodePathArgs();
            CompletionStage<?> prepared = invokePrepare();
            if (prepared == DONE) {
                runMethod();
            } else {
                await(prepared, "prepare", true);
            }
        } catch (Throwable t) {
            handleException(t);
        }
    }

    private void runMethod() {
        try {
            if (finished) {
                return;
            }
            CompletionStage<?> done = invokeMethod(request().method());
            if (done == DONE) {
                afterMethod();
            } else {
                await(done, request().method().toLowerCase(java.util.Locale.ROOT), false);
            }
        } catch (Throwable t) {
            handleException(t);
        }
    }

    private void afterMethod() {
        try {
            if (!finished) {
                finish();
            }
        } catch (Throwable t) {
            handleException(t);
        }
    }

    private void await(@Nullable CompletionStage<?> stage, String what, boolean thenRunMethod) {
        if (stage == null) {
            throw new IllegalStateException(what + "() returned null; return a CompletionStage "
                    + "(CompletableFuture.completedFuture(null) when there is nothing to wait for)");
        }
        if (stage.getClass() == CompletableFuture.class) {
            CompletableFuture<?> f = (CompletableFuture<?>) stage;
            if (f.isDone() && !f.isCompletedExceptionally()) {
                if (thenRunMethod) {
                    runMethod();
                } else {
                    afterMethod();
                }
                return;
            }
        }
        watchConnectionClose();
        stage.whenComplete((value, error) -> onLoop(() -> {
            if (error != null) {
                handleException(error);
            } else if (thenRunMethod) {
                runMethod();
            } else {
                afterMethod();
            }
        }));
    }

    /** Runs {@code task} on the request's loop: now if already there, else queued. */
    final void onLoop(Runnable task) {
        IOLoop loop = request().loop();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            GEN_LOG.log(Level.WARNING, "loop closed before " + requestSummary() + " could continue", e);
        }
    }

    private static boolean isSupportedMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS" -> true;
            default -> false;
        };
    }

    private void decodePathArgs() {
        String[] raw = match != null ? match.rawGroups() : NO_ARGS;
        if (raw.length == 0) {
            return;
        }
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            decoded[i] = decodePathArg(raw[i]);
        }
        pathArgs = decoded;
    }

    private static String decodePathArg(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                String s = Arguments.decodeUtf8(Escape.urlUnescapeToBytes(raw, false));
                if (s == null) {
                    throw new HttpError(400, "Invalid UTF-8 in path", "Invalid UTF-8 in path argument " + raw);
                }
                return s;
            }
        }
        return raw;
    }

    private void watchConnectionClose() {
        if (!watchingClose && !finished) {
            watchingClose = true;
            // Forgotten by the response when it finishes: nothing accumulates on a long keep-alive connection.
            response().onConnectionClose(() -> onLoop(this::connectionClosed));
        }
    }

    /** Called (on the loop) when the connection closed while this handler was waiting. */
    final void connectionClosed() {
        if (finished) {
            return;
        }
        try {
            onConnectionClose();
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "onConnectionClose() of " + getClass().getName() + " threw", t);
        }
        clientDisconnected();
    }

    /**
     * Called on the loop after {@link #onConnectionClose()}, for handler styles that stop their own work
     * when the client goes away (a coroutine handler cancels its coroutine). Default: nothing.
     */
    void clientDisconnected() {
    }

    private void handleException(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof Finish) {
            if (!finished) {
                try {
                    finish();
                } catch (Throwable e) {
                    handleException(e);
                }
            }
            return;
        }
        try {
            logException(t);
        } catch (Throwable e) {
            APP_LOG.log(Level.ERROR, "logException() threw", e);
        }
        if (finished) {
            return;
        }
        sendError(t instanceof HttpError he ? he.status() : 500, t);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle hooks

    /**
     * Called after the response is finished (also after errors), for cleanup and metrics, as Tornado's
     * {@code on_finish}. Runs on the loop; exceptions are logged. Default: nothing.
     */
    public void onFinish() {
    }

    /**
     * Called when the client closes the connection while this handler is still waiting (for a stage, a
     * streamed flush), as Tornado's {@code on_connection_close}: stop the work, the answer will not be read.
     * Not called once the response is finished. Runs on the loop; exceptions are logged. Default: nothing.
     */
    public void onConnectionClose() {
    }

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

    /** Returns the request: method, URI, headers, body, remote IP (honouring xheaders), protocol, host. */
    public final HttpServerRequest request() {
        HttpServerRequest r = request;
        if (r == null) {
            throw notAttached();
        }
        return r;
    }

    private HttpServerResponse response() {
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
        if (!finished) {
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
            throw new IllegalArgumentException("the route " + (match != null ? "\"" + match.route().pattern + "\"" : "(none)")
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
        try (JsonReader reader = JsonReader.of(new Buffer().write(data))) { // nested adapters are made here too
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

    /**
     * Returns the user of this request, computed once by {@link #getCurrentUser()} (or set by
     * {@link #setCurrentUser}), as Tornado's {@code current_user}.
     *
     * @return the user, or null when nobody is logged in
     */
    public final @Nullable Object currentUser() {
        if (!currentUserLoaded) {
            currentUser = getCurrentUser();
            currentUserLoaded = true;
        }
        return currentUser;
    }

    /**
     * Sets the user of this request, e.g. from an asynchronous {@code prepare()} that looked it up.
     *
     * @param user the user, or null
     */
    public final void setCurrentUser(@Nullable Object user) {
        currentUser = user;
        currentUserLoaded = true;
    }

    /**
     * Determines the user of this request; override it (with a narrower return type if you like) to read a
     * cookie or a header. Called at most once per request, by {@link #currentUser()}. Default: null.
     *
     * @return the user, or null when nobody is logged in
     */
    protected @Nullable Object getCurrentUser() {
        return null;
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
    // Response

    /**
     * Sets the status with its standard reason phrase.
     *
     * @param status 100..599
     * @throws IllegalArgumentException if out of range
     */
    public final void setStatus(int status) {
        setStatus(status, null);
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
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be in 100..599, got " + status);
        }
        if (reason != null) {
            String why = ReasonPhrase.invalidReason(reason);
            if (why != null) {
                throw new IllegalArgumentException("invalid reason phrase \"" + reason + "\": " + why);
            }
        }
        this.status = status;
        this.reason = reason;
    }

    /** Returns the response status (200 until set). */
    public final int getStatus() {
        return status;
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
        checkHeadersOpen("setHeader");
        headers.set(name, value);
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
        checkHeadersOpen("addHeader");
        headers.add(name, value);
    }

    /**
     * Removes a response header, including a default such as {@code Content-Type}.
     *
     * @param name the header name, any case
     * @throws IllegalStateException if the headers were already sent
     */
    public final void clearHeader(String name) {
        checkHeadersOpen("clearHeader");
        headers.remove(name);
    }

    /**
     * Returns the first value of a response header set so far, or null.
     *
     * @param name the header name, any case
     * @return the value or null
     */
    public final @Nullable String getResponseHeader(String name) {
        return headers.get(name);
    }

    private void checkHeadersOpen(String what) {
        if (headWritten) {
            throw new IllegalStateException(what + "() was called after the headers were sent by flush(); "
                    + "set headers before the first flush()");
        }
    }

    /**
     * Resets the response to its initial state: status 200, default headers, empty body. Used before an
     * error page; rarely needed by applications.
     *
     * @throws IllegalStateException if the headers were already sent
     */
    public void clear() {
        checkHeadersOpen("clear");
        headers = defaultHeaders();
        status = 200;
        reason = null;
        body.clear();
    }

    private static HttpHeaders defaultHeaders() {
        return HttpHeaders.copyOf(DEFAULT_HEADERS);
    }

    /**
     * Appends text, encoded as UTF-8, to the response body.
     *
     * @param text the text
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(String text) {
        checkWritable("write");
        body.adopt(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends bytes to the response body (copied).
     *
     * @param bytes the bytes
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(byte[] bytes) {
        checkWritable("write");
        body.append(bytes, 0, bytes.length);
    }

    /**
     * Appends bytes to the response body.
     *
     * @param bytes the bytes
     * @throws IllegalStateException if the response is finished, or off the loop
     */
    public final void write(ByteString bytes) {
        checkWritable("write");
        body.append(bytes);
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
            write(text.toString());
        } else if (value instanceof byte[] bytes) {
            write(bytes);
        } else if (value instanceof ByteString bytes) {
            write(bytes);
        } else {
            checkWritable("write");
            Buffer json = new Buffer();
            try (JsonWriter writer = JsonWriter.of(json)) {
                @Nullable Object v = value; // null (from code that ignores the annotations) is written as JSON null
                application().valueAdapter(v == null ? Object.class : v.getClass()).toJson(writer, value);
            } catch (IOException e) {
                throw new IllegalStateException("writing JSON to memory failed", e); // a Buffer does not fail
            } catch (AssertionError e) {
                throw Application.explainJsonFailure(value, e);
            }
            if (!headWritten) {
                headers.set("Content-Type", JSON_CONTENT_TYPE);
            }
            body.adopt(json.readByteArray());
        }
    }

    private void checkWritable(String what) {
        if (finished) {
            throw new IllegalStateException(what + "() was called after finish(); the response is complete");
        }
        checkLoop(what);
    }

    private void checkLoop(String what) {
        IOLoop loop = request().loop();
        if (!loop.inEventLoop()) {
            throw new IllegalStateException(what + "() was called on thread '" + Thread.currentThread().getName()
                    + "', not on the request's loop " + loop.name() + "; come back to the loop first with "
                    + "request().loop().adopt(future) or thenApplyAsync(fn, request().loop())");
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
        checkWritable("flush");
        byte[] chunk = body.take();
        if (!headWritten) {
            if (request().method().equals("HEAD")) {
                chunk = new byte[0];
            }
            chunk = transformFirstChunk(chunk, false);
            headWritten = true;
            response().writeHead(status, reason, headers);
        } else if (gzip != null) {
            chunk = gzip.encode(chunk, false);
        }
        if (chunk.length > 0) {
            response().write(chunk);
        }
        return response().flush();
    }

    /**
     * Ends the response: computes the {@code Etag} of a 200 answer to GET or HEAD and turns it into a 304
     * when the client's {@code If-None-Match} matches, sends what is left, logs the request and calls
     * {@link #onFinish()}. Called automatically when the method (or its stage) completes, unless the handler
     * called it.
     *
     * @throws IllegalStateException if called twice, off the loop, or with a body on a 1xx, 204 or 304
     *     response
     */
    public final void finish() {
        if (finished) {
            throw new IllegalStateException("finish() was called twice for " + requestSummary()
                    + "; a response can be finished only once");
        }
        checkLoop("finish");
        HttpServerResponse out = response();
        if (!headWritten) {
            String method = request().method();
            if (status == 200 && (method.equals("GET") || method.equals("HEAD"))) {
                if (!headers.contains("Etag")) {
                    setEtagHeader();
                }
                // Unlike Tornado, an Etag the handler set itself is honoured too.
                if (checkEtagHeader()) {
                    body.clear();
                    status = 304;
                    reason = null;
                }
            }
            if (isBodiless(status)) {
                if (body.size() > 0) {
                    throw new IllegalStateException("a " + status + " response cannot have a body, but "
                            + body.size() + " bytes were written");
                }
                // RFC 9110 section 15.4.5: a 304 carries no representation metadata.
                headers.remove("Content-Encoding");
                headers.remove("Content-Language");
                headers.remove("Content-Type");
            }
        }
        finished = true;
        try {
            if (!out.closeFuture().isDone()) {
                writeFinal(out);
            }
        } finally {
            application().logRequest(this);
            try {
                onFinish();
            } catch (Throwable t) {
                APP_LOG.log(Level.ERROR, "onFinish() of " + getClass().getName() + " threw", t);
            }
        }
    }

    private void writeFinal(HttpServerResponse out) {
        byte[] chunk = body.take();
        if (headWritten) {
            if (gzip != null) {
                chunk = gzip.encode(chunk, true);
                gzip = null;
            }
            if (chunk.length > 0) {
                out.write(chunk);
            }
            out.finish();
            return;
        }
        headWritten = true;
        if (isBodiless(status)) {
            transformFirstChunk(chunk, true);
            out.writeHead(status, reason, headers);
            out.finish();
            return;
        }
        chunk = transformFirstChunk(chunk, true);
        if (reason == null && !headers.contains("Content-Length")) {
            out.end(status, headers, chunk); // the fast path: one write, Content-Length set by the server
            return;
        }
        if (!headers.contains("Content-Length")) {
            headers.set("Content-Length", Integer.toString(chunk.length));
        }
        out.writeHead(status, reason, headers);
        if (chunk.length > 0) {
            out.write(chunk);
        }
        out.finish();
    }

    static boolean isBodiless(int status) {
        return status == 204 || status == 304 || status < 200;
    }

    /** Applies the gzip transform to the first chunk sent, as Tornado's {@code transform_first_chunk}. */
    private byte[] transformFirstChunk(byte[] chunk, boolean finishing) {
        if (!application().compressResponse()) {
            return chunk;
        }
        GzipEncoder encoder = GzipEncoder.start(headers, request().headers().get("Accept-Encoding"), status,
                chunk.length, finishing);
        if (encoder == null) {
            return chunk;
        }
        byte[] out = encoder.encode(chunk, finishing);
        if (!finishing) {
            gzip = encoder;
        } else if (headers.contains("Content-Length")) {
            headers.set("Content-Length", Integer.toString(out.length));
        }
        return out;
    }

    /** Returns whether the response has been finished. */
    public final boolean isFinished() {
        return finished;
    }

    /**
     * Redirects with 302 Found.
     *
     * @param url the target, absolute or relative
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url) {
        redirect(url, 302);
    }

    /**
     * Redirects with 301 Moved Permanently or 302 Found.
     *
     * @param url the target
     * @param permanent true for 301
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url, boolean permanent) {
        redirect(url, permanent ? 301 : 302);
    }

    /**
     * Redirects with the given 3xx status and finishes the response.
     *
     * @param url the target
     * @param status 300..399
     * @throws IllegalArgumentException if the status is not 3xx or the URL contains CR or LF
     * @throws IllegalStateException if the headers were already sent
     */
    public final void redirect(String url, int status) {
        if (headWritten) {
            throw new IllegalStateException("redirect() was called after the headers were sent by flush()");
        }
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("a redirect needs a 3xx status, got " + status);
        }
        setStatus(status);
        setHeader("Location", url);
        finish();
    }

    /**
     * Answers with an error page for {@code status}, as Tornado's {@code send_error}.
     *
     * @param status the HTTP status
     * @throws IllegalArgumentException if the status is out of range
     */
    public final void sendError(int status) {
        sendError(status, null);
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
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be in 100..599, got " + status);
        }
        if (finished) {
            GEN_LOG.log(Level.ERROR, "Cannot send error " + status + " for " + requestSummary()
                    + ": the response is already finished");
            return;
        }
        if (headWritten) {
            GEN_LOG.log(Level.ERROR, "Cannot send error " + status + " for " + requestSummary()
                    + ": the headers were already sent; closing the connection after this response");
            response().closeAfterResponse();
            finishQuietly();
            return;
        }
        clear();
        setStatus(status, error instanceof HttpError he ? he.reason() : null);
        if (status == 405) {
            headers.set("Allow", String.join(", ", allowedMethods()));
        }
        try {
            writeError(status, error);
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "Uncaught exception in writeError() of " + getClass().getName(), t);
        }
        if (!finished) {
            finishQuietly();
        }
    }

    /** Finishes, and if that fails, ends the response by the shortest way so the connection never hangs. */
    private void finishQuietly() {
        try {
            finish();
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "finishing the error response for " + requestSummary() + " failed", t);
            HttpServerResponse out = response();
            if (!out.isFinished() && !out.closeFuture().isDone()) {
                out.closeAfterResponse();
                if (out.isHeadWritten()) {
                    out.finish();
                } else {
                    out.end(500, defaultHeaders(), new byte[0]);
                }
            }
        }
    }

    /**
     * Writes the body of an error page, as Tornado's {@code write_error}: the stack trace as text/plain when
     * the application serves tracebacks ({@code debug} or {@code serveTraceback}) and there is an exception,
     * else a small HTML page {@code 404: Not Found}. Override for custom error pages (JSON for APIs...); the
     * status is already set, and {@link #getStatus()} gives it.
     *
     * @param status the HTTP status
     * @param error the exception that caused the error, or null
     * @throws Exception anything; it is logged and the response finished as it stands
     */
    protected void writeError(int status, @Nullable Throwable error) throws Exception {
        if (isBodiless(status)) {
            return;
        }
        if (error != null && application().serveTraceback()) {
            setHeader("Content-Type", "text/plain; charset=UTF-8");
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            write(trace.toString());
            return;
        }
        String message = Escape.xhtmlEscape(reason != null ? reason : dev.squall.http.HttpStatus.reasonPhrase(status));
        write("<html><title>" + status + ": " + message + "</title><body>" + status + ": " + message
                + "</body></html>");
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
        return body.size() == 0 ? null : '"' + body.sha1Hex() + '"';
    }

    /** Sets the {@code Etag} header from {@link #computeEtag()} when that is not null. */
    protected void setEtagHeader() {
        String etag = computeEtag();
        if (etag != null) {
            headers.set("Etag", etag);
        }
    }

    /**
     * Returns whether the request's {@code If-None-Match} matches the response's {@code Etag}: {@code *}
     * matches anything, otherwise any listed tag compared weakly ({@code W/} ignored).
     *
     * @return true when the client already has this response (a 304 follows)
     */
    protected boolean checkEtagHeader() {
        String etag = headers.get("Etag");
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
        return headWritten;
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
    public final void render(String name, java.util.Map<String, ? extends @Nullable Object> model) {
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
    public final String renderString(String name, java.util.Map<String, ? extends @Nullable Object> model) {
        return rendering().renderString(name, model);
    }

    /**
     * Returns this request's template namespace, what templates get as {@code page}.
     *
     * @return the page context, one per request
     */
    public final dev.squall.template.PageContext pageContext() {
        return rendering();
    }

    /**
     * Returns the user's locale, determined once per request: {@link #getUserLocale()} if it gives one, else
     * {@link #getBrowserLocale()}, as Tornado's {@code locale}.
     *
     * @return the locale, never null
     */
    public final dev.squall.locale.Locale locale() {
        return rendering().locale();
    }

    /**
     * Sets the user's locale for the rest of this request (after a user changed their language, say).
     *
     * @param locale the locale
     */
    public final void setLocale(dev.squall.locale.Locale locale) {
        rendering().setLocale(java.util.Objects.requireNonNull(locale, "locale"));
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
    public dev.squall.locale.Locale getBrowserLocale() {
        return application().locales().fromAcceptLanguage(request().headers().get("Accept-Language"));
    }

    /**
     * Returns the hidden form field carrying the XSRF token, for POST forms, as Tornado's
     * {@code xsrf_form_html}. This default returns the empty string (no XSRF protection configured); the
     * XSRF support overrides it.
     *
     * @return the field's markup, or empty
     */
    public String xsrfFormHtml() {
        return "";
    }

    /**
     * Returns the versioned URL of a static file, as Tornado's {@code static_url}. This default throws:
     * static files are not configured.
     *
     * @param path the file's path under the static directory
     * @return its URL
     * @throws IllegalStateException always, until static files are configured
     */
    public String staticUrl(String path) {
        throw new IllegalStateException("staticUrl(\"" + path + "\") needs static files, but staticPath is not "
                + "configured; set Application.builder().staticPath(...), or give the file as an absolute URL "
                + "(starting with / or http)");
    }

    // End of the templates, UI modules and locale block (issue 15).
    // ================================================================================================

    // ------------------------------------------------------------------------------------------------

    /** Returns {@code GET /path?q (1.2.3.4)}, for logs. */
    final String requestSummary() {
        HttpServerRequest r = request;
        return r == null ? getClass().getName() : r.method() + " " + r.uri() + " (" + r.remoteIp() + ")";
    }
}
