package dev.squall.web;

import java.util.concurrent.CompletionStage;

/**
 * A handler in the plain style: override {@code get()}, {@code post()}... They run on the loop and the
 * response is finished when they return (unless the handler finished it), as a Tornado handler with plain
 * methods.
 *
 * <pre>{@code
 * final class MainHandler extends RequestHandler {
 *     @Override public void get() {
 *         write("Hello, world");
 *     }
 * }
 * }</pre>
 *
 * <p>Code here must not block the loop. To wait for something (a database, another HTTP service) use an
 * {@link AsyncRequestHandler} and return the future.
 *
 * <p>For handler styles built on this one (coroutines): {@link #invokePrepare()} and
 * {@link #invokeMethod(HttpMethod)} call the methods directly and return a completed stage; a subclass may run
 * them elsewhere and return a stage that completes when they have.
 */
public abstract class RequestHandler extends BaseRequestHandler {

    /** Creates the handler; called by its route's factory. */
    protected RequestHandler() {}

    /**
     * Called before the HTTP method, for work common to all methods (authentication, loading an object);
     * finishing the response here (a redirect, {@link #sendError}) skips the method, as Tornado's
     * {@code prepare}. Runs on the loop. Default: nothing.
     *
     * @throws Exception anything; handled like an exception from the method
     */
    public void prepare() throws Exception {}

    /**
     * Handles GET. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void get() throws Exception {
        sendError(405);
    }

    /**
     * Handles HEAD. Runs on the loop; the response finishes when it returns. Default: {@link #get()}, whose
     * headers are sent (with the {@code Content-Length} and {@code Etag} of its body) and whose body is not —
     * so HEAD works wherever GET does (RFC 9110 section 9.3.2), and is a 405 where GET is.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void head() throws Exception {
        get();
    }

    /**
     * Handles POST. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void post() throws Exception {
        sendError(405);
    }

    /**
     * Handles DELETE. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void delete() throws Exception {
        sendError(405);
    }

    /**
     * Handles PATCH. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void patch() throws Exception {
        sendError(405);
    }

    /**
     * Handles PUT. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void put() throws Exception {
        sendError(405);
    }

    /**
     * Handles OPTIONS. Runs on the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public void options() throws Exception {
        sendError(405);
    }

    /**
     * Handles an HTTP method this handler adds with {@link #extraMethods()} (WebDAV's {@code PROPFIND}). Runs on
     * the loop; the response finishes when it returns. Default: 405 Method Not Allowed.
     *
     * @param method the request's method, one of {@link #extraMethods()}
     * @throws Exception anything; answered as {@link BaseRequestHandler} describes
     */
    public void extraMethod(String method) throws Exception {
        sendError(405);
    }

    /**
     * Calls {@link #prepare()}; returns a completed stage. Overridable by handler styles only.
     *
     * @return a completed stage
     * @throws Exception what {@code prepare()} threw
     */
    @Override
    protected CompletionStage<?> invokePrepare() throws Exception {
        prepare();
        return DONE;
    }

    /**
     * Calls the handler method for {@code method}; returns a completed stage. Overridable by handler styles
     * only.
     *
     * @param method the request's method
     * @return a completed stage
     * @throws Exception what the method threw
     */
    @Override
    protected CompletionStage<?> invokeMethod(HttpMethod method) throws Exception {
        switch (method) {
            case GET -> get();
            case HEAD -> head();
            case POST -> post();
            case DELETE -> delete();
            case PATCH -> patch();
            case PUT -> put();
            case OPTIONS -> options();
        }
        return DONE;
    }

    /**
     * Calls {@link #extraMethod(String)}; returns a completed stage. Overridable by handler styles only.
     *
     * @param name the request's method, one of {@link #extraMethods()}
     * @return a completed stage
     * @throws Exception what the method threw
     */
    @Override
    protected CompletionStage<?> invokeExtraMethod(String name) throws Exception {
        extraMethod(name);
        return DONE;
    }
}
