package dev.squall.web;

import dev.squall.http.RequestBodyException;
import dev.squall.http.RequestBodyReceiver;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The web layer's half of a {@link StreamRequestBody} request: the {@link RequestBodyReceiver} the server streams
 * the body to, and the {@link RequestBodySource} a pulling handler reads. Made only for streaming handlers, so
 * buffered requests pay nothing for it.
 *
 * <p>Two modes, fixed per handler class: <em>push</em> when the class overrides
 * {@link BaseRequestHandler#dataReceived}, which gets each chunk and whose stage the server waits for (the method
 * runs after the body); <em>pull</em> otherwise: the method runs after {@code prepare()} and {@link #read()}s, and
 * a chunk not yet taken holds the server's reading. Each chunk is copied once into a buffer kept for the request
 * (the server's own buffer is reused as soon as the call returns, and the next chunk comes only after the handler
 * is done with this one), so a handler may keep a chunk until its stage completes or its next read.
 *
 * <p>Loop thread only.
 */
final class StreamedBody implements RequestBodyReceiver, RequestBodySource {
    private static final CompletionStage<?> DONE = BaseRequestHandler.DONE;

    /** The copy buffer's first size: the server's read chunk. */
    private static final int COPY_BYTES = 64 * 1024;

    private final BaseRequestHandler handler;
    private final boolean push;
    /** Completed with this receiver once {@code prepare()} is done: the server then reads the body. */
    private final CompletableFuture<RequestBodyReceiver> accepted = new CompletableFuture<>();
    /** Push mode: completes when the whole body went through {@code dataReceived}. */
    private final CompletableFuture<@Nullable Void> received = new CompletableFuture<>();

    private long maxBodyBytes = -1;
    private boolean acceptCalled;
    private long bytes;
    private byte[] copy = new byte[0];

    // pull mode
    private @Nullable ByteBuffer ready;
    private @Nullable CompletableFuture<@Nullable ByteBuffer> pendingRead;
    /** Returned to the server with the chunk in {@link #copy}; completed by the read() after the one that took it. */
    private @Nullable CompletableFuture<@Nullable Void> taken;
    /** Whether the chunk in {@link #copy} was handed to the handler (else it waits in {@link #ready}). */
    private boolean handedOut;

    private boolean ended;
    private @Nullable Throwable failure;
    /** Run once when the request finishes or its body fails (temporary files of a multipart stream). */
    private final List<Runnable> cleanups = new ArrayList<>(1);

    StreamedBody(BaseRequestHandler handler) {
        this.handler = handler;
        this.push = handler.traits().pushes;
    }

    /** Returns the stage the server waits for before it reads the body. */
    CompletableFuture<RequestBodyReceiver> accepted() {
        return accepted;
    }

    /**
     * Lets the body flow (called once {@code prepare()} is done) and returns what the HTTP method waits for: the
     * whole body in push mode, nothing ({@link BaseRequestHandler#DONE}) in pull mode or on a second call.
     */
    CompletionStage<?> accept() {
        if (acceptCalled) {
            return BaseRequestHandler.DONE;
        }
        acceptCalled = true;
        accepted.complete(this);
        return push ? received : BaseRequestHandler.DONE;
    }

    /** Runs {@code cleanup} once, when the request finishes or its body fails: temporary files of a multipart stream. */
    void addCleanup(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    /** Returns whether the body was let flow ({@code prepare()} is done). */
    boolean isAccepted() {
        return acceptCalled;
    }

    /** Runs the cleanups; called when the request finishes (and when the body fails). */
    void cleanUp() {
        if (cleanups.isEmpty()) {
            return;
        }
        Runnable[] all = cleanups.toArray(new Runnable[0]);
        cleanups.clear();
        for (Runnable r : all) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger("dev.squall.general")
                        .log(
                                System.Logger.Level.ERROR,
                                "cleaning up the streamed body of " + handler.requestSummary() + " failed",
                                e);
            }
        }
    }

    void maxBodyBytes(long bytes) {
        if (acceptCalled) {
            throw new IllegalStateException("setMaxBodyBytes() must be called in prepare(), before the body is read");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be 0 or more, got " + bytes);
        }
        this.maxBodyBytes = bytes;
    }

    /**
     * Feeds a body the server buffered (a request that reached the handler through {@code handle}: no body to
     * stream, or a hand-made request) as one chunk.
     */
    void feedBuffered(byte[] body) {
        accepted.thenRun(() -> {
            try {
                if (body.length == 0) {
                    bodyReceived();
                    return;
                }
                CompletionStage<?> stage = dataReceived(ByteBuffer.wrap(body));
                if (stage == null || stage == DONE) {
                    bodyReceived();
                } else {
                    stage.whenComplete((v, e) -> handler.onLoop(this::bodyReceived));
                }
            } catch (Exception e) {
                received.completeExceptionally(e);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------
    // RequestBodyReceiver: called by the server on the loop

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public @Nullable CompletionStage<?> dataReceived(ByteBuffer chunk) {
        int n = chunk.remaining();
        bytes += n;
        if (copy.length < n) {
            copy = new byte[Math.max(n, COPY_BYTES)];
        }
        chunk.get(copy, 0, n);
        ByteBuffer mine = ByteBuffer.wrap(copy, 0, n);
        if (push) {
            CompletionStage<?> stage;
            try {
                stage = handler.dataReceived(mine);
            } catch (Throwable t) {
                received.completeExceptionally(t); // the lifecycle answers it
                return null;
            }
            if (stage == null) {
                received.completeExceptionally(
                        new IllegalStateException(
                                "dataReceived() returned null; return a CompletionStage (done() when there is nothing to wait for)"));
                return null;
            }
            if (stage == DONE) {
                return null; // read on at once
            }
            if (stage.getClass() == CompletableFuture.class && ((CompletableFuture<?>) stage).isDone()) {
                if (((CompletableFuture<?>) stage).isCompletedExceptionally()) {
                    stage.whenComplete((v, e) -> received.completeExceptionally(e));
                }
                return null;
            }
            return stage.whenComplete((v, e) -> {
                if (e != null) {
                    received.completeExceptionally(e);
                }
            });
        }
        CompletableFuture<@Nullable Void> t = new CompletableFuture<>();
        taken = t;
        CompletableFuture<@Nullable ByteBuffer> r = pendingRead;
        if (r != null) {
            pendingRead = null;
            handedOut = true;
            r.complete(mine);
        } else {
            ready = mine;
        }
        return t;
    }

    @Override
    public void bodyReceived() {
        ended = true;
        CompletableFuture<@Nullable ByteBuffer> r = pendingRead;
        if (r != null) {
            pendingRead = null;
            r.complete(null);
        }
        received.complete(null);
    }

    @Override
    public void bodyFailed(RequestBodyException error) {
        // The server answered already (or the client left): the handler ends quietly with what it has.
        Throwable t = error.status() == 0 ? new Finish() : new HttpError(error.status(), null, null);
        failure = t;
        CompletableFuture<@Nullable ByteBuffer> r = pendingRead;
        if (r != null) {
            pendingRead = null;
            r.completeExceptionally(t);
        }
        received.completeExceptionally(t);
        cleanUp();
    }

    // ------------------------------------------------------------------------------------------------
    // RequestBodySource: called by the handler on the loop

    @Override
    public CompletableFuture<@Nullable ByteBuffer> read() {
        if (!handler.request().loop().inEventLoop()) {
            throw new IllegalStateException("requestBody().read() was called off the request's loop; call it from "
                    + "the handler's methods (a coroutine handler's await counts as on the loop)");
        }
        if (push) {
            throw new IllegalStateException(handler.getClass().getName() + " overrides dataReceived(), which "
                    + "receives the body; read it there, or remove dataReceived() to read it with requestBody()");
        }
        if (pendingRead != null) {
            throw new IllegalStateException(
                    "requestBody().read() is already pending; wait for its future before reading again");
        }
        accept(); // a method that reads lets the body flow (prepare() has returned)
        CompletableFuture<@Nullable Void> t = taken;
        if (handedOut && t != null) {
            handedOut = false;
            taken = null;
            t.complete(null); // the handler is done with the chunk it had: the server reads on
        }
        ByteBuffer chunk = ready;
        if (chunk != null) {
            ready = null;
            handedOut = true;
            return CompletableFuture.completedFuture(chunk);
        }
        Throwable f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        if (ended) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<@Nullable ByteBuffer> r = new CompletableFuture<>();
        pendingRead = r;
        return r;
    }

    @Override
    public long bytesRead() {
        return bytes;
    }
}
