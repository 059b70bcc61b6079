package dev.squall.http;

import dev.squall.loop.IOLoop;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The streamed-body side of one connection ({@link HttpHandler#headReceived}): offers a request's head to the
 * handler, waits for its acceptance, then drives the {@link BodyStreamer} of the accepted body — pausing the
 * connection while a stage is pending, finishing the body, or failing it (400, 408, 413, a client that left).
 * The connection keeps the states ({@code STREAM_WAIT}, {@code STREAM_BODY}), the timer and the answers, and
 * this class moves between them through its hooks. Made once per connection, at its first offered body, and
 * only when the server's handler streams. Loop thread only.
 */
final class StreamingBody {
    /** The input of a streamed body's end when all of it was delivered before the handler paused. */
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);

    private static final byte[] EMPTY = new byte[0];

    private final Http1ServerConnection conn;
    private final HttpServer server;
    private final Http1RequestParser parser;
    private final IOLoop loop;
    /** The body being streamed, or null. */
    private @Nullable BodyStreamer streamer;
    /** The request and response the handler saw at its head and chose to have buffered; dispatched with the body. */
    private @Nullable HttpServerRequest heldRequest;

    private @Nullable Http1ServerResponse heldResponse;

    StreamingBody(Http1ServerConnection conn, HttpServer server, Http1RequestParser parser) {
        this.conn = conn;
        this.server = server;
        this.parser = parser;
        this.loop = conn.loop();
    }

    /**
     * Offers the request whose head was just parsed, if it has a body, to {@link HttpHandler#headReceived}
     * before any body byte is read.
     *
     * @return true if the body streams (or the request was answered); false to buffer it as usual
     */
    boolean offer() {
        int kind = parser.bodyKind();
        if (kind == Http1RequestParser.BODY_NONE
                || (kind == Http1RequestParser.BODY_LENGTH && parser.contentLength() == 0)) {
            return false;
        }
        HttpServerRequest request = conn.newRequest(parser.headers(), EMPTY);
        Http1ServerResponse response = conn.newResponse(request);
        // Current already: the handler may answer (413, 401) before it returns, and then the connection closes.
        conn.awaitAcceptance(response);
        response.bodyUnread(true);
        CompletionStage<? extends RequestBodyReceiver> accepted;
        try {
            accepted = server.handler.headReceived(request, response);
        } catch (Throwable t) {
            conn.handlerFailed(response, t);
            return true;
        }
        if (!conn.awaitsAcceptance(response)) {
            return true; // answered already
        }
        if (accepted == null) {
            response.bodyUnread(false);
            conn.bodyBuffered();
            heldRequest = request;
            heldResponse = response;
            return false;
        }
        conn.clearDeadline(); // the handler decides; no body is expected yet
        if (accepted instanceof CompletableFuture<? extends RequestBodyReceiver> f && f.isDone()) {
            accepted(response, f.getNow(null), null); // prepare() did not wait: go on in this batch
        } else {
            conn.flow().pause(FlowControl.PAUSE_BODY);
            accepted.whenComplete((receiver, error) -> loop.runOnLoop(() -> accepted(response, receiver, error)));
        }
        return true;
    }

    /**
     * Dispatches the request held at its head ({@link #offer} returned false) with its buffered body.
     *
     * @return false if no request was held
     */
    boolean dispatchHeld(byte[] content) {
        HttpServerRequest request = heldRequest;
        Http1ServerResponse response = heldResponse;
        if (request == null || response == null) {
            return false;
        }
        dropHeld();
        request.body(content);
        if (server.isStopping()) {
            response.closeAfterResponse();
        }
        conn.handle(request, response);
        return true;
    }

    /** Forgets the request held at its head (the request was refused). */
    void dropHeld() {
        heldRequest = null;
        heldResponse = null;
    }

    private void accepted(
            Http1ServerResponse response, @Nullable RequestBodyReceiver receiver, @Nullable Throwable error) {
        if (!conn.awaitsAcceptance(response)) {
            return; // answered (and closing) meanwhile
        }
        if (error != null || receiver == null) {
            conn.handlerFailed(
                    response,
                    error != null ? error : new NullPointerException("headReceived() completed with no receiver"));
            return;
        }
        long limit = receiver.maxBodyBytes() >= 0 ? receiver.maxBodyBytes() : server.maxBodyBytes;
        long length = parser.bodyKind() == Http1RequestParser.BODY_LENGTH ? parser.contentLength() : -1;
        streamer = new BodyStreamer(receiver, length, limit, server.maxHeaderBytes);
        if (length > limit) {
            fail(
                    413,
                    "the request body (Content-Length: " + length + ") is larger than the limit of " + limit
                            + " bytes");
            return;
        }
        conn.bodyAccepted();
    }

    /** Delivers what {@code buf} holds of the streamed body; returns whether to go on parsing this batch. */
    boolean read(ByteBuffer buf) {
        BodyStreamer s = streamer;
        Http1ServerResponse response = conn.currentResponse();
        assert s != null && response != null : "STREAM_BODY holds a streamer and the response";
        int r;
        try {
            r = s.read(buf, () -> conn.isStreamingBody() && streamer == s);
        } catch (Throwable t) {
            streamer = null;
            conn.handlerFailed(response, t);
            return false;
        }
        switch (r) {
            case BodyStreamer.DONE -> {
                streamer = null;
                conn.streamedBodyRead(response);
                try {
                    s.receiver.bodyReceived();
                } catch (Throwable t) {
                    conn.handlerFailed(response, t);
                }
                return true;
            }
            case BodyStreamer.PAUSED -> {
                conn.flow().pause(FlowControl.PAUSE_BODY);
                conn.clearDeadline(); // waiting for the handler is not the client's delay
                s.pending()
                        .whenComplete((v, e) -> loop.runOnLoop(() -> {
                            if (!conn.isStreamingBody() || streamer != s) {
                                return;
                            }
                            // The handler paused on the last bytes of a Content-Length body: no more input will
                            // come to tell the streamer the body is over, so finish it here (else the handler
                            // would wait for its end until the client gave up).
                            if (s.isComplete()) {
                                read(NO_INPUT);
                            } else {
                                conn.bodyProgress();
                            }
                            conn.flow().resume(FlowControl.PAUSE_BODY);
                        }));
                return false;
            }
            case BodyStreamer.ERROR -> {
                fail(s.errorStatus(), s.errorMessage());
                return false;
            }
            case BodyStreamer.NEED_MORE -> {
                conn.bodyProgress();
                return false;
            }
            default -> {
                return true; // STOPPED: the response finished meanwhile; the state says what comes next
            }
        }
    }

    /** Answers a streamed body that cannot be read on (400, 408, 413) and tells its handler. */
    void fail(int status, String message) {
        BodyStreamer s = streamer;
        streamer = null;
        Http1ServerResponse r = conn.currentResponse();
        conn.sendError(status, message, true);
        conn.flow().resume(FlowControl.PAUSE_BODY); // read and discard while lingering
        if (r != null) {
            r.abandon();
        }
        if (s != null) {
            s.receiver.bodyFailed(new RequestBodyException(status, message));
        }
    }

    /** The response finished before the body was read: the connection closes, and nothing more is delivered. */
    void stop() {
        streamer = null;
    }

    /** The connection closed: a body still streaming fails. */
    void connectionClosed() {
        BodyStreamer s = streamer;
        if (s != null) {
            streamer = null;
            s.receiver.bodyFailed(new RequestBodyException(0, "the client closed the connection during the body"));
        }
    }
}
