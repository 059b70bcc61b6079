package dev.squall.http;

import dev.squall.internal.http.ChunkedDecoder;
import dev.squall.internal.http.Http1HeadParser;
import dev.squall.loop.IOLoop;
import dev.squall.net.IOStream;
import dev.squall.net.StreamReader;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <h2>Time</h2>
 * One timer per connection, re-armed lazily: it is scheduled for the earliest deadline ever needed and, when
 * it fires, compares the loop's clock with the current deadline (header, body, idle, or closing linger) —
 * so a keep-alive request cycle does not cancel and create timers.
 *
 * <p>Everything here runs on the stream's loop.
 */
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
    /** The input of a streamed body's end when all of it was delivered before the handler paused. */
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);

    /** Where the connection is in its request cycle. */
    private enum State {
        READ_HEAD,
        READ_BODY_LENGTH,
        READ_BODY_CHUNKED,
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

    private static final int PAUSE_PIPELINE = 1;
    private static final int PAUSE_WRITE = 2;
    /** A streamed body waits for its handler (acceptance, or a pending {@code dataReceived} stage). */
    private static final int PAUSE_BODY = 4;

    private final HttpServer server;
    private final LoopContext ctx;
    private final IOStream stream;
    private final IOLoop loop;
    private final InetSocketAddress remote;
    private final String peerIp;
    private final Http1RequestParser parser;
    private @Nullable ChunkedDecoder chunkedDecoder;

    private State state = State.READ_HEAD;
    private boolean inOnData;
    private final HeadMirror mirror;
    private final DeadlineTimer deadline;
    private boolean unconsumedInput;
    private int pauseReasons;
    private boolean closeAfterResponse;
    /** The connection closed after every byte written reached the kernel (a finished, non-keep-alive response). */
    private boolean closedAfterFullFlush;

    private long idleSinceNanos;

    // the request being read
    private long requestStartNanos;
    /** A chunked body as it is decoded. */
    private @Nullable ByteSink body;
    /** A Content-Length body, allocated once at its announced size and handed to the request as it is. */
    private byte @Nullable [] fixedBody;

    private int fixedBodyFilled;
    private long bodyRemaining;
    /** Bytes of the server's {@link BodyBudget} this connection holds for the current request. */
    private long budgetHeld;

    private long bodyStartNanos;

    private @Nullable Http1ServerResponse current;

    // a request handed to HttpHandler.headReceived (only for handlers that override it)
    /** Its body streams to a receiver. */
    private @Nullable BodyStreamer streamer;
    /** The request and response the handler saw at its head and chose to have buffered; dispatched with the body. */
    private @Nullable HttpServerRequest headRequest;

    private @Nullable Http1ServerResponse headResponse;

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
        unconsumedInput = buf.hasRemaining();
        if (state == State.DISPATCHED && buf.remaining() > PIPELINE_BUFFER_BYTES) {
            pause(PAUSE_PIPELINE);
        }
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
                        requestStartNanos = loop.nanoTime();
                    }
                    int r;
                    if (buf.isDirect()) {
                        ByteBuffer m = mirror.of(buf, false);
                        r = parser.parse(m);
                        mirror.sync(buf, m);
                        if (r == Http1HeadParser.NEED_MORE && buf.hasRemaining()) {
                            m = mirror.of(buf, true); // the head goes on past the copied part
                            r = parser.parse(m);
                            mirror.sync(buf, m);
                        }
                    } else {
                        r = parser.parse(buf);
                    }
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
                case READ_BODY_LENGTH -> {
                    byte[] b = fixedBody;
                    assert b != null : "READ_BODY_LENGTH holds the body's array";
                    int n = (int) Math.min(bodyRemaining, buf.remaining());
                    if (n > 0) {
                        buf.get(b, fixedBodyFilled, n);
                        fixedBodyFilled += n;
                        bodyRemaining -= n;
                    }
                    if (bodyRemaining > 0) {
                        bodyProgress();
                        return;
                    }
                    fixedBody = null;
                    dispatch(b);
                }
                case READ_BODY_CHUNKED -> {
                    ChunkedDecoder d = chunkedDecoder;
                    ByteSink sink = body;
                    assert d != null && sink != null : "READ_BODY_CHUNKED holds a decoder and a sink";
                    if (!reserveGrowth(sink, buf.remaining())) {
                        return;
                    }
                    int r = d.decode(buf, sink);
                    if (r == ChunkedDecoder.NEED_MORE) {
                        bodyProgress();
                        return;
                    }
                    if (r == ChunkedDecoder.ERROR) {
                        // Past the size limit the client is likely still sending: let it see the answer.
                        sendError(d.errorStatus(), d.errorMessage(), d.errorStatus() == 413);
                        return;
                    }
                    byte[] whole = sink.array();
                    if (sink.size() != whole.length) {
                        // The one copy of a chunked body, to its exact size; reserved while both exist.
                        if (!reserveBody(sink.size())) {
                            return;
                        }
                        whole = sink.toByteArray();
                        releaseBody(sink.array().length);
                    }
                    body = null;
                    dispatch(whole);
                }
                case STREAM_BODY -> {
                    if (!readStreamedBody(buf)) {
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
        if (server.handlerStreams && offerBody()) {
            return;
        }
        switch (parser.bodyKind()) {
            case Http1RequestParser.BODY_LENGTH -> {
                long length = parser.contentLength();
                if (length > server.maxBodyBytes) {
                    sendError(
                            413,
                            "the request body (Content-Length: " + length + ") is larger than the limit of "
                                    + server.maxBodyBytes + " bytes",
                            buf.remaining() < length);
                    return;
                }
                // The announced length is allocated at once, which the budget makes safe: a client that
                // announces much and sends little holds budget, not unaccounted heap, until its body times out.
                if (!reserveBody(length)) {
                    return;
                }
                byte[] b = new byte[(int) length];
                if (buf.remaining() >= length) {
                    buf.get(b);
                    dispatch(b);
                    return;
                }
                startBody();
                fixedBody = b;
                fixedBodyFilled = 0;
                bodyRemaining = length;
                state = State.READ_BODY_LENGTH;
            }
            case Http1RequestParser.BODY_CHUNKED -> {
                ChunkedDecoder d = chunkedDecoder;
                if (d == null) {
                    d = new ChunkedDecoder(server.maxBodyBytes, server.maxHeaderBytes);
                    chunkedDecoder = d;
                } else {
                    d.reset();
                }
                if (!reserveBody(1024)) {
                    return;
                }
                startBody();
                body = new ByteSink(1024);
                state = State.READ_BODY_CHUNKED;
            }
            default -> dispatch(EMPTY);
        }
    }

    /**
     * Reserves {@code bytes} of the server's body budget for the current request, or answers 503 with
     * {@code Retry-After} (and closes) when the server already buffers as many body bytes as it may.
     *
     * @return whether the bytes were reserved
     */
    private boolean reserveBody(long bytes) {
        if (server.bodyBudget.tryReserve(bytes)) {
            budgetHeld += bytes;
            return true;
        }
        sendError(
                503,
                "the server is buffering as many request bodies as it may (" + server.bodyBudget.limit()
                        + " bytes, maxBufferedBodyBytes); retry later",
                true);
        return false;
    }

    /** Reserves what {@code sink} will grow by to take {@code incoming} more bytes (decoded ≤ received). */
    private boolean reserveGrowth(ByteSink sink, int incoming) {
        int capacity = sink.array().length;
        long needed = (long) sink.size() + incoming;
        if (needed <= capacity) {
            return true;
        }
        // The same growth as ByteSink.ensure, reserved before it happens.
        long grown = Math.max(needed, Math.min(capacity * 2L, Integer.MAX_VALUE - 16));
        if (!reserveBody(grown - capacity)) {
            return false;
        }
        sink.ensure(incoming);
        return true;
    }

    private void releaseBody(long bytes) {
        long n = Math.min(bytes, budgetHeld);
        budgetHeld -= n;
        server.bodyBudget.release(n);
    }

    private void releaseAllBody() {
        if (budgetHeld != 0) {
            server.bodyBudget.release(budgetHeld);
            budgetHeld = 0;
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

    private void bodyProgress() {
        if (server.bodyTimeoutNanos > 0) {
            setDeadline(DeadlineTimer.Kind.BODY, bodyStartNanos + server.bodyTimeoutNanos);
        } else {
            setDeadline(DeadlineTimer.Kind.BODY, loop.nanoTime() + server.idleTimeoutNanos);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Dispatching

    private void dispatch(byte[] bodyBytes) {
        body = null;
        HttpHeaders headers = parser.headers();
        byte[] content = bodyBytes;
        if (server.decompressRequest && content.length > 0) {
            content = GzipRequestBody.decode(headers, bodyBytes, server.maxBodyBytes);
            if (content == GzipRequestBody.INVALID) {
                sendError(400, "the request body is not valid gzip (Content-Encoding: gzip)", false);
                return;
            }
            if (content == GzipRequestBody.TOO_LARGE) {
                sendError(413, "the gzip request body inflates to more than " + server.maxBodyBytes + " bytes", false);
                return;
            }
            if (content != bodyBytes) {
                if (!reserveBody(content.length)) {
                    return;
                }
                releaseBody(bodyBytes.length);
            }
        }
        HttpServerRequest request = headRequest;
        Http1ServerResponse response = headResponse;
        if (request != null && response != null) {
            headRequest = null;
            headResponse = null;
            request.body(content);
            if (server.isStopping()) {
                response.closeAfterResponse();
            }
        } else {
            request = newRequest(headers, content);
            response = newResponse(request);
        }
        current = response;
        state = State.DISPATCHED;
        deadline.clear();
        try {
            server.handler.handle(request, response);
        } catch (Throwable t) {
            handlerFailed(response, t);
        }
    }

    private HttpServerRequest newRequest(HttpHeaders headers, byte[] content) {
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

    private Http1ServerResponse newResponse(HttpServerRequest request) {
        boolean http11 = parser.version() == HttpVersion.HTTP_1_1;
        boolean keepAlive = !closeAfterResponse && !server.isStopping();
        return new Http1ServerResponse(this, request.method().equals("HEAD"), http11, keepAlive);
    }

    // ------------------------------------------------------------------------------------------------
    // Streamed bodies (HttpHandler.headReceived)

    /**
     * Offers a request with a body to the handler's {@link HttpHandler#headReceived} before any body byte is read.
     *
     * @return true if the body streams (or the request was answered); false to buffer it as usual
     */
    private boolean offerBody() {
        int kind = parser.bodyKind();
        if (kind == Http1RequestParser.BODY_NONE
                || (kind == Http1RequestParser.BODY_LENGTH && parser.contentLength() == 0)) {
            return false;
        }
        HttpServerRequest request = newRequest(parser.headers(), EMPTY);
        Http1ServerResponse response = newResponse(request);
        // Current already: the handler may answer (413, 401) before it returns, and then the connection closes.
        current = response;
        state = State.STREAM_WAIT;
        response.bodyUnread(true);
        CompletionStage<? extends RequestBodyReceiver> accepted;
        try {
            accepted = server.handler.headReceived(request, response);
        } catch (Throwable t) {
            handlerFailed(response, t);
            return true;
        }
        if (state != State.STREAM_WAIT) {
            return true; // answered already
        }
        if (accepted == null) {
            response.bodyUnread(false);
            current = null;
            headRequest = request;
            headResponse = response;
            return false;
        }
        deadline.clear(); // the handler decides; no body is expected yet
        if (accepted instanceof CompletableFuture<? extends RequestBodyReceiver> f && f.isDone()) {
            bodyAccepted(response, f.getNow(null), null); // prepare() did not wait: go on in this batch
        } else {
            pause(PAUSE_BODY);
            accepted.whenComplete((receiver, error) -> loop.runOnLoop(() -> bodyAccepted(response, receiver, error)));
        }
        return true;
    }

    private void bodyAccepted(
            Http1ServerResponse response, @Nullable RequestBodyReceiver receiver, @Nullable Throwable error) {
        if (state != State.STREAM_WAIT || current != response) {
            return; // answered (and closing) meanwhile
        }
        if (error != null || receiver == null) {
            handlerFailed(
                    response,
                    error != null ? error : new NullPointerException("headReceived() completed with no receiver"));
            return;
        }
        long limit = receiver.maxBodyBytes() >= 0 ? receiver.maxBodyBytes() : server.maxBodyBytes;
        long length = parser.bodyKind() == Http1RequestParser.BODY_LENGTH ? parser.contentLength() : -1;
        streamer = new BodyStreamer(receiver, length, limit, server.maxHeaderBytes);
        if (length > limit) {
            streamFailed(
                    413,
                    "the request body (Content-Length: " + length + ") is larger than the limit of " + limit
                            + " bytes");
            return;
        }
        state = State.STREAM_BODY;
        startBody(); // 100 Continue only now: the handler has accepted the body
        resume(PAUSE_BODY);
    }

    /** Delivers what {@code buf} holds of a streamed body; returns whether to go on parsing this batch. */
    private boolean readStreamedBody(ByteBuffer buf) {
        BodyStreamer s = streamer;
        Http1ServerResponse response = current;
        assert s != null && response != null : "STREAM_BODY holds a streamer and the response";
        int r;
        try {
            r = s.read(buf, () -> state == State.STREAM_BODY && streamer == s);
        } catch (Throwable t) {
            streamer = null;
            handlerFailed(response, t);
            return false;
        }
        switch (r) {
            case BodyStreamer.DONE -> {
                streamer = null;
                state = State.DISPATCHED;
                response.bodyUnread(false);
                deadline.clear();
                try {
                    s.receiver.bodyReceived();
                } catch (Throwable t) {
                    handlerFailed(response, t);
                }
                return true;
            }
            case BodyStreamer.PAUSED -> {
                pause(PAUSE_BODY);
                deadline.clear(); // waiting for the handler is not the client's delay
                s.pending()
                        .whenComplete((v, e) -> loop.runOnLoop(() -> {
                            if (state != State.STREAM_BODY || streamer != s) {
                                return;
                            }
                            // The handler paused on the last bytes of a Content-Length body: no more input will
                            // come to tell the streamer the body is over, so finish it here (else the handler
                            // would wait for its end until the client gave up).
                            if (s.isComplete()) {
                                readStreamedBody(NO_INPUT);
                            } else {
                                bodyProgress();
                            }
                            resume(PAUSE_BODY);
                        }));
                return false;
            }
            case BodyStreamer.ERROR -> {
                streamFailed(s.errorStatus(), s.errorMessage());
                return false;
            }
            case BodyStreamer.NEED_MORE -> {
                bodyProgress();
                return false;
            }
            default -> {
                return true; // STOPPED: the response finished meanwhile; the state says what comes next
            }
        }
    }

    /** Answers a streamed body that cannot be read on (400, 408, 413) and tells its handler. */
    private void streamFailed(int status, String message) {
        BodyStreamer s = streamer;
        streamer = null;
        Http1ServerResponse r = current;
        sendError(status, message, true);
        resume(PAUSE_BODY); // read and discard while lingering
        if (r != null) {
            r.abandon();
        }
        if (s != null) {
            s.receiver.bodyFailed(new RequestBodyException(status, message));
        }
    }

    /** The response of a streamed request finished before its body was read: the rest cannot be skipped safely. */
    private void bodyLeftUnread() {
        streamer = null;
        closeAfterFlush(true);
        resume(PAUSE_BODY); // read and discard while lingering
    }

    private void handlerFailed(Http1ServerResponse response, Throwable t) {
        if (!response.isHeadWritten()) {
            HttpServer.LOG.log(Level.ERROR, "the handler failed on a request from " + peerIp + "; answering 500", t);
            byte[] text = "500: Internal Server Error\n".getBytes(StandardCharsets.ISO_8859_1);
            response.end(500, plainText(), text);
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

    private static HttpHeaders plainText() {
        HttpHeaders h = new HttpHeaders(4);
        h.addUnchecked("Content-Type", "text/plain; charset=utf-8");
        return h;
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
            bodyLeftUnread();
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
        idleSinceNanos = loop.nanoTime();
        setDeadline(DeadlineTimer.Kind.IDLE, idleSinceNanos + server.idleTimeoutNanos);
        if (!inOnData) {
            // Finished later than its dispatch: send now, and have the stream present the bytes that
            // waited behind this request again.
            afterBatch();
            if ((pauseReasons & PAUSE_PIPELINE) != 0) {
                resume(PAUSE_PIPELINE);
            } else if (unconsumedInput && pauseReasons == 0) {
                stream.pauseReading();
                stream.resumeReading();
            }
        } else if ((pauseReasons & PAUSE_PIPELINE) != 0) {
            resume(PAUSE_PIPELINE);
        }
    }

    private void afterBatch() {
        if (state == State.CLOSED || state == State.DETACHED || stream.writeBufferBytes() == 0) {
            return;
        }
        stream.flushNoWait();
        if (stream.writeBufferBytes() > WRITE_HIGH_WATER_BYTES && (pauseReasons & PAUSE_WRITE) == 0) {
            pause(PAUSE_WRITE);
            stream.flush().whenComplete((v, e) -> resume(PAUSE_WRITE));
        }
    }

    /** Pushes a streaming response's bytes out when enough have piled up. */
    void maybeAutoFlush() {
        if (stream.writeBufferBytes() >= AUTO_FLUSH_BYTES) {
            stream.flushNoWait();
        }
    }

    private void pause(int reason) {
        if (pauseReasons == 0 && !stream.isClosed()) {
            stream.pauseReading();
        }
        pauseReasons |= reason;
    }

    private void resume(int reason) {
        if ((pauseReasons & reason) == 0) {
            return;
        }
        pauseReasons &= ~reason;
        if (pauseReasons == 0 && !stream.isClosed()) {
            stream.resumeReading();
        }
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
    private void sendError(int status, String message, boolean midBody) {
        HttpServer.LOG.log(
                Level.INFO,
                "{0} {1} from {2}: {3}; closing the connection",
                status,
                HttpStatus.reasonPhrase(status),
                peerIp,
                message);
        current = null;
        body = null;
        fixedBody = null;
        headRequest = null;
        headResponse = null;
        releaseAllBody();
        ByteSink out = ctx.scratch;
        out.reset();
        HttpHeaders h = plainText();
        h.addUnchecked("Connection", "close");
        if (status == 503) {
            h.addUnchecked("Retry-After", "1");
        }
        byte[] text = (status + " " + HttpStatus.reasonPhrase(status) + ": " + message + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ctx.encoder.encodeHead(out, status, null, h, text.length, false, true, false);
        out.write(text);
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
        if (pauseReasons != 0) {
            pauseReasons = 0;
            stream.resumeReading();
        }
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
        body = null;
        fixedBody = null;
        releaseAllBody();
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
        BodyStreamer s = streamer;
        if (s != null) {
            streamer = null;
            s.receiver.bodyFailed(new RequestBodyException(0, "the client closed the connection during the body"));
        }
    }

    /**
     * The server stops: idle connections close now, busy ones after their response (a request whose head has
     * begun, or which waits pipelined in the stream, is still served, with {@code Connection: close}); the
     * current response's {@link HttpServerResponse#onServerShutdown shutdown listener} runs.
     */
    void onServerStop() {
        if (state == State.READ_HEAD && !parser.isHeadStarted() && !unconsumedInput) {
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
        return state == State.READ_HEAD && !parser.isHeadStarted() && !unconsumedInput;
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
                    streamFailed(408, message);
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
