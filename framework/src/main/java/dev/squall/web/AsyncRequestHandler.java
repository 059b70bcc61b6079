package dev.squall.web;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A handler in the chained-futures style: {@code get()}, {@code post()}... return a
 * {@link CompletionStage}, and the response is finished when it completes (unless the handler finished it).
 * A stage that fails is answered exactly like a thrown exception: its {@link HttpError} status, or 500.
 *
 * <pre>{@code
 * final class StoryHandler extends AsyncRequestHandler {
 *     private final Stories stories;
 *
 *     StoryHandler(Stories stories) {            // route("/story/(?<id>[0-9]+)", () -> new StoryHandler(stories))
 *         this.stories = stories;
 *     }
 *
 *     @Override public CompletionStage<?> get() {
 *         return stories.find(pathArg("id"))
 *                 .thenAccept(story -> write(Map.of("title", story.title())));
 *     }
 * }
 * }</pre>
 *
 * <p>Continuations that touch the handler must run on the request's loop. Futures from Squall complete
 * there; a foreign future (a JDBC call on another thread) must be brought back first with
 * {@code request().loop().adopt(future)}. While the stage is pending, {@link #onConnectionClose()} tells the
 * handler that the client went away.
 */
public abstract class AsyncRequestHandler extends BaseRequestHandler {

    /** Creates the handler; called by its route's factory. */
    protected AsyncRequestHandler() {}

    /**
     * Returns a completed stage, for a method, {@code prepare()} or {@code dataReceived} that has nothing to wait
     * for: {@code return done();}.
     *
     * @return a stage that is already complete
     */
    protected static CompletionStage<@Nullable Void> done() {
        return DONE;
    }

    /**
     * Called before the HTTP method, which waits for the returned stage; finishing the response here skips
     * the method, as Tornado's asynchronous {@code prepare}. Runs on the loop. Default: a completed stage.
     *
     * @return a stage completing when preparation is done
     * @throws Exception anything; handled like an exception from the method
     */
    public CompletionStage<?> prepare() throws Exception {
        return DONE;
    }

    /**
     * Handles GET. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> get() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles HEAD. Runs on the loop; the response finishes when the returned stage completes. Default:
     * {@link #get()}, whose headers are sent (with the {@code Content-Length} and {@code Etag} of its body)
     * and whose body is not — so HEAD works wherever GET does (RFC 9110 section 9.3.2).
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> head() throws Exception {
        return get();
    }

    /**
     * Handles POST. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> post() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles DELETE. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> delete() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles PATCH. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> patch() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles PUT. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> put() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles OPTIONS. Runs on the loop; the response finishes when the returned stage completes. Default: 405
     * Method Not Allowed.
     *
     * @return a stage completing when the work is done; a failed stage is handled like a thrown exception
     * @throws Exception anything; an {@link HttpError} becomes its status, anything else a 500
     */
    public CompletionStage<?> options() throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Handles an HTTP method this handler adds with {@link #extraMethods()} (WebDAV's {@code PROPFIND}). Runs on
     * the loop; the response finishes when the returned stage completes. Default: 405 Method Not Allowed.
     *
     * @param method the request's method, one of {@link #extraMethods()}
     * @return a stage completing when the method is done
     * @throws Exception anything; answered as {@link BaseRequestHandler} describes
     */
    public CompletionStage<?> extraMethod(String method) throws Exception {
        sendError(405);
        return DONE;
    }

    /**
     * Calls {@link #prepare()}. Overridable by handler styles only.
     *
     * @return the stage {@code prepare()} returned
     * @throws Exception what {@code prepare()} threw
     */
    @Override
    protected CompletionStage<?> invokePrepare() throws Exception {
        return prepare();
    }

    /**
     * Calls the handler method for {@code method}. Overridable by handler styles only.
     *
     * @param method the request's method
     * @return the stage the method returned
     * @throws Exception what the method threw
     */
    @Override
    protected CompletionStage<?> invokeMethod(HttpMethod method) throws Exception {
        return switch (method) {
            case GET -> get();
            case HEAD -> head();
            case POST -> post();
            case DELETE -> delete();
            case PATCH -> patch();
            case PUT -> put();
            case OPTIONS -> options();
        };
    }

    /**
     * Calls {@link #extraMethod(String)}. Overridable by handler styles only.
     *
     * @param name the request's method, one of {@link #extraMethods()}
     * @return the stage the method returned
     * @throws Exception what the method threw
     */
    @Override
    protected CompletionStage<?> invokeExtraMethod(String name) throws Exception {
        return extraMethod(name);
    }
}
