package dev.squall.process;

import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One output pipe of a child process, read on the loop. A {@link Process}'s pipes are plain
 * {@link InputStream}s, not selectable channels, so a virtual thread does the blocking reads and hands each chunk
 * to the loop with {@code execute}; the loop side holds them until read. At most {@link #MAX_BUFFERED} bytes wait
 * unread: past that the virtual thread waits, the pipe fills, and the child blocks on its writes — a slow reader
 * slows the child, not the heap. Reads run on the loop only.
 */
final class PipeReader {
    /** How many unread bytes may wait on the loop side before the pump stops reading. */
    static final int MAX_BUFFERED = 1 << 20;

    private static final int CHUNK = 16 * 1024;

    private final IOLoop loop;
    private final Semaphore room = new Semaphore(MAX_BUFFERED);
    private final ArrayDeque<ByteString> chunks = new ArrayDeque<>();
    private final CompletableFuture<Void> eof = new CompletableFuture<>();
    private @Nullable IOException error;
    private boolean ended;
    private @Nullable CompletableFuture<@Nullable ByteString> pendingChunk;
    private @Nullable CompletableFuture<ByteString> pendingAll;

    PipeReader(IOLoop loop, InputStream in, String name) {
        this.loop = loop;
        Thread.ofVirtual().name(name).start(() -> pump(in));
    }

    /** The virtual thread: blocking reads, each chunk handed to the loop. */
    private void pump(InputStream in) {
        byte[] buf = new byte[CHUNK];
        try (in) {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                room.acquire(n);
                ByteString chunk = ByteString.of(buf, 0, n);
                post(() -> arrived(chunk));
            }
            post(() -> finished(null));
        } catch (IOException e) {
            post(() -> finished(e));
        } catch (InterruptedException e) {
            post(() -> finished(new IOException("the pipe reader was interrupted", e)));
        }
    }

    private void post(Runnable task) {
        loop.tryExecute(task); // closed loop: nobody is left to read
    }

    private void arrived(ByteString chunk) {
        chunks.add(chunk);
        serve();
    }

    private void finished(@Nullable IOException e) {
        ended = true;
        error = e;
        serve();
        eof.complete(null);
    }

    private void serve() {
        CompletableFuture<@Nullable ByteString> c = pendingChunk;
        if (c != null && (!chunks.isEmpty() || ended)) {
            pendingChunk = null;
            if (!chunks.isEmpty()) {
                c.complete(take());
            } else if (error != null) {
                c.completeExceptionally(error);
            } else {
                c.complete(null);
            }
        }
        CompletableFuture<ByteString> a = pendingAll;
        if (a != null && ended) {
            pendingAll = null;
            if (error != null) {
                a.completeExceptionally(error);
            } else {
                Buffer all = new Buffer();
                while (!chunks.isEmpty()) {
                    all.write(take());
                }
                a.complete(all.readByteString());
            }
        }
    }

    private ByteString take() {
        ByteString c = chunks.remove();
        room.release(c.size());
        return c;
    }

    /** The next bytes the child wrote, or null at the end of its output. On the loop. */
    CompletableFuture<@Nullable ByteString> readChunk() {
        checkIdle();
        CompletableFuture<@Nullable ByteString> f = new CompletableFuture<>();
        pendingChunk = f;
        serve();
        return f;
    }

    /** Everything until the child closes the pipe (usually: exits). On the loop. */
    CompletableFuture<ByteString> readUntilClose() {
        checkIdle();
        CompletableFuture<ByteString> f = new CompletableFuture<>();
        pendingAll = f;
        serve();
        return f;
    }

    private void checkIdle() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("read the pipes of a Subprocess on its loop (" + loop.name() + ")");
        }
        if (pendingChunk != null || pendingAll != null) {
            throw new IllegalStateException("a read of this pipe is already pending; wait for its future first");
        }
    }

    /** Completes on the loop when the pipe reached its end (or failed). */
    CompletableFuture<Void> eofFuture() {
        return eof;
    }
}
