package dev.squall.http;

import dev.squall.internal.http.Http1HeadParser;
import dev.squall.internal.loop.LoopInternals;
import dev.squall.loop.IOLoop;
import dev.squall.net.IOStream;
import dev.squall.net.StreamReader;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 server connection, as Tornado's {@code HTTP1ServerConnection}: reads requests from an
 * {@link IOStream} through its callback API, hands them one at a time to the server's {@link HttpHandler},
 * and writes the responses in order.
 *
 * <h2>Reading</h2>
 * Each {@link #onData} batch is parsed for as many complete requests as it holds (pipelining); each request
 * is dispatched once its body is complete. While a handler has not finished, the remaining bytes stay
 * unconsumed in the stream (it presents them again later) and reading pauses once more than
 * {@link #PIPELINE_BUFFER_BYTES} are waiting. The whole batch's responses go out with one
 * {@link IOStream#flushNoWait()}. A slow reader of responses pauses reading too
 * ({@link #WRITE_HIGH_WATER_BYTES}).
 *
 * <h2>Bodies</h2>
 * A buffered body is read, held once and budgeted by {@link BufferedBody}; a body the handler streams
 * ({@link HttpHandler#headReceived}) goes through {@link StreamingBody}, which moves this connection between its
 * {@code STREAM_WAIT} and {@code STREAM_BODY} states through the hooks below. Both are made at a connection's
 * first body.
 *
 * <h2>Time</h2>
 * One timer per connection, re-armed lazily: it is scheduled for the earliest deadline ever needed and, when
 * it fires, compares the loop's clock with the current deadline (header, body, idle, or closing linger) —
 * so a keep-alive request cycle does not cancel and create timers.
 *
 * <p>Everything here runs on the stream's loop.
 */
// ~660 lines (about 500 of code): the request cycle's state machine stays whole here - reading, dispatch, errors and
// closing, the deadlines - while bodies (BufferedBody, StreamingBody), flow control, the head mirror and the timer
// are their own classes; what is left is read and written by the same states, so a further cut would only add hooks.
final class Http1ServerConnection implements StreamReader, DeadlineTimer.Expiry {
    /** Unconsumed bytes buffered behind an unfinished request before reading pauses. */
    static final int PIPELINE_BUFFER_BYTES = 64 * 1024;
    /** Unsent response bytes beyond which reading pauses until they drain. */
    static final long WRITE_HIGH_WATER_BYTES = 1024 * 1024;
    /** Response bytes buffered before a streaming response is pushed to the socket without waiting for finish. */
    static final long AUTO_FLUSH_BYTES = 64 * 1024;
    /** How long an error response may take to drain (and the client's excess input be discarded) before the close. */
    static final long LINGER_NANOS = 2_000_000_000L;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EMPTY = new byte[0];

    /** Where the connection is in its request cycle. */
    private enum State {
        READ_HEAD,
        /** A buffered body ({@link BufferedBody}) is being read. */
        READ_BODY,
        DISPATCHED,
        /** A streamed body waits for its handler to accept it ({@link HttpHandler#headReceived}); nothing is read. */
        STREAM_WAIT,
        /** A streamed body goes to its {@link RequestBodyReceiver} as it arrives. */
        STREAM_BODY,
        CLOSING,
        CLOSED,
        /** A 101 response finished: the connection waits for {@link #detach()} and reads nothing more. */
        UPGRADED,
        DETACHED
    }

    private final HttpServer server;
    private final LoopContext ctx;
    private final IOStream stream;
    private final IOLoop loop;
    private final InetSocketAddress remote;
    private final String peerIp;
    private final Http1RequestParser parser;

    private State state = State.READ_HEAD;
    private boolean inOnData;
    private final HeadMirror mirror;
    private final DeadlineTimer deadline;
    private final FlowControl flow;
    private boolean closeAfterResponse;
    /** The connection closed after every byte written reached the kernel (a finished, non-keep-alive response). */
    private boolean closedAfterFullFlush;

    private long idleSinceNanos;

    // the request being read
    private long requestStartNanos;
    private long bodyStartNanos;
    /** Made at the first request with a buffered body. */
    private @Nullable BufferedBody buffered;

    private @Nullable Http1ServerResponse current;

    /** Made at the first body offered to the handler's {@link HttpHandler#headReceived}. */
    private @Nullable StreamingBody streaming;

    Http1ServerConnection(HttpServer server, LoopContext ctx, IOStream stream, InetSocketAddress remote) {
        this.server = server;
        this.ctx = ctx;
        this.stream = stream;
        this.loop = stream.loop();
        this.remote = remote;
        this.peerIp = ctx.ipOf(remote);
        this.parser = new Http1RequestParser(server.maxHeaderBytes, ctx.parserTables);
        this.mirror = new HeadMirror(ctx);
        this.deadline = new DeadlineTimer(loop, this);
        this.flow = new FlowControl(stream);
    }

    /** Starts reading. Loop thread. */
    void start() {
        ctx.connections.add(this);
        if (server.isStopping()) {
            closeNow();
            return;
        }
        idleSinceNanos = loop.nanoTime();
        setDeadline(DeadlineTimer.Kind.FIRST_HEAD, idleSinceNanos + server.headerTimeoutNanos);
        stream.setReader(this);
    }

    IOStream stream() {
        return stream;
    }

    IOLoop loop() {
        return loop;
    }

    LoopContext context() {
        return ctx;
    }

    CompletableFuture<Void> closeFuture() {
        return stream.closeFuture();
    }

    // ------------------------------------------------------------------------------------------------
    // Reading

    @Override
    public void onData(ByteBuffer buf) {
        inOnData = true;
        try {
            readRequests(buf);
        } finally {
            inOnData = false;
            mirror.release();
        }
        flow.batchRead(buf, state == State.DISPATCHED);
        afterBatch();
    }

    private void readRequests(ByteBuffer buf) {
        while (true) {
            switch (state) {
                case READ_HEAD -> {
                    if (!buf.hasRemaining()) {
                        return;
                    }
                    boolean started = parser.isHeadStarted();
                    if (!started) {
                        requestStartNanos = LoopInternals.taskStartNanos(loop);
                    }
                    int r = mirror.parse(parser, buf);
                    if (r == Http1HeadParser.NEED_MORE) {
                        if (!started && deadline.kind() != DeadlineTimer.Kind.FIRST_HEAD) {
                            setDeadline(DeadlineTimer.Kind.HEAD, requestStartNanos + server.headerTimeoutNanos);
                        }
                        return;
                    }
                    if (r == Http1HeadParser.ERROR) {
                        sendError(parser.errorStatus(), parser.errorMessage(), false);
                        return;
                    }
                    headParsed(buf);
                }
                case READ_BODY -> {
                    BufferedBody b = bufferedBody();
                    int r = b.read(buf);
                    if (r != BufferedBody.DONE) {
                        if (r == BufferedBody.NEED_MORE) {
                            bodyProgress();
                        }
                        return;
                    }
                    dispatch(b.take());
                }
                case STREAM_BODY -> {
                    if (!streamingBody().read(buf)) {
                        return;
                    }
                }
                case CLOSING -> {
                    buf.position(buf.limit()); // lingering: the client's excess input is discarded
                    return;
                }
                default -> {
                    // DISPATCHED: the rest waits for the response; UPGRADED: it belongs to the next protocol
                    return;
                }
            }
        }
    }

    private void headParsed(ByteBuffer buf) {
        HttpVersion version = parser.version();
        closeAfterResponse = version == HttpVersion.HTTP_1_1 ? parser.connectionClose() : !parser.connectionKeepAlive();
        if (server.handlerStreams && streamingBody().offer()) {
            return;
        }
        int kind = parser.bodyKind();
        if (kind != Http1RequestParser.BODY_LENGTH && kind != Http1RequestParser.BODY_CHUNKED) {
            dispatch(EMPTY);
            return;
        }
        BufferedBody b = bufferedBody();
        int r = b.start(buf, kind == Http1RequestParser.BODY_LENGTH ? parser.contentLength() : -1);
        if (r == BufferedBody.DONE) {
            dispatch(b.take());
        } else if (r == BufferedBody.NEED_MORE) {
            startBody();
            state = State.READ_BODY;
        }
    }

    private BufferedBody bufferedBody() {
        BufferedBody b = buffered;
        if (b == null) {
            b = new BufferedBody(server, this);
            buffered = b;
        }
        return b;
    }

    private void releaseAllBody() {
        BufferedBody b = buffered;
        if (b != null) {
            b.releaseAll();
        }
    }

    private void dropBody() {
        BufferedBody b = buffered;
        if (b != null) {
            b.drop();
        }
    }

    private void startBody() {
        if (parser.expectContinue() && parser.version() == HttpVersion.HTTP_1_1) {
            stream.enqueue(CONTINUE, 0, CONTINUE.length);
            stream.flushNoWait();
        }
        bodyStartNanos = loop.nanoTime();
        bodyProgress();
    }

    /** The client sent some of the body: the body deadline moves on (unless it is one for the whole body). */
    void bodyProgress() {
        if (server.bodyTimeoutNanos > 0) {
            setDeadline(DeadlineTimer.Kind.BODY, bodyStartNanos + server.bodyTimeoutNanos);
        } else {
            setDeadline(DeadlineTimer.Kind.BODY, loop.nanoTime() + server.idleTimeoutNanos);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Dispatching

    private void dispatch(byte[] bodyBytes) {
        HttpHeaders headers = parser.headers();
        byte[] content = bodyBytes;
        if (server.decompressRequest && content.length > 0) {
            content = bufferedBody().inflate(headers, bodyBytes);
            if (content == null) {
                return;
            }
        }
        StreamingBody s = streaming;
        if (s == null || !s.dispatchHeld(content)) {
            HttpServerRequest request = newRequest(headers, content);
            handle(request, newResponse(request));
        }
    }

    /** Hands a request to the handler; the connection waits for its response. */
    void handle(HttpServerRequest request, Http1ServerResponse response) {
        current = response;
        state = State.DISPATCHED;
        deadline.clear();
        try {
            server.handler.handle(request, response);
        } catch (Throwable t) {
            handlerFailed(response, t);
        }
    }

    HttpServerRequest newRequest(HttpHeaders headers, byte[] content) {
        String remoteIp = peerIp;
        String protocol = server.protocol;
        if (server.xheaders) {
            remoteIp = ForwardedHeaders.remoteIp(headers, peerIp, server.trustedDownstream);
            protocol = ForwardedHeaders.protocol(headers, protocol);
        }
        return new HttpServerRequest(
                parser.method(),
                parser.target(),
                parser.version(),
                headers,
                content,
                remoteIp,
                protocol,
                remote,
                loop,
                requestStartNanos);
    }

    Http1ServerResponse newResponse(HttpServerRequest request) {
        boolean http11 = parser.version() == HttpVersion.HTTP_1_1;
        boolean keepAlive = !closeAfterResponse && !server.isStopping();
        return new Http1ServerResponse(this, request.method().equals("HEAD"), http11, keepAlive);
    }

    // ------------------------------------------------------------------------------------------------
    // Streamed bodies (HttpHandler.headReceived)

    private StreamingBody streamingBody() {
        StreamingBody s = streaming;
        if (s == null) {
            s = new StreamingBody(this, server, parser);
            streaming = s;
        }
        return s;
    }

    // Hooks of StreamingBody

    /** The request's body is offered to the handler: {@code response} is current, and nothing is read. */
    void awaitAcceptance(Http1ServerResponse response) {
        current = response;
        state = State.STREAM_WAIT;
    }

    /** The handler chose to have the body buffered: the response is current again when the body is in. */
    void bodyBuffered() {
        current = null;
    }

    /** Returns whether {@code response}'s body still waits for the handler's acceptance. */
    boolean awaitsAcceptance(Http1ServerResponse response) {
        return state == State.STREAM_WAIT && current == response;
    }

    /** Returns whether a streamed body is being read. */
    boolean isStreamingBody() {
        return state == State.STREAM_BODY;
    }

    @Nullable
    Http1ServerResponse currentResponse() {
        return current;
    }

    void clearDeadline() {
        deadline.clear();
    }

    /** The handler accepted the body: read it. */
    void bodyAccepted() {
        state = State.STREAM_BODY;
        startBody(); // 100 Continue only now: the handler has accepted the body
        flow.resume(FlowControl.PAUSE_BODY);
    }

    /** The whole streamed body was delivered: the response is what the connection waits for now. */
    void streamedBodyRead(Http1ServerResponse response) {
        state = State.DISPATCHED;
        response.bodyUnread(false);
        deadline.clear();
    }

    void handlerFailed(Http1ServerResponse response, Throwable t) {
        if (!response.isHeadWritten()) {
            HttpServer.LOG.log(Level.ERROR, "the handler failed on a request from " + peerIp + "; answering 500", t);
            byte[] text = "500: Internal Server Error\n".getBytes(StandardCharsets.ISO_8859_1);
            response.end(500, Http1ResponseEncoder.plainText(), text);
        } else if (!response.isFinished()) {
            HttpServer.LOG.log(
                    Level.ERROR,
                    "the handler failed after starting its response to " + peerIp + "; closing the connection",
                    t);
            abort("the handler failed: " + t);
        } else {
            HttpServer.LOG.log(Level.ERROR, "the handler failed after finishing its response to " + peerIp, t);
        }
    }

    /**
     * Called by the response when it is finished; {@code keepAlive} says whether the connection goes on,
     * {@code status} whether it switches protocols.
     */
    void responseFinished(Http1ServerResponse response, boolean keepAlive, int status) {
        if (response != current) {
            return;
        }
        current = null;
        releaseAllBody();
        if (state == State.STREAM_WAIT || state == State.STREAM_BODY) {
            // Finished before its body was read: the rest cannot be skipped safely.
            streamingBody().stop();
            closeAfterFlush(true);
            flow.resume(FlowControl.PAUSE_BODY); // read and discard while lingering
            return;
        }
        if (state != State.DISPATCHED) {
            return; // closed meanwhile
        }
        if (status == 101) {
            state = State.UPGRADED;
            deadline.clear();
            if (!inOnData) {
                stream.flushNoWait();
            }
            return;
        }
        if (!keepAlive) {
            closeAfterFlush(false);
            return;
        }
        state = State.READ_HEAD;
        parser.forgetRequest(); // an idle connection keeps no head
        idleSinceNanos = LoopInternals.taskStartNanos(loop);
        setDeadline(DeadlineTimer.Kind.IDLE, idleSinceNanos + server.idleTimeoutNanos);
        flow.responseDone(inOnData);
    }

    private void afterBatch() {
        if (state != State.CLOSED && state != State.DETACHED) {
            flow.flushBatch();
        }
    }

    /** Pushes a streaming response's bytes out when enough have piled up. */
    void maybeAutoFlush() {
        flow.maybeAutoFlush();
    }

    FlowControl flow() {
        return flow;
    }

    // ------------------------------------------------------------------------------------------------
    // Errors and closing

    /**
     * Answers a request that cannot be served (400, 408, 413, 431, 505...) with a short text response and
     * {@code Connection: close}, logs it, and closes once it is sent.
     *
     * @param midBody whether the client may still be sending a body: then its input is read and discarded for
     *     a moment, so that closing does not reset the connection before the client has read the answer
     */
    void sendError(int status, String message, boolean midBody) {
        HttpServer.LOG.log(
                Level.INFO,
                "{0} {1} from {2}: {3}; closing the connection",
                status,
                HttpStatus.reasonPhrase(status),
                peerIp,
                message);
        current = null;
        dropBody();
        StreamingBody s = streaming;
        if (s != null) {
            s.dropHeld();
        }
        ByteSink out = ctx.scratch;
        out.reset();
        ctx.encoder.encodeError(out, status, message);
        stream.enqueue(out.array(), 0, out.size());
        closeAfterFlush(midBody);
        stream.flushNoWait();
    }

    /**
     * Stops reading requests and closes once the write buffer has drained. With {@code linger}, the close waits
     * a little longer for the client to close first, discarding its input meanwhile. A client that does not
     * read the response at all is cut off after the idle timeout.
     */
    private void closeAfterFlush(boolean linger) {
        state = State.CLOSING;
        setDeadline(DeadlineTimer.Kind.LINGER, loop.nanoTime() + server.idleTimeoutNanos);
        stream.flush().whenComplete((v, e) -> {
            closedAfterFullFlush = e == null;
            if (!linger || e != null) {
                closeNow();
            } else if (state == State.CLOSING) {
                setDeadline(DeadlineTimer.Kind.LINGER, loop.nanoTime() + LINGER_NANOS);
            }
        });
    }

    /** Whether the connection closed only after every byte written reached the kernel. Loop thread. */
    boolean closedAfterFullFlush() {
        return closedAfterFullFlush;
    }

    /** Closes the connection at once (a broken response, an exception). */
    void abort(String reason) {
        HttpServer.LOG.log(Level.WARNING, "closing the connection from {0}: {1}", peerIp, reason);
        stream.flushNoWait(); // what was written correctly goes out, so the client sees where it broke
        closeNow();
    }

    /**
     * Hands the stream over after a finished 101 response: this connection stops reading it, forgets it and
     * will not close it. Bytes after the request stay buffered in the stream for its next reader.
     */
    IOStream detach() {
        if (state != State.UPGRADED) {
            throw new IllegalStateException("detach() takes the connection over after a protocol switch: "
                    + "finish a 101 Switching Protocols response first");
        }
        state = State.DETACHED;
        cleanUp();
        stream.flushNoWait();
        flow.handOver();
        stream.setReader(null);
        return stream;
    }

    void closeNow() {
        if (state == State.DETACHED) {
            return;
        }
        state = State.CLOSED;
        stream.close();
        cleanUp();
    }

    private void cleanUp() {
        deadline.cancel();
        ctx.connectionGone(this);
        dropBody();
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
        if (state == State.DETACHED) {
            return;
        }
        if (cause != null) {
            HttpServer.LOG.log(Level.DEBUG, "connection from " + peerIp + " closed", cause);
        }
        state = State.CLOSED;
        cleanUp();
        Http1ServerResponse r = current;
        if (r != null) {
            r.connectionClosed(); // a handler still waiting on this response hears of it
        }
        StreamingBody s = streaming;
        if (s != null) {
            s.connectionClosed();
        }
    }

    /**
     * The server stops: idle connections close now, busy ones after their response (a request whose head has
     * begun, or which waits pipelined in the stream, is still served, with {@code Connection: close}); the
     * current response's {@link HttpServerResponse#onServerShutdown shutdown listener} runs.
     */
    void onServerStop() {
        if (isIdle()) {
            closeNow();
        } else if (state == State.DISPATCHED || state == State.STREAM_WAIT || state == State.STREAM_BODY) {
            Http1ServerResponse r = current;
            if (r != null) {
                r.serverShuttingDown();
            }
        }
    }

    /** Returns whether the connection waits for a request and holds none (a keep-alive or fresh connection). */
    boolean isIdle() {
        return state == State.READ_HEAD && !parser.isHeadStarted() && !flow.hasUnconsumedInput();
    }

    /** Returns when the connection last became idle (accepted, or its last response finished). */
    long idleSinceNanos() {
        return idleSinceNanos;
    }

    boolean serverStopping() {
        return server.isStopping();
    }

    // ------------------------------------------------------------------------------------------------
    // The timer

    private void setDeadline(DeadlineTimer.Kind kind, long at) {
        deadline.set(kind, at);
    }

    /** A deadline passed (the connection is its own {@link DeadlineTimer.Expiry}: no lambda per connection). */
    @Override
    public void expired(DeadlineTimer.Kind kind, long now) {
        if (state == State.CLOSED) {
            return;
        }
        switch (kind) {
            case FIRST_HEAD, HEAD -> {
                if (state != State.READ_HEAD) {
                    return;
                }
                if (parser.isHeadStarted()) {
                    sendError(
                            408,
                            "the request head did not arrive within " + server.headerTimeoutNanos / 1_000_000 + " ms",
                            false);
                } else if (kind == DeadlineTimer.Kind.FIRST_HEAD) {
                    HttpServer.LOG.log(Level.DEBUG, "closing a connection from {0} that sent no request", peerIp);
                    closeNow();
                }
            }
            case BODY -> {
                String message = server.bodyTimeoutNanos > 0
                        ? "the request body did not arrive within " + server.bodyTimeoutNanos / 1_000_000 + " ms"
                        : "the request body stalled for " + server.idleTimeoutNanos / 1_000_000 + " ms";
                if (state == State.STREAM_BODY) {
                    streamingBody().fail(408, message);
                } else {
                    sendError(408, message, false);
                }
            }
            case IDLE -> {
                if (state != State.READ_HEAD) {
                    return;
                }
                if (!stream.isWriteBufferEmpty()) {
                    setDeadline(
                            DeadlineTimer.Kind.IDLE, now + server.idleTimeoutNanos); // still sending the last response
                    return;
                }
                HttpServer.LOG.log(Level.DEBUG, "closing idle connection from {0}", peerIp);
                closeNow();
            }
            case LINGER -> closeNow();
            default -> {}
        }
    }

    @Override
    public String toString() {
        return "Http1ServerConnection[" + peerIp + ":" + remote.getPort() + "]";
    }
}
