package dev.squall.benchmarks;

import dev.squall.http.HttpHeaders;
import dev.squall.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A response that only records what {@code end} (or {@code writeHead}, {@code write}, {@code finish})
 * was given; reset per operation. It reads every header value the way the encoder does, so a handler
 * cannot look cheaper by handing over headers nobody reads.
 */
final class RecordingResponse implements HttpServerResponse {
    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    /** Told the body length when the response is finished (a benchmark that chains requests). */
    private final IntConsumer onFinished;

    int status;
    int bodyLength;
    int headerChars;
    private boolean headWritten;
    private boolean finished;

    RecordingResponse() {
        this(bodyLength -> {});
    }

    RecordingResponse(IntConsumer onFinished) {
        this.onFinished = onFinished;
    }

    void reset() {
        status = 0;
        bodyLength = 0;
        headerChars = 0;
        headWritten = false;
        finished = false;
    }

    private void head(int status, HttpHeaders headers) {
        if (headWritten) {
            throw new IllegalStateException("head written twice");
        }
        headWritten = true;
        this.status = status;
        int n = 0;
        for (int i = 0; i < headers.size(); i++) {
            n += headers.name(i).length() + headers.value(i).length();
        }
        headerChars = n;
    }

    @Override
    public void writeHead(int status, @Nullable String reason, HttpHeaders headers) {
        head(status, headers);
    }

    @Override
    public void write(ByteBuffer chunk) {
        bodyLength += chunk.remaining();
        chunk.position(chunk.limit());
    }

    @Override
    public void write(byte[] chunk) {
        bodyLength += chunk.length;
    }

    @Override
    public void write(ByteString chunk) {
        bodyLength += chunk.size();
    }

    @Override
    public CompletableFuture<Void> flush() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void finish() {
        finished = true;
        onFinished.accept(bodyLength);
    }

    @Override
    public void end(int status, HttpHeaders headers, byte[] body) {
        head(status, headers);
        bodyLength = body.length;
        finished = true;
        onFinished.accept(bodyLength);
    }

    @Override
    public boolean isHeadWritten() {
        return headWritten;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return NEVER;
    }

    @Override
    public void closeAfterResponse() {}
}
