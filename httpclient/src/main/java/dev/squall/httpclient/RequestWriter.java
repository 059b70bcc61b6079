package dev.squall.httpclient;

import dev.squall.loop.IOLoop;
import dev.squall.loop.Timeout;
import dev.squall.net.IOStream;
import dev.squall.net.StreamClosedException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The request side of a {@link ClientConnection}'s exchanges: writes the head, then the body (bytes, or the
 * chunks a {@link BodyProducer} writes, framed by length or chunked), holding it back for a {@code 100 Continue}
 * when the request asks. One per connection, reused by each exchange; the response side tells it what the
 * server answered ({@link #continueReceived()}, {@link #finalResponseArrived()}).
 *
 * <p>Loop-confined. A failure ends the whole exchange through {@link ClientConnection#failExchange}.
 */
final class RequestWriter {
    /** Request bodies up to this size are copied into the write buffer; larger ones are queued without a copy. */
    private static final int COPY_BODY_BYTES = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final ClientConnection connection;
    private final AsyncHttpClient client;
    private final IOLoop loop;
    private final IOStream stream;
    private final boolean absoluteForm;
    private final @Nullable String proxyAuthorization;

    // The current exchange.
    /** Counts exchanges; tells a body writer of an old exchange that it is stale. */
    private int exchange;

    private @Nullable HttpRequest request;
    private boolean waitingContinue;
    private @Nullable Timeout continueTimer;
    private boolean bodyWithheld;
    private boolean complete;
    private long producedBytes;

    RequestWriter(ClientConnection connection, HostPool pool, IOStream stream) {
        this.connection = connection;
        this.client = pool.client;
        this.loop = client.loop;
        this.stream = stream;
        HttpProxy proxy = pool.key.proxy();
        this.absoluteForm = proxy != null && !pool.key.origin().secure();
        this.proxyAuthorization = absoluteForm && proxy != null ? proxy.authorization() : null;
    }

    /** Returns whether the whole request, body included, has been queued for writing. */
    boolean isComplete() {
        return complete;
    }

    /** Returns whether a final response came before the {@code 100 Continue}, so the body was never sent. */
    boolean bodyWithheld() {
        return bodyWithheld;
    }

    /** Starts an exchange: writes the request of {@code c}'s current hop. */
    void begin(Call c) {
        HttpRequest r = c.request;
        request = r;
        exchange++;
        complete = false;
        bodyWithheld = false;
        producedBytes = 0;
        RequestHeadEncoder encoder = client.encoder;
        encoder.encode(r, client.defaultHeaders, absoluteForm, proxyAuthorization, c.userAgent, c.decompress);
        stream.enqueue(encoder.bytes(), 0, encoder.length());
        if (r.expect100Continue() && r.hasBody()) {
            waitingContinue = true;
            // Armed before the head leaves, so the wait is measured from the send, never from a later moment.
            continueTimer = loop.callLater(AsyncHttpClient.EXPECT_CONTINUE_TIMEOUT, this::continueTimedOut);
            stream.flushNoWait();
        } else {
            sendBody(r);
        }
    }

    /** The server answered {@code 100 Continue}: the body goes now, if it was waiting for it. */
    void continueReceived() {
        HttpRequest r = request;
        if (waitingContinue && r != null) {
            cancelContinueTimer();
            waitingContinue = false;
            sendBody(r);
        }
    }

    /**
     * A final response arrived. If the body was still waiting for {@code 100 Continue}, it is never sent, and
     * the connection cannot carry another request (RFC 9110 section 10.1.1: the server may still expect it).
     */
    void finalResponseArrived() {
        if (waitingContinue) {
            cancelContinueTimer();
            waitingContinue = false;
            bodyWithheld = true;
        }
    }

    /** The exchange ended: no body is sent after this. */
    void stop() {
        cancelContinueTimer();
        waitingContinue = false;
    }

    private void continueTimedOut() {
        continueTimer = null;
        HttpRequest r = request;
        if (waitingContinue && connection.inExchange() && r != null) {
            waitingContinue = false;
            sendBody(r);
        }
    }

    private void cancelContinueTimer() {
        Timeout t = continueTimer;
        if (t != null) {
            t.cancel();
            continueTimer = null;
        }
    }

    private void sendBody(HttpRequest r) {
        ByteString bytes = r.body();
        BodyProducer producer = r.bodyProducer();
        if (bytes != null) {
            if (bytes.size() <= COPY_BODY_BYTES) {
                stream.enqueue(bytes.asByteBuffer());
                stream.flushNoWait();
            } else {
                stream.write(bytes); // failure closes the stream, which the reader side reports
            }
            complete = true;
        } else if (producer != null) {
            stream.flushNoWait();
            startProducer(producer, r.bodyProducerLength());
        } else {
            stream.flushNoWait();
            complete = true;
        }
    }

    private void startProducer(BodyProducer producer, long declaredLength) {
        int current = exchange;
        BodyWriter writer = new BodyWriter(loop, chunk -> writeChunk(current, declaredLength, chunk));
        CompletionStage<?> done;
        try {
            done = producer.produce(writer);
        } catch (Throwable t) {
            connection.failExchange(t);
            return;
        }
        // a closed loop took the connection with it: nothing to finish
        done.whenComplete((v, e) -> loop.runOnLoop(() -> producerFinished(current, declaredLength, e)));
    }

    private CompletableFuture<Void> writeChunk(int current, long declaredLength, ByteString chunk) {
        if (current != exchange || !connection.inExchange() || complete || stream.isClosed()) {
            return CompletableFuture.failedFuture(new StreamClosedException("the request " + request
                    + " is over (finished, failed or cancelled); its body can no longer be written"));
        }
        int n = chunk.size();
        if (n == 0) {
            return CompletableFuture.completedFuture(null);
        }
        producedBytes += n;
        if (declaredLength >= 0 && producedBytes > declaredLength) {
            IllegalStateException e = new IllegalStateException("the body producer of " + request + " wrote "
                    + producedBytes + " bytes, more than the " + declaredLength + " it declared");
            connection.failExchange(e);
            return CompletableFuture.failedFuture(e);
        }
        if (declaredLength < 0) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            stream.enqueue(size, 0, size.length);
            stream.enqueue(chunk.asByteBuffer());
            stream.enqueue(CRLF, 0, 2);
        } else {
            stream.enqueue(chunk.asByteBuffer());
        }
        return stream.flush();
    }

    private void producerFinished(int current, long declaredLength, @Nullable Throwable error) {
        if (current != exchange || !connection.inExchange() || complete) {
            return;
        }
        if (error != null) {
            connection.failExchange(
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            return;
        }
        if (declaredLength < 0) {
            stream.enqueue(LAST_CHUNK, 0, LAST_CHUNK.length);
            stream.flushNoWait();
        } else if (producedBytes != declaredLength) {
            connection.failExchange(new IllegalStateException("the body producer of " + request + " wrote "
                    + producedBytes + " bytes but declared " + declaredLength));
            return;
        }
        complete = true;
    }
}
